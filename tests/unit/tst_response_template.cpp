#include "receive/response_template.h"

#include <QTest>

using namespace hookscope;

class TestResponseTemplate : public QObject
{
    Q_OBJECT

private slots:
    void render_data();
    void render();
    void validate_data();
    void validate();
};

void TestResponseTemplate::render_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("json");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("no placeholders") << QByteArray("plain") << false << QByteArray("plain");
    QTest::newRow("request id") << QByteArray(R"({"id":"{{request.id}}"})") << true
                                << QByteArray(R"({"id":"42"})");
    QTest::newRow("spaces inside braces")
        << QByteArray("{{ request.id }}") << false << QByteArray("42");
    QTest::newRow("now.ms is a number")
        << QByteArray(R"({"t":{{now.ms}}})") << true << QByteArray(R"({"t":1700000000123})");
    QTest::newRow("now.s") << QByteArray("{{now.s}}") << false << QByteArray("1700000000");
    QTest::newRow("now.iso") << QByteArray("{{now.iso}}") << false
                             << QByteArray("2023-11-14T22:13:20.123Z");
    QTest::newRow("header, any case")
        << QByteArray("{{header.x-trace}}") << false << QByteArray("abc");
    QTest::newRow("missing header is empty")
        << QByteArray("[{{header.nope}}]") << false << QByteArray("[]");
    QTest::newRow("body string (seed 000 action)")
        << QByteArray(R"({"action":"{{body.eventType}}","itemId":"{{body.data.id}}"})") << true
        << QByteArray(R"({"action":"item.create","itemId":"item-123"})");
    QTest::newRow("body array index")
        << QByteArray("{{body.data.tags.1}}") << false << QByteArray("b");
    QTest::newRow("body number raw")
        << QByteArray(R"({"n":{{body.data.count}}})") << true << QByteArray(R"({"n":3})");
    QTest::newRow("body object raw")
        << QByteArray(R"({"d":{{body.data.meta}}})") << true << QByteArray(R"({"d":{"k":true}})");
    QTest::newRow("json escaping of text") << QByteArray(R"({"q":"{{header.quote}}"})") << true
                                           << QByteArray(R"({"q":"say \"hi\"\\"})");
    QTest::newRow("no escaping outside json")
        << QByteArray("{{header.quote}}") << false << QByteArray(R"(say "hi"\)");
    QTest::newRow("missing body path is empty")
        << QByteArray("<{{body.nope.deeper}}>") << false << QByteArray("<>");
    QTest::newRow("unclosed stays")
        << QByteArray("a {{request.id") << false << QByteArray("a {{request.id");
}

void TestResponseTemplate::render()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, json);
    QFETCH(QByteArray, expected);
    StoredRequest r;
    r.id = 42;
    r.method = "POST";
    r.headers = {{"X-Trace", "abc"}, {"Quote", R"(say "hi"\)"}};
    r.body =
        R"({"eventType":"item.create","data":{"id":"item-123","count":3,"tags":["a","b"],"meta":{"k":true}}})";
    QCOMPARE(ResponseTemplate::render(text, r, 1700000000123, json), expected);
}

void TestResponseTemplate::validate_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QByteArray("{}") << true;
    QTest::newRow("all known") << QByteArray(
                                      "{{request.id}}{{uuid}}{{now.ms}}{{header.a}}{{body.x.y}}")
                               << true;
    QTest::newRow("unknown root") << QByteArray("{{requestid}}") << false;
    QTest::newRow("empty header name") << QByteArray("{{header.}}") << false;
    QTest::newRow("unclosed") << QByteArray("{{request.id") << false;
}

void TestResponseTemplate::validate()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(ResponseTemplate::validate(text).isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestResponseTemplate)
#include "tst_response_template.moc"
