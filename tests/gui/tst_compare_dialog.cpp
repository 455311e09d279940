#include "dialogs/compare_dialog.h"
#include "widgets/diff_view.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>

using namespace hookscope;

namespace {

StoredRequest webhook(int id, const QByteArray &body)
{
    StoredRequest r;
    r.id = id;
    r.method = "POST";
    r.path = "/hooks/stripe";
    r.headers = {{"Content-Type", "application/json"},
                 {"Stripe-Signature", "t=1,v1=" + QByteArray::number(id)},
                 {"User-Agent", "Stripe/1.0"}};
    r.body = body;
    return r;
}

// The text of the lines a pane tints.
QStringList marked(const QPlainTextEdit *edit)
{
    QStringList out;
    for (const QTextEdit::ExtraSelection &s : edit->extraSelections())
        out << s.cursor.block().text();
    return out;
}

} // namespace

class TestCompareDialog : public QObject
{
    Q_OBJECT

private slots:
    void changedFieldShowsAsChanged();
    void identicalRequests();
    void addedAndRemovedLinesAlign();
    void nonJsonAndBinaryBodies();
    void longBodiesAreCut();
    void grab();
};

void TestCompareDialog::changedFieldShowsAsChanged()
{
    // Same JSON written differently (spacing) except for one field.
    const StoredRequest left = webhook(
        1, R"({"id":"evt_1","type":"invoice.paid","data":{"amount":100,"currency":"usd"}})");
    const StoredRequest right = webhook(
        2, "{ \"id\": \"evt_1\", \"type\": \"invoice.paid\",\n \"data\": { \"amount\": 250, "
           "\"currency\": \"usd\" } }");
    CompareDialog dialog(left, right);
    auto *bodyLeft = dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyLeft"));
    auto *bodyRight = dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyRight"));
    QVERIFY(bodyLeft && bodyRight);
    QCOMPARE(marked(bodyLeft), QStringList{QStringLiteral("    \"amount\": 100,")});
    QCOMPARE(marked(bodyRight), QStringList{QStringLiteral("    \"amount\": 250,")});
    QCOMPARE(dialog.bodyDiff()->differenceCount(), 1);
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("compareBodySummary"))->text(),
             QStringLiteral("1 line differs"));

    auto *headersLeft = dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareHeadersLeft"));
    QCOMPARE(marked(headersLeft), QStringList{QStringLiteral("Stripe-Signature: t=1,v1=1")});
    QCOMPARE(dialog.headersDiff()->rows().first().kind, DiffRow::Kind::Same); // request line
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("compareLeftTitle"))
                ->text()
                .startsWith(QStringLiteral("#1")));

    // The panes scroll together.
    dialog.resize(600, 200);
    const StoredRequest longLeft =
        webhook(3, QByteArray("[") + QByteArray("1,").repeated(200) + "1]");
    CompareDialog tall(longLeft, longLeft);
    tall.resize(600, 200);
    tall.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tall));
    auto *l = tall.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyLeft"));
    auto *r = tall.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyRight"));
    QVERIFY(l->verticalScrollBar()->maximum() > 10);
    l->verticalScrollBar()->setValue(10);
    QCOMPARE(r->verticalScrollBar()->value(), 10);
}

void TestCompareDialog::identicalRequests()
{
    const StoredRequest a = webhook(1, R"({"a":1})");
    StoredRequest b = a;
    b.id = 2;
    CompareDialog dialog(a, b);
    QCOMPARE(dialog.bodyDiff()->differenceCount(), 0);
    QCOMPARE(dialog.headersDiff()->differenceCount(), 0);
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyLeft"))
                ->extraSelections()
                .isEmpty());
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("compareBodySummary"))->text(),
             QStringLiteral("Identical"));
}

void TestCompareDialog::addedAndRemovedLinesAlign()
{
    const StoredRequest a = webhook(1, R"({"a":1,"b":2})");
    StoredRequest b = webhook(2, R"({"a":1,"new":true,"b":2})");
    b.headers.removeLast(); // no User-Agent on the right
    CompareDialog dialog(a, b);
    auto *left = dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyLeft"));
    auto *right = dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareBodyRight"));
    // Aligned row for row: the left gets an empty filler line opposite the added one.
    QCOMPARE(left->document()->blockCount(), right->document()->blockCount());
    QCOMPARE(marked(right), QStringList{QStringLiteral("  \"new\": true,")});
    QCOMPARE(marked(left), QStringList{QString()});
    const QList<DiffRow> &rows = dialog.bodyDiff()->rows();
    QVERIFY(std::any_of(rows.cbegin(), rows.cend(),
                        [](const DiffRow &r) { return r.kind == DiffRow::Kind::Added; }));
    QCOMPARE(marked(dialog.findChild<QPlainTextEdit *>(QStringLiteral("compareHeadersLeft"))),
             (QStringList{QStringLiteral("Stripe-Signature: t=1,v1=1"),
                          QStringLiteral("User-Agent: Stripe/1.0")}));
}

void TestCompareDialog::nonJsonAndBinaryBodies()
{
    QCOMPARE(CompareDialog::bodyLines("a=1&b=2\nsecond"),
             (QStringList{QStringLiteral("a=1&b=2"), QStringLiteral("second")}));
    QCOMPARE(CompareDialog::bodyLines(QByteArray("\0\1\2", 3)),
             QStringList{QStringLiteral("00 01 02")});
    QCOMPARE(CompareDialog::bodyLines({}), QStringList{});
    QCOMPARE(
        CompareDialog::bodyLines("{\"a\":[]}"),
        (QStringList{QStringLiteral("{"), QStringLiteral("  \"a\": []"), QStringLiteral("}")}));
    // One side JSON, the other broken: both compared as text, no crash.
    CompareDialog dialog(webhook(1, R"({"a":1})"), webhook(2, R"({"a":1)"));
    QCOMPARE(dialog.bodyDiff()->differenceCount(), 1);
}

void TestCompareDialog::longBodiesAreCut()
{
    QByteArray left;
    QByteArray right;
    for (int i = 0; i < 30000; ++i) {
        left += "line " + QByteArray::number(i) + '\n';
        right += "line " + QByteArray::number(i == 5 ? -5 : i) + '\n';
    }
    CompareDialog dialog(webhook(1, left), webhook(2, right));
    QCOMPARE(dialog.bodyDiff()->rows().size(), DiffView::MaxLines);
    QCOMPARE(dialog.bodyDiff()->differenceCount(), 1);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("compareBodySummary"))
                ->text()
                .contains(QStringLiteral("only the first")));
}

// Saves a picture when HOOKSCOPE_GRAB_DIR is set (for eyeballing; not a check).
void TestCompareDialog::grab()
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR");
    if (dir.isEmpty())
        QSKIP("set HOOKSCOPE_GRAB_DIR to save screenshots");
    StoredRequest right =
        webhook(2, R"({"id":"evt_2","type":"invoice.paid","data":{"amount":250,"currency":"usd",)"
                   R"("lines":[{"id":"il_1"},{"id":"il_2"}]}})");
    right.headers.append(HeaderField{"X-Retry", "1"});
    CompareDialog dialog(
        webhook(1, R"({"id":"evt_1","type":"invoice.paid","data":{"amount":100,"currency":"usd",)"
                   R"("lines":[{"id":"il_1"}]}})"),
        right);
    dialog.resize(900, 500);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/compare.png")));
}

QTEST_MAIN(TestCompareDialog)
#include "tst_compare_dialog.moc"
