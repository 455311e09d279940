#include "inspect/json_document.h"

#include <QRandomGenerator>
#include <QTest>

using namespace hookscope;

class TestJsonDocument : public QObject
{
    Q_OBJECT

private slots:
    void prettyPrint_data();
    void prettyPrint();
    void invalid_data();
    void invalid();
    void treeKeepsOrderAndText();
    void decodesStrings();
    void paths();
    void byteRanges();
    void deepNesting();
    void mutatedInputs();
};

void TestJsonDocument::prettyPrint_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("keys keep their order")
        << QByteArray(R"({"z":1,"a":2,"m":3})")
        << QByteArray("{\n  \"z\": 1,\n  \"a\": 2,\n  \"m\": 3\n}");
    QTest::newRow("numbers as written")
        << QByteArray(R"([1.10,-0,1e400,12345678901234567890,2E-3])")
        << QByteArray("[\n  1.10,\n  -0,\n  1e400,\n  12345678901234567890,\n  2E-3\n]");
    QTest::newRow("escapes kept") << QByteArray(R"({"s":"caf\u00e9 \"q\" \/ \n"})")
                                  << QByteArray("{\n  \"s\": \"caf\\u00e9 \\\"q\\\" \\/ \\n\"\n}");
    QTest::newRow("nested and empty")
        << QByteArray(" {\"a\" : { } ,\"b\":[ ],\"c\":[{\"d\":null,\"e\":true}],\"f\":false}\r\n")
        << QByteArray("{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    {\n      \"d\": null,\n"
                      "      \"e\": true\n    }\n  ],\n  \"f\": false\n}");
    QTest::newRow("scalar root") << QByteArray(" \"x\" ") << QByteArray("\"x\"");
    QTest::newRow("utf-8 bom") << QByteArray("\xEF\xBB\xBF[1]") << QByteArray("[\n  1\n]");
    QTest::newRow("raw utf-8 in strings") << QByteArray("{\"k\\u00e9\":\"\xE2\x82\xAC\"}")
                                          << QByteArray("{\n  \"k\\u00e9\": \"\xE2\x82\xAC\"\n}");
}

void TestJsonDocument::prettyPrint()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QByteArray out;
    QVERIFY(JsonDocument::prettyPrint(input, &out));
    QCOMPARE(out, expected);
    // Idempotent, and the tree agrees that it is valid.
    QByteArray again;
    QVERIFY(JsonDocument::prettyPrint(out, &again));
    QCOMPARE(again, expected);
    QVERIFY(JsonDocument::parse(input).isValid());
}

void TestJsonDocument::invalid_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace") << QByteArray("  \n");
    QTest::newRow("truncated object") << QByteArray(R"({"a":1)");
    QTest::newRow("truncated string") << QByteArray(R"({"a":"x)");
    QTest::newRow("trailing comma") << QByteArray("[1,]");
    QTest::newRow("trailing comma object") << QByteArray(R"({"a":1,})");
    QTest::newRow("two values") << QByteArray("{} {}");
    QTest::newRow("single quotes") << QByteArray("{'a':1}");
    QTest::newRow("unquoted key") << QByteArray("{a:1}");
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("leading zero") << QByteArray("[01]");
    QTest::newRow("bare dot") << QByteArray("[1.]");
    QTest::newRow("bad exponent") << QByteArray("[1e]");
    QTest::newRow("plus sign") << QByteArray("[+1]");
    QTest::newRow("NaN") << QByteArray("[NaN]");
    QTest::newRow("bad literal") << QByteArray("[tru]");
    QTest::newRow("bad escape") << QByteArray(R"(["\x41"])");
    QTest::newRow("short unicode escape") << QByteArray(R"(["\u12"])");
    QTest::newRow("raw control char") << QByteArray("[\"a\tb\"]");
    QTest::newRow("form body") << QByteArray("a=1&b=2");
    QTest::newRow("nul byte") << QByteArray("[1]\0", 4);
    QTest::newRow("lone bracket") << QByteArray("]");
}

void TestJsonDocument::invalid()
{
    QFETCH(QByteArray, input);
    QByteArray out = "untouched";
    QVERIFY(!JsonDocument::prettyPrint(input, &out));
    QCOMPARE(out, QByteArray("untouched"));
    const JsonDocument doc = JsonDocument::parse(input);
    QVERIFY(!doc.isValid());
    QVERIFY(!doc.errorString().isEmpty());
    QVERIFY(doc.errorOffset() >= 0);
    QVERIFY(doc.nodes().isEmpty());
}

void TestJsonDocument::treeKeepsOrderAndText()
{
    const JsonDocument doc =
        JsonDocument::parse(R"({"zeta":1.50,"alpha":[true,null,"s"],"mid":{"x":-2e+3}})");
    QVERIFY(doc.isValid());
    const int rootIndex = doc.root();
    const JsonNode &root = doc.node(rootIndex);
    QCOMPARE(root.type, JsonNode::Type::Object);
    QCOMPARE(root.childCount, 3);
    QCOMPARE(doc.key(doc.child(rootIndex, 0)), QStringLiteral("zeta"));
    QCOMPARE(doc.value(doc.child(rootIndex, 0)), QStringLiteral("1.50"));
    QCOMPARE(doc.node(doc.child(rootIndex, 0)).type, JsonNode::Type::Number);
    QCOMPARE(doc.key(doc.child(rootIndex, 1)), QStringLiteral("alpha"));
    const int alphaIndex = doc.child(rootIndex, 1);
    const JsonNode &alpha = doc.node(alphaIndex);
    QCOMPARE(alpha.type, JsonNode::Type::Array);
    QCOMPARE(alpha.childCount, 3);
    QCOMPARE(doc.node(doc.child(alphaIndex, 0)).type, JsonNode::Type::Bool);
    QCOMPARE(doc.value(doc.child(alphaIndex, 0)), QStringLiteral("true"));
    QCOMPARE(doc.node(doc.child(alphaIndex, 1)).type, JsonNode::Type::Null);
    QCOMPARE(doc.value(doc.child(alphaIndex, 2)), QStringLiteral("s"));
    QCOMPARE(doc.node(doc.child(alphaIndex, 2)).row, 2);
    QCOMPARE(doc.node(doc.child(alphaIndex, 2)).parent, doc.child(rootIndex, 1));
    const int midIndex = doc.child(rootIndex, 2);
    QCOMPARE(doc.value(doc.child(midIndex, 0)), QStringLiteral("-2e+3"));
    QCOMPARE(doc.value(midIndex), QString()); // containers have no scalar value
    QCOMPARE(doc.sourceOf(midIndex), QByteArrayView(R"({"x":-2e+3})"));
    QCOMPARE(doc.key(rootIndex), QString());
    QCOMPARE(doc.key(doc.child(alphaIndex, 0)), QString()); // array elements have no name

    const JsonDocument escaped = JsonDocument::parse(R"({"a\u0062\"c":{"":[]}})");
    QVERIFY(escaped.isValid());
    QCOMPARE(escaped.key(1), QStringLiteral("ab\"c"));
    QCOMPARE(escaped.key(2), QString());
    QCOMPARE(escaped.node(2).keyBegin >= 0, true); // an empty name is still a name
    QCOMPARE(escaped.path(2), QStringLiteral("[\"ab\\\"c\"][\"\"]"));
}

void TestJsonDocument::decodesStrings()
{
    const JsonDocument doc = JsonDocument::parse(
        R"(["caf\u00e9","\ud83d\ude00","\ud800x","a\"b\\c\/\b\f\n\r\t","\u0000"])");
    QVERIFY(doc.isValid());
    const int rootIndex = 0;
    QCOMPARE(doc.value(doc.child(rootIndex, 0)), QStringLiteral("caf\u00e9"));
    QCOMPARE(doc.value(doc.child(rootIndex, 1)), QString::fromUtf8("\xF0\x9F\x98\x80"));
    QCOMPARE(doc.value(doc.child(rootIndex, 2)), QStringLiteral("\uFFFDx"));
    QCOMPARE(doc.value(doc.child(rootIndex, 3)), QStringLiteral("a\"b\\c/\b\f\n\r\t"));
    QCOMPARE(doc.value(doc.child(rootIndex, 4)), QString(QChar(0)));
}

void TestJsonDocument::paths()
{
    const JsonDocument doc = JsonDocument::parse(
        R"({"data":{"items":[{"id":7},{"id":8}]},"odd key":{"a\"b":1},"9x":[[0]]})");
    QVERIFY(doc.isValid());
    QStringList paths;
    for (int i = 0; i < doc.nodes().size(); ++i)
        paths << doc.path(i);
    QCOMPARE(paths,
             (QStringList{QString(), QStringLiteral("data"), QStringLiteral("data.items"),
                          QStringLiteral("data.items[0]"), QStringLiteral("data.items[0].id"),
                          QStringLiteral("data.items[1]"), QStringLiteral("data.items[1].id"),
                          QStringLiteral("[\"odd key\"]"),
                          QStringLiteral("[\"odd key\"][\"a\\\"b\"]"), QStringLiteral("[\"9x\"]"),
                          QStringLiteral("[\"9x\"][0]"), QStringLiteral("[\"9x\"][0][0]")}));
    const JsonDocument array = JsonDocument::parse("[{\"id\":1}]");
    QCOMPARE(array.path(2), QStringLiteral("[0].id"));
}

void TestJsonDocument::byteRanges()
{
    const QByteArray text = R"( {"a": [1, {"b": "x"}], "c": 10 } )";
    const JsonDocument doc = JsonDocument::parse(text);
    QVERIFY(doc.isValid());
    const auto slice = [&](int i) {
        return text.mid(doc.node(i).begin, doc.node(i).end - doc.node(i).begin);
    };
    QCOMPARE(slice(0), QByteArray(R"({"a": [1, {"b": "x"}], "c": 10 })"));
    QCOMPARE(slice(1), QByteArray(R"([1, {"b": "x"}])"));
    QCOMPARE(slice(2), QByteArray("1"));
    QCOMPARE(slice(4), QByteArray(R"("x")"));
    QCOMPARE(slice(5), QByteArray("10"));
}

void TestJsonDocument::deepNesting()
{
    const int ok = JsonDocument::MaxDepth;
    const QByteArray fine = QByteArray(ok, '[') + QByteArray(ok, ']');
    QVERIFY(JsonDocument::parse(fine).isValid());
    // Far deeper than any stack would take by recursion: refused, not crashed.
    const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
    QVERIFY(!JsonDocument::parse(deep).isValid());
    QByteArray out;
    QVERIFY(!JsonDocument::prettyPrint(deep, &out));
}

void TestJsonDocument::mutatedInputs()
{
    // Random byte edits of a valid document: parse and pretty print agree on validity, every
    // node's range lies inside the input, and nothing reads out of bounds (run under ASan).
    const QByteArray seed =
        R"({"id":"evt_1","n":-1.5e3,"list":[true,false,null,{"k":"v\u00e9\n"}],"e":{}})";
    QRandomGenerator rng(7);
    for (int round = 0; round < 20000; ++round) {
        QByteArray text = seed;
        const int edits = 1 + int(rng.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = qsizetype(rng.bounded(quint32(text.size() + 1)));
            switch (rng.bounded(3)) {
            case 0:
                text.insert(at, char(rng.bounded(256)));
                break;
            case 1:
                if (at < text.size())
                    text.remove(at, 1);
                break;
            default:
                if (at < text.size())
                    text[at] = char(rng.bounded(256));
            }
        }
        if (rng.bounded(10) == 0)
            text.truncate(qsizetype(rng.bounded(quint32(text.size() + 1))));
        const JsonDocument doc = JsonDocument::parse(text);
        QByteArray pretty;
        QCOMPARE(JsonDocument::prettyPrint(text, &pretty), doc.isValid());
        for (int i = 0; i < doc.nodes().size(); ++i) {
            const JsonNode &node = doc.node(i);
            QVERIFY(node.begin >= 0 && node.begin <= node.end && node.end <= text.size());
            doc.key(i);
            doc.value(i);
            doc.path(i);
        }
        if (doc.isValid())
            QVERIFY(JsonDocument::parse(pretty).isValid());
    }
}

QTEST_GUILESS_MAIN(TestJsonDocument)
#include "tst_json_document.moc"
