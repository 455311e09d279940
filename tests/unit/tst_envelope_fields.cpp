#include "receive/envelope_fields.h"

#include <QTest>

using namespace hookscope;

class TestEnvelopeFields : public QObject
{
    Q_OBJECT

private slots:
    void scan_data();
    void scan();
    void eventTypeFromHeaders_data();
    void eventTypeFromHeaders();
};

void TestEnvelopeFields::eventTypeFromHeaders_data()
{
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QString>("expected");
    QTest::newRow("github") << HeaderList{{"X-GitHub-Event", "push"}} << QStringLiteral("push");
    QTest::newRow("shopify, any case")
        << HeaderList{{"content-type", "application/json"}, {"x-shopify-topic", "orders/create"}}
        << QStringLiteral("orders/create");
    QTest::newRow("bitbucket") << HeaderList{{"X-Event-Key", "repo:push"}}
                               << QStringLiteral("repo:push");
    QTest::newRow("empty value") << HeaderList{{"X-GitHub-Event", ""}} << QString();
    QTest::newRow("none") << HeaderList{{"X-Other", "push"}} << QString();
}

void TestEnvelopeFields::eventTypeFromHeaders()
{
    QFETCH(HeaderList, headers);
    QFETCH(QString, expected);
    QCOMPARE(EnvelopeFields::eventTypeFromHeaders(headers), expected);
}

void TestEnvelopeFields::scan_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("sessionId");
    QTest::addColumn<QByteArray>("eventType");
    QTest::newRow("seed 002 chat message") << QByteArray(R"({"message": "hi", "sessionId": "abc"})")
                                           << QByteArray("abc") << QByteArray();
    QTest::newRow("seed 001 envelope type")
        << QByteArray(R"({"id":"evt_1","type":"user.created","data":{"type":"nested"}})")
        << QByteArray() << QByteArray("user.created");
    QTest::newRow("seed 000 eventType")
        << QByteArray(R"({"eventType":"item.create","data":{"id":1}})") << QByteArray()
        << QByteArray("item.create");
    QTest::newRow("seed 003 event") << QByteArray(R"( {"event":"user.updated"} )") << QByteArray()
                                    << QByteArray("user.updated");
    QTest::newRow("type wins over event")
        << QByteArray(R"({"event":"b","type":"a"})") << QByteArray() << QByteArray("a");
    QTest::newRow("nested keys are not top level")
        << QByteArray(R"({"data":{"sessionId":"x","type":"y"},"list":[{"type":"z"}]})")
        << QByteArray() << QByteArray();
    QTest::newRow("strings with brackets and escapes")
        << QByteArray(R"({"note":"}{][\",","type":"a\"b","sessionId":"caf\u00e9"})")
        << QByteArray("caf\xc3\xa9") << QByteArray("a\"b");
    QTest::newRow("non-string type ignored")
        << QByteArray(R"({"type":3,"event":"e"})") << QByteArray() << QByteArray("e");
    QTest::newRow("array body") << QByteArray(R"([{"type":"a"}])") << QByteArray() << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"type":"a","data":{)") << QByteArray()
                               << QByteArray();
    QTest::newRow("trailing garbage")
        << QByteArray(R"({"type":"a"} x)") << QByteArray() << QByteArray();
    QTest::newRow("not json") << QByteArray("type=a&sessionId=b") << QByteArray() << QByteArray();
    QTest::newRow("empty object") << QByteArray("{}") << QByteArray() << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray();
}

void TestEnvelopeFields::scan()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, sessionId);
    QFETCH(QByteArray, eventType);
    const EnvelopeFields fields = EnvelopeFields::scan(body);
    QCOMPARE(fields.sessionId, QString::fromUtf8(sessionId));
    QCOMPARE(fields.eventType, QString::fromUtf8(eventType));
}

QTEST_GUILESS_MAIN(TestEnvelopeFields)
#include "tst_envelope_fields.moc"
