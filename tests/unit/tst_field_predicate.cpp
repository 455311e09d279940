// FieldPredicate: every --where operator, array paths, and the parse errors.
#include "export/export_value.h"
#include "export/field_predicate.h"

#include <QTest>

using namespace hookscope;

class TestFieldPredicate : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void parseErrors_data();
    void parseErrors();
};

namespace {

const QByteArray user = R"({
  "id": "u1", "age": 42, "score": "7", "name": "Ann Lee", "deleted": null,
  "createdAt": "2025-03-01T10:00:00.000Z",
  "optIns": {"whatsapp": true, "sms": false},
  "exportConsent": {"given": true},
  "tags": [{"name": "vip"}, {"name": "beta"}],
  "labels": ["red", "Green"],
  "customFields": {"favorite_drink": "Cappuccino"}
})";

} // namespace

void TestFieldPredicate::matches_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("expected");
    const auto row = [](const char *name, const char *expression, bool expected) {
        QTest::newRow(name) << QString::fromUtf8(expression) << expected;
    };
    row("= string", "id = u1", true);
    row("= string, other", "id = u2", false);
    row("== is =", "id == u1", true);
    row("= quoted with space", "name = \"Ann Lee\"", true);
    row("= single quoted", "name = 'Ann Lee'", true);
    row("= is case-sensitive", "name = 'ann lee'", false);
    row("= boolean", "exportConsent.given = true", true);
    row("= boolean false", "optIns.sms = false", true);
    row("= boolean, other", "optIns.whatsapp = false", false);
    row("= number", "age = 42", true);
    row("= number as 42.0", "age = 42.0", true);
    row("= number in a string", "score = 7", true);
    row("= null", "deleted = null", true);
    row("= missing is false", "nothing = x", false);
    row("!= string", "id != u2", true);
    row("!= same", "id != u1", false);
    row("!= missing is true", "nothing != x", true);
    row("< number", "age < 50", true);
    row("< number false", "age < 42", false);
    row("<= number", "age <= 42", true);
    row("> number", "age > 41.5", true);
    row(">= number", "age >= 43", false);
    row("> number in a string", "score > 6", true);
    row("> ISO time (seed createdAfter)", "createdAt > 2025-01-01", true);
    row("< ISO time (seed createdBefore)", "createdAt < 2025-01-01", false);
    row(">= ISO time with time", "createdAt >= 2025-03-01T10:00:00.000Z", true);
    row("< missing is false", "nothing < 5", false);
    row("contains, ignoring case", "name contains ann", true);
    row("contains, other", "name contains bob", false);
    row("contains on an array of scalars", "labels contains green", true);
    row("!contains", "name !contains bob", true);
    row("!contains, present", "name !contains lee", false);
    row("exists", "optIns.whatsapp exists", true);
    row("exists on null is false", "deleted exists", false);
    row("exists on missing", "nothing exists", false);
    row("!exists on missing", "nothing !exists", true);
    row("!exists on null", "deleted !exists", true);
    row("!exists on present", "id !exists", false);
    row("[] any element (seed hasTag)", "tags[].name = vip", true);
    row("[] second element", "tags[].name = beta", true);
    row("[] no element", "tags[].name = gold", false);
    row("[] != means none", "tags[].name != gold", true);
    row("[] != with a match", "tags[].name != vip", false);
    row("index path", "tags.1.name = beta", true);
    row("= on an array of scalars", "labels = red", true);
    row("nested (seed optedIn)", "optIns.whatsapp = true", true);
    row("custom field", "customFields.favorite_drink = Cappuccino", true);
    row("no spaces", "age>=42", true);
    row("value with operator characters", "name != a=b", true);
}

void TestFieldPredicate::matches()
{
    QFETCH(QString, expression);
    QFETCH(bool, expected);
    ExportValue record;
    QVERIFY(ExportValue::parse(user, &record));
    FieldPredicate p;
    QString error;
    QVERIFY2(FieldPredicate::parse(expression, &p, &error), qPrintable(error));
    QCOMPARE(p.matches(record), expected);
}

void TestFieldPredicate::parseErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << QStringLiteral("expected a field path");
    QTest::newRow("operator only")
        << QStringLiteral("= 5") << QStringLiteral("expected a field path");
    QTest::newRow("unknown operator")
        << QStringLiteral("age ~ 5") << QStringLiteral("expected an operator after \"age\"");
    QTest::newRow("no operator") << QStringLiteral("age") << QStringLiteral("expected an operator");
    QTest::newRow("no value") << QStringLiteral("age >=") << QStringLiteral("expected a value");
    QTest::newRow("value after exists")
        << QStringLiteral("age exists 5") << QStringLiteral("nothing may follow");
    QTest::newRow("unterminated quote")
        << QStringLiteral("name = \"Ann") << QStringLiteral("unterminated quote");
    QTest::newRow("bad path") << QStringLiteral("a..b = 1") << QStringLiteral("bad path");
    QTest::newRow("contains glued")
        << QStringLiteral("name containsx") << QStringLiteral("operator");
}

void TestFieldPredicate::parseErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    FieldPredicate p;
    QString error;
    QVERIFY(!FieldPredicate::parse(expression, &p, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1Char('\n')), "one line");
}

QTEST_GUILESS_MAIN(TestFieldPredicate)
#include "tst_field_predicate.moc"
