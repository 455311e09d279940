// ExportValue, ValuePath and Flattener: how records become spreadsheet cells.
#include "export/export_value.h"
#include "export/flattener.h"
#include "export/value_path.h"

#include <QTest>

using namespace hookscope;

namespace {

ExportValue parsed(const QByteArray &json)
{
    ExportValue v;
    if (!ExportValue::parse(json, &v))
        qFatal("bad test JSON");
    return v;
}

// "column=text" per cell, joined with " | ", so a mismatch reads as a row.
QString cells(const FlatRow &row)
{
    QStringList parts;
    for (const FlatCell &c : row)
        parts.append(QString::fromUtf8(c.column + '=' + c.text));
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestExportFlattener : public QObject
{
    Q_OBJECT

private slots:
    void flatten_data();
    void flatten();
    void nullAndMissingAreEmptyButDistinctColumns();
    void typesAreKept();
    void separatorIsChosen();
    void unicodeKeysAndValues();
    void jsonRoundTripKeepsOrderAndNumbers();
    void paths_data();
    void paths();
    void badPaths_data();
    void badPaths();
    void explode();
    void explodeWithoutArrayKeepsTheRecord();
};

void TestExportFlattener::flatten_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("flat") << QByteArray(R"({"id":"u1","n":5})") << QStringLiteral("id=u1 | n=5");
    QTest::newRow("nested objects become dotted columns")
        << QByteArray(R"({"optIns":{"whatsapp":true,"sms":{"on":false}}})")
        << QStringLiteral("optIns.whatsapp=true | optIns.sms.on=false");
    QTest::newRow("arrays of scalars are joined")
        << QByteArray(R"({"n":[1,"two",true,null,2.50]})") << QStringLiteral("n=1;two;true;;2.50");
    QTest::newRow("arrays of objects are indexed")
        << QByteArray(R"({"tags":[{"name":"vip"},{"name":"new","at":1}]})")
        << QStringLiteral("tags.0.name=vip | tags.1.name=new | tags.1.at=1");
    QTest::newRow("mixed arrays are indexed")
        << QByteArray(R"({"a":[1,{"b":2}]})") << QStringLiteral("a.0=1 | a.1.b=2");
    QTest::newRow("nested arrays")
        << QByteArray(R"({"m":[[1,2],[3]]})") << QStringLiteral("m.0=1;2 | m.1=3");
    QTest::newRow("empty containers are one empty cell")
        << QByteArray(R"({"o":{},"a":[],"x":1})") << QStringLiteral("o= | a= | x=1");
    QTest::newRow("a scalar record")
        << QByteArray(R"("just text")") << QStringLiteral("value=just text");
    QTest::newRow("strings with escapes are decoded")
        << QByteArray(R"({"s":"a\"b\\c\nd\u00e9"})") << QStringLiteral("s=a\"b\\c\nd\u00e9");
}

void TestExportFlattener::flatten()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QCOMPARE(cells(Flattener().flatten(parsed(json))), expected);
}

void TestExportFlattener::nullAndMissingAreEmptyButDistinctColumns()
{
    // null is present (its column exists, the cell is empty); a missing key has no column.
    const FlatRow withNull = Flattener().flatten(parsed(R"({"a":null,"b":1})"));
    QCOMPARE(withNull.size(), 2);
    QCOMPARE(withNull.at(0).column, QByteArray("a"));
    QVERIFY(withNull.at(0).text.isEmpty());
    QCOMPARE(withNull.at(0).type, ExportValue::Type::Null);
    const FlatRow missing = Flattener().flatten(parsed(R"({"b":1})"));
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing.at(0).column, QByteArray("b"));
}

void TestExportFlattener::typesAreKept()
{
    const FlatRow row = Flattener().flatten(parsed(R"({"s":"1","n":1,"b":false,"z":null})"));
    QCOMPARE(row.at(0).type, ExportValue::Type::String);
    QCOMPARE(row.at(1).type, ExportValue::Type::Number);
    QCOMPARE(row.at(2).type, ExportValue::Type::Bool);
    QCOMPARE(row.at(2).text, QByteArray("false"));
    QCOMPARE(row.at(3).type, ExportValue::Type::Null);
}

void TestExportFlattener::separatorIsChosen()
{
    QCOMPARE(cells(Flattener(" | ").flatten(parsed(R"({"t":["a","b"]})"))),
             QStringLiteral("t=a | b"));
}

void TestExportFlattener::unicodeKeysAndValues()
{
    const FlatRow row = Flattener().flatten(
        parsed(R"({"名前":{"ville":"Zürich 🏔"},"emoji":"\ud83d\ude00"})"));
    QCOMPARE(row.at(0).column, QByteArray("名前.ville"));
    QCOMPARE(row.at(0).text, QByteArray("Zürich 🏔"));
    QCOMPARE(row.at(1).text, QByteArray("😀"));
}

void TestExportFlattener::jsonRoundTripKeepsOrderAndNumbers()
{
    const QByteArray json = R"({"z":1,"a":[1.50,12345678901234567890,-0,1e3],"s":"é\n\u0001"})";
    QCOMPARE(parsed(json).toJson(),
             QByteArray(R"({"z":1,"a":[1.50,12345678901234567890,-0,1e3],"s":"é\n\u0001"})"));
}

void TestExportFlattener::paths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("found");
    QTest::newRow("root") << QStringLiteral("$") << QStringList{QStringLiteral("<object>")};
    QTest::newRow("member") << QStringLiteral("data.user.id") << QStringList{QStringLiteral("u1")};
    QTest::newRow("$. prefix") << QStringLiteral("$.data.user.id")
                               << QStringList{QStringLiteral("u1")};
    QTest::newRow("index") << QStringLiteral("data.user.tags.1.name")
                           << QStringList{QStringLiteral("new")};
    QTest::newRow("every element") << QStringLiteral("data.user.tags[].name")
                                   << QStringList{QStringLiteral("vip"), QStringLiteral("new")};
    QTest::newRow("missing") << QStringLiteral("data.nobody") << QStringList();
    QTest::newRow("index out of range") << QStringLiteral("data.user.tags.9.name") << QStringList();
    QTest::newRow("[] on a non-array") << QStringLiteral("data.user[].id") << QStringList();
}

void TestExportFlattener::paths()
{
    QFETCH(QString, path);
    QFETCH(QStringList, found);
    const ExportValue v =
        parsed(R"({"data":{"user":{"id":"u1","tags":[{"name":"vip"},{"name":"new"}]}}})");
    ValuePath p;
    QString error;
    QVERIFY2(ValuePath::parse(path, &p, &error), qPrintable(error));
    QStringList got;
    p.resolve(v, [&](const ExportValue &value) {
        got.append(value.isContainer() ? QStringLiteral("<object>")
                                       : QString::fromUtf8(value.text));
    });
    QCOMPARE(got, found);
}

void TestExportFlattener::badPaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("empty segment") << QStringLiteral("data..user");
    QTest::newRow("trailing dot") << QStringLiteral("data.");
    QTest::newRow("bracket inside") << QStringLiteral("tags[0].name");
    QTest::newRow("[] alone") << QStringLiteral("[]");
}

void TestExportFlattener::badPaths()
{
    QFETCH(QString, path);
    ValuePath p;
    QString error;
    QVERIFY(!ValuePath::parse(path, &p, &error));
    QVERIFY(error.contains(path));
}

void TestExportFlattener::explode()
{
    const ExportValue v =
        parsed(R"({"id":"u1","tags":[{"name":"vip","at":1},{"name":"new"}],"x":true})");
    ValuePath tags;
    QString error;
    QVERIFY(ValuePath::parse(QStringLiteral("tags"), &tags, &error));
    const QList<ExportValue> rows = Flattener::explode(v, tags);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(cells(Flattener().flatten(rows.at(0))),
             QStringLiteral("id=u1 | tags.name=vip | tags.at=1 | x=true"));
    QCOMPARE(cells(Flattener().flatten(rows.at(1))),
             QStringLiteral("id=u1 | tags.name=new | x=true"));
}

void TestExportFlattener::explodeWithoutArrayKeepsTheRecord()
{
    ValuePath tags;
    QString error;
    QVERIFY(ValuePath::parse(QStringLiteral("tags"), &tags, &error));
    for (const QByteArray &json : {QByteArray(R"({"id":1})"), QByteArray(R"({"id":1,"tags":[]})"),
                                   QByteArray(R"({"id":1,"tags":"x"})")}) {
        const QList<ExportValue> rows = Flattener::explode(parsed(json), tags);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toJson(), parsed(json).toJson());
    }
}

QTEST_GUILESS_MAIN(TestExportFlattener)
#include "tst_export_flattener.moc"
