// The export writers against strict readers: CSV read back by Python's csv module (strict
// mode), the formula guard, and HAR 1.2's required fields and types.
#include "export/csv_writer.h"
#include "export/har_writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

namespace {

// Python's csv module reads the file (strict: a malformed quote is an error) and prints the
// rows as JSON.
QJsonArray readBackWithPython(const QByteArray &csv, char delimiter, bool bom)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        qFatal("cannot write the CSV");
    file.close();
    const QString script =
        QStringLiteral("import csv, json, sys\n"
                       "with open(sys.argv[1], newline='', encoding=sys.argv[3]) as f:\n"
                       "    rows = list(csv.reader(f, delimiter=sys.argv[2], strict=True))\n"
                       "print(json.dumps(rows))\n");
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"), script, path, QString(QLatin1Char(delimiter)),
                  bom ? QStringLiteral("utf-8-sig") : QStringLiteral("utf-8")});
    if (!python.waitForFinished(30000) || python.exitCode() != 0)
        qFatal("python3 failed: %s", python.readAllStandardError().constData());
    return QJsonDocument::fromJson(python.readAllStandardOutput()).array();
}

FlatCell cell(const QByteArray &text, ExportValue::Type type = ExportValue::Type::String)
{
    return FlatCell{QByteArray(), text, type};
}

} // namespace

class TestExportWriters : public QObject
{
    Q_OBJECT

private slots:
    void csvReadsBackExactly_data();
    void csvReadsBackExactly();
    void csvLayout();
    void formulaGuard_data();
    void formulaGuard();
    void formulaGuardOff();
    void harHasTheRequiredFields();
    void harBinaryBodyIsBase64();
};

void TestExportWriters::csvReadsBackExactly_data()
{
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<bool>("bom");
    QTest::newRow("comma") << ',' << false;
    QTest::newRow("semicolon with BOM") << ';' << true;
    QTest::newRow("tab") << '\t' << false;
}

void TestExportWriters::csvReadsBackExactly()
{
    QFETCH(char, delimiter);
    QFETCH(bool, bom);
    const QList<QByteArray> texts = {
        "plain",
        "with,comma",
        "with;semicolon",
        "with\ttab",
        "with \"quotes\"",
        "\"",
        "line one\nline two",
        "crlf\r\nend",
        "lone\rcr",
        "",
        " leading and trailing spaces ",
        "Zürich 名前 😀",
        "{\"json\":[1,2]}",
        "trailing quote\"",
    };
    const CsvWriter writer(CsvWriter::Options{delimiter, bom, false});
    QByteArray csv;
    QList<QByteArray> header;
    for (qsizetype i = 0; i < texts.size(); ++i)
        header.append("col" + QByteArray::number(i));
    writer.begin(header, &csv);
    QList<FlatCell> storage;
    for (const QByteArray &t : texts)
        storage.append(cell(t));
    QList<const FlatCell *> row;
    for (const FlatCell &c : std::as_const(storage))
        row.append(&c);
    writer.row(row, &csv);
    // A missing cell is empty.
    QList<const FlatCell *> sparse(texts.size(), nullptr);
    sparse[1] = &storage.at(6);
    writer.row(sparse, &csv);

    const QJsonArray rows = readBackWithPython(csv, delimiter, bom);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).toArray().size(), texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i) {
        QCOMPARE(rows.at(1).toArray().at(i).toString().toUtf8(), texts.at(i));
        QCOMPARE(rows.at(2).toArray().at(i).toString().toUtf8(),
                 i == 1 ? texts.at(6) : QByteArray());
    }
    QCOMPARE(csv.startsWith("\xEF\xBB\xBF"), bom);
}

void TestExportWriters::csvLayout()
{
    // RFC 4180: CRLF after every record, quotes only where needed, quotes doubled.
    const CsvWriter writer(CsvWriter::Options{});
    QByteArray csv;
    writer.begin({"a", "b"}, &csv);
    const FlatCell x = cell("x\"y");
    const FlatCell n = cell("12", ExportValue::Type::Number);
    writer.row({&x, &n}, &csv);
    QCOMPARE(csv, QByteArray("a,b\r\n\"x\"\"y\",12\r\n"));
}

void TestExportWriters::formulaGuard_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("expected");
    const int string = int(ExportValue::Type::String);
    const int number = int(ExportValue::Type::Number);
    QTest::newRow("=") << QByteArray("=HYPERLINK(\"http://x\")") << string
                       << QByteArray("'=HYPERLINK(\"http://x\")");
    QTest::newRow("+") << QByteArray("+1+2") << string << QByteArray("'+1+2");
    QTest::newRow("-") << QByteArray("-2+3") << string << QByteArray("'-2+3");
    QTest::newRow("@") << QByteArray("@SUM(A1)") << string << QByteArray("'@SUM(A1)");
    QTest::newRow("tab") << QByteArray("\t=1") << string << QByteArray("'\t=1");
    QTest::newRow("cr") << QByteArray("\r=1") << string << QByteArray("'\r=1");
    QTest::newRow("inside is fine") << QByteArray("a=b") << string << QByteArray("a=b");
    QTest::newRow("negative number is a value") << QByteArray("-5") << number << QByteArray("-5");
    QTest::newRow("e-mail") << QByteArray("ann@example.com") << string
                            << QByteArray("ann@example.com");
}

void TestExportWriters::formulaGuard()
{
    QFETCH(QByteArray, text);
    QFETCH(int, type);
    QFETCH(QByteArray, expected);
    const CsvWriter writer(CsvWriter::Options{});
    QByteArray csv;
    writer.begin({"v"}, &csv);
    const FlatCell c = cell(text, ExportValue::Type(type));
    writer.row({&c}, &csv);
    const QJsonArray rows = readBackWithPython(csv, ',', false);
    QCOMPARE(rows.at(1).toArray().at(0).toString().toUtf8(), expected);
}

void TestExportWriters::formulaGuardOff()
{
    const CsvWriter writer(CsvWriter::Options{',', false, false});
    QByteArray csv;
    writer.begin({"=header"}, &csv);
    const FlatCell c = cell("=1+1");
    writer.row({&c}, &csv);
    QCOMPARE(csv, QByteArray("=header\r\n=1+1\r\n"));
    // On by default, also for header names (they come from JSON keys).
    QByteArray guarded;
    CsvWriter(CsvWriter::Options{}).begin({"=header"}, &guarded);
    QCOMPARE(guarded, QByteArray("'=header\r\n"));
}

void TestExportWriters::harHasTheRequiredFields()
{
    StoredRequest r;
    r.id = 7;
    r.receivedUs = 1700000000123456;
    r.method = "POST";
    r.path = "/hooks/stripe";
    r.query = "a=1&b=two%20words";
    r.headers = {{"Host", "127.0.0.1:8780"},
                 {"Content-Type", "application/json"},
                 {"X-Dup", "1"},
                 {"X-Dup", "2"}};
    r.body = R"({"type":"invoice.paid","text":"é"})";
    r.bodySize = r.body.size();
    r.responseStatus = 200;
    r.responseBody = R"({"success":true,"id":"7"})";
    HarWriter writer;
    QByteArray out;
    writer.begin(&out);
    writer.entry(r, &out);
    r.method = "GET";
    r.body.clear();
    r.bodySize = 0;
    writer.entry(r, &out);
    writer.end(&out);

    QJsonParseError error;
    const QJsonObject log = QJsonDocument::fromJson(out, &error).object()[u"log"].toObject();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    // HAR 1.2: log {version, creator {name, version}, entries [...]}.
    QCOMPARE(log[u"version"].toString(), QStringLiteral("1.2"));
    QVERIFY(log[u"creator"].toObject()[u"name"].isString());
    QVERIFY(log[u"creator"].toObject()[u"version"].isString());
    const QJsonArray entries = log[u"entries"].toArray();
    QCOMPARE(entries.size(), 2);
    for (const QJsonValue &value : entries) {
        const QJsonObject e = value.toObject();
        QVERIFY(e[u"startedDateTime"].isString());
        QVERIFY(e[u"time"].isDouble());
        QVERIFY(e[u"cache"].isObject());
        const QJsonObject timings = e[u"timings"].toObject();
        for (const char16_t *k : {u"send", u"wait", u"receive"})
            QVERIFY(timings[k].isDouble());
        const QJsonObject req = e[u"request"].toObject();
        for (const char16_t *k : {u"method", u"url", u"httpVersion"})
            QVERIFY2(req[k].isString(), qPrintable(QString::fromUtf16(k)));
        for (const char16_t *k : {u"cookies", u"headers", u"queryString"})
            QVERIFY(req[k].isArray());
        for (const char16_t *k : {u"headersSize", u"bodySize"})
            QVERIFY(req[k].isDouble());
        const QJsonObject res = e[u"response"].toObject();
        QVERIFY(res[u"status"].isDouble());
        for (const char16_t *k : {u"statusText", u"httpVersion", u"redirectURL"})
            QVERIFY(res[k].isString());
        for (const char16_t *k : {u"cookies", u"headers"})
            QVERIFY(res[k].isArray());
        QVERIFY(res[u"content"].toObject()[u"size"].isDouble());
        QVERIFY(res[u"content"].toObject()[u"mimeType"].isString());
    }
    const QJsonObject first = entries.at(0).toObject();
    QCOMPARE(first[u"startedDateTime"].toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
    const QJsonObject req = first[u"request"].toObject();
    QCOMPARE(req[u"url"].toString(),
             QStringLiteral("http://127.0.0.1:8780/hooks/stripe?a=1&b=two%20words"));
    QCOMPARE(req[u"httpVersion"].toString(), QStringLiteral("HTTP/1.1"));
    // Headers in received order, duplicates kept.
    const QJsonArray headers = req[u"headers"].toArray();
    QCOMPARE(headers.size(), 4);
    QCOMPARE(headers.at(3).toObject()[u"name"].toString(), QStringLiteral("X-Dup"));
    QCOMPARE(headers.at(3).toObject()[u"value"].toString(), QStringLiteral("2"));
    const QJsonArray query = req[u"queryString"].toArray();
    QCOMPARE(query.size(), 2);
    QCOMPARE(query.at(1).toObject()[u"value"].toString(), QStringLiteral("two words"));
    QCOMPARE(req[u"postData"].toObject()[u"mimeType"].toString(),
             QStringLiteral("application/json"));
    QCOMPARE(req[u"postData"].toObject()[u"text"].toString().toUtf8(),
             QByteArray(R"({"type":"invoice.paid","text":"é"})"));
    QCOMPARE(first[u"response"].toObject()[u"content"].toObject()[u"text"].toString(),
             QStringLiteral(R"({"success":true,"id":"7"})"));
    // A request without a body has no postData (HAR: optional).
    QVERIFY(!entries.at(1).toObject()[u"request"].toObject().contains(u"postData"));
}

void TestExportWriters::harBinaryBodyIsBase64()
{
    StoredRequest r;
    r.method = "POST";
    r.path = "/bin";
    r.body = QByteArray("\x00\xff\xfe binary", 10);
    r.bodySize = r.body.size();
    r.responseStatus = 200;
    HarWriter writer;
    QByteArray out;
    writer.begin(&out);
    writer.entry(r, &out);
    writer.end(&out);
    const QJsonObject post = QJsonDocument::fromJson(out)
                                 .object()[u"log"]
                                 .toObject()[u"entries"]
                                 .toArray()
                                 .at(0)
                                 .toObject()[u"request"]
                                 .toObject()[u"postData"]
                                 .toObject();
    QCOMPARE(QByteArray::fromBase64(post[u"text"].toString().toLatin1()), r.body);
    QCOMPARE(post[u"comment"].toString(), QStringLiteral("text is base64"));
}

QTEST_GUILESS_MAIN(TestExportWriters)
#include "tst_export_writers.moc"
