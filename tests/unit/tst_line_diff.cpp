#include "inspect/line_diff.h"

#include <QRandomGenerator>
#include <QTest>

using namespace hookscope;

namespace {

QStringList chars(const char *text)
{
    QStringList out;
    for (const char *c = text; *c; ++c)
        out << QString(QLatin1Char(*c));
    return out;
}

// The rows as one letter each: = same, ~ changed, - removed, + added.
QString shape(const QList<DiffRow> &rows)
{
    QString out;
    for (const DiffRow &row : rows) {
        switch (row.kind) {
        case DiffRow::Kind::Same:
            out += QLatin1Char('=');
            break;
        case DiffRow::Kind::Changed:
            out += QLatin1Char('~');
            break;
        case DiffRow::Kind::Removed:
            out += QLatin1Char('-');
            break;
        case DiffRow::Kind::Added:
            out += QLatin1Char('+');
            break;
        }
    }
    return out;
}

// Every line of both sides appears exactly once and in order; same rows really are equal.
void checkConsistent(const QStringList &a, const QStringList &b, const QList<DiffRow> &rows)
{
    int nextLeft = 0;
    int nextRight = 0;
    for (const DiffRow &row : rows) {
        if (row.left >= 0)
            QCOMPARE(row.left, nextLeft++);
        if (row.right >= 0)
            QCOMPARE(row.right, nextRight++);
        if (row.kind == DiffRow::Kind::Same)
            QCOMPARE(a.at(row.left), b.at(row.right));
        else if (row.kind == DiffRow::Kind::Removed)
            QCOMPARE(row.right, -1);
        else if (row.kind == DiffRow::Kind::Added)
            QCOMPARE(row.left, -1);
    }
    QCOMPARE(nextLeft, a.size());
    QCOMPARE(nextRight, b.size());
}

int sameCount(const QList<DiffRow> &rows)
{
    return int(std::count_if(rows.cbegin(), rows.cend(),
                             [](const DiffRow &r) { return r.kind == DiffRow::Kind::Same; }));
}

} // namespace

class TestLineDiff : public QObject
{
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void jsonFieldChange();
    void randomAgainstLcs();
    void hugeDifferenceFallsBack();
    void longInputsGetASmallerBudget();
};

void TestLineDiff::shapes_data()
{
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addColumn<QString>("expected");
    QTest::newRow("both empty") << QString() << QString() << QString();
    QTest::newRow("left empty") << QString() << QStringLiteral("ab") << QStringLiteral("++");
    QTest::newRow("right empty") << QStringLiteral("ab") << QString() << QStringLiteral("--");
    QTest::newRow("equal") << QStringLiteral("abc") << QStringLiteral("abc")
                           << QStringLiteral("===");
    QTest::newRow("one changed") << QStringLiteral("abc") << QStringLiteral("aXc")
                                 << QStringLiteral("=~=");
    QTest::newRow("insert middle")
        << QStringLiteral("ac") << QStringLiteral("abc") << QStringLiteral("=+=");
    QTest::newRow("delete head") << QStringLiteral("xabc") << QStringLiteral("abc")
                                 << QStringLiteral("-===");
    QTest::newRow("more removed than added")
        << QStringLiteral("aXYZb") << QStringLiteral("aQb") << QStringLiteral("=~--=");
    QTest::newRow("classic myers") << QStringLiteral("abcabba") << QStringLiteral("cbabac")
                                   << QString(); // only checked for consistency and length
    QTest::newRow("all different")
        << QStringLiteral("abc") << QStringLiteral("xyz") << QStringLiteral("~~~");
}

void TestLineDiff::shapes()
{
    QFETCH(QString, left);
    QFETCH(QString, right);
    QFETCH(QString, expected);
    const QStringList a = chars(left.toLatin1().constData());
    const QStringList b = chars(right.toLatin1().constData());
    const QList<DiffRow> rows = LineDiff::compare(a, b);
    checkConsistent(a, b, rows);
    if (!expected.isEmpty() || left.isEmpty())
        QCOMPARE(shape(rows), expected);
    if (QTest::currentDataTag() == QByteArrayView("classic myers"))
        QCOMPARE(sameCount(rows), 4); // LCS of abcabba / cbabac has length 4
}

void TestLineDiff::jsonFieldChange()
{
    const QStringList a{QStringLiteral("{"), QStringLiteral("  \"id\": \"evt_1\","),
                        QStringLiteral("  \"amount\": 100,"),
                        QStringLiteral("  \"currency\": \"usd\""), QStringLiteral("}")};
    QStringList b = a;
    b[2] = QStringLiteral("  \"amount\": 250,");
    const QList<DiffRow> rows = LineDiff::compare(a, b);
    QCOMPARE(shape(rows), QStringLiteral("==~=="));
    QCOMPARE(rows.at(2), (DiffRow{DiffRow::Kind::Changed, 2, 2}));
}

void TestLineDiff::randomAgainstLcs()
{
    // Myers finds a shortest edit script: its same-row count equals the LCS length.
    QRandomGenerator rng(42);
    for (int round = 0; round < 300; ++round) {
        QStringList a;
        QStringList b;
        const int n = int(rng.bounded(25));
        const int m = int(rng.bounded(25));
        for (int i = 0; i < n; ++i)
            a << QString::number(rng.bounded(4));
        for (int i = 0; i < m; ++i)
            b << QString::number(rng.bounded(4));
        QList<QList<int>> lcs(n + 1, QList<int>(m + 1, 0));
        for (int i = n - 1; i >= 0; --i)
            for (int j = m - 1; j >= 0; --j)
                lcs[i][j] =
                    a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        const QList<DiffRow> rows = LineDiff::compare(a, b);
        checkConsistent(a, b, rows);
        QCOMPARE(sameCount(rows), lcs[0][0]);
    }
}

void TestLineDiff::hugeDifferenceFallsBack()
{
    QStringList a;
    QStringList b;
    for (int i = 0; i < 6000; ++i) {
        a << QStringLiteral("left %1").arg(i);
        b << QStringLiteral("right %1").arg(i);
    }
    a.prepend(QStringLiteral("same"));
    b.prepend(QStringLiteral("same"));
    const QList<DiffRow> rows = LineDiff::compare(a, b);
    checkConsistent(a, b, rows);
    QCOMPARE(rows.size(), 6001);
    QCOMPARE(rows.first().kind, DiffRow::Kind::Same);
    QCOMPARE(rows.last().kind, DiffRow::Kind::Changed);
}

void TestLineDiff::longInputsGetASmallerBudget()
{
    // 2 x 500,000 lines with every 1000th line changed: 500 edits, within the edit limit
    // but over the work budget for this length, so the middle becomes one block; the
    // common head and tail are still found.
    QStringList a;
    QStringList b;
    for (int i = 0; i < 500000; ++i) {
        a << QString::number(i);
        b << (i % 1000 == 500 ? QStringLiteral("x") : QString::number(i));
    }
    const QList<DiffRow> rows = LineDiff::compare(a, b);
    checkConsistent(a, b, rows);
    QCOMPARE(rows.first().kind, DiffRow::Kind::Same);
    QCOMPARE(rows.at(499).kind, DiffRow::Kind::Same);
    QCOMPARE(rows.at(500).kind, DiffRow::Kind::Changed);
    QCOMPARE(rows.last().kind, DiffRow::Kind::Same);
    // A few edits in a long input are still found exactly.
    b = a;
    b[1000] = QStringLiteral("x");
    b[400000] = QStringLiteral("y");
    QCOMPARE(shape(LineDiff::compare(a, b)).count(QLatin1Char('~')), 2);
}

QTEST_GUILESS_MAIN(TestLineDiff)
#include "tst_line_diff.moc"
