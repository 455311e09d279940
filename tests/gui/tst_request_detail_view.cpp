#include "inspect/curl_command.h"
#include "widgets/body_view.h"
#include "widgets/hex_dump_model.h"
#include "widgets/json_tree_model.h"
#include "widgets/request_detail_view.h"
#include "widgets/text_lines_model.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>
#include <QTreeView>

using namespace hookscope;

namespace {

const QUrl receiver(QStringLiteral("http://127.0.0.1:8780"));

StoredRequest jsonRequest()
{
    StoredRequest r;
    r.id = 42;
    r.receivedUs = 1763900000123456;
    r.method = "POST";
    r.path = "/hooks/stripe";
    r.query = "attempt=2&tag=a+b";
    r.headers = {{"Host", "127.0.0.1:8780"},
                 {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
                 {"Content-Type", "application/json; charset=utf-8"},
                 {"stripe-signature", "t=1763900000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e7"},
                 {"X-Request-Id", "req_8f2a"}};
    r.body = R"({"id":"evt_1","type":"invoice.paid","data":{"items":[{"id":"ii_1","amount":1999},)"
             R"({"id":"ii_2","amount":500}],"total":2499.00,"paid":true,"note":null}})";
    r.bodySize = r.body.size();
    r.remoteAddress = QStringLiteral("127.0.0.1");
    r.remotePort = 53122;
    r.responseStatus = 200;
    r.responseBody = R"({"success":true,"id":"42"})";
    r.eventType = QStringLiteral("invoice.paid");
    return r;
}

QModelIndex findKey(QAbstractItemModel *model, const QString &key, const QModelIndex &parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == key)
            return index;
    }
    return {};
}

QStringList column(const QAbstractItemModel *model, int col)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, col).data().toString();
    return out;
}

} // namespace

class TestRequestDetailView : public QObject
{
    Q_OBJECT

private slots:
    void emptyByDefault();
    void overviewAndHeaders();
    void headerFilterAndCopy();
    void jsonBodyPrettyAndTree();
    void treeCopyPathAndValue();
    void binaryBodyDefaultsToHex();
    void largeBodyHexIsLazy();
    void largeJsonBody();
    void invalidJsonFallsBackToRaw();
    void formAndQueryTabs();
    void chosenModeIsKept();
    void copyFromHexAndLines();
    void multipartForm();
    void actions();
    void models();
    void grab();
};

void TestRequestDetailView::emptyByDefault()
{
    RequestDetailView view;
    QVERIFY(!view.hasRequest());
    QVERIFY(!view.findChild<QTabWidget *>(QStringLiteral("detailTabs"))->isVisibleTo(&view));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("detailPlaceholder"))->isVisibleTo(&view));
    QVERIFY(!view.copyCurlAction()->isEnabled());
    view.setRequest(jsonRequest(), receiver);
    QVERIFY(view.findChild<QTabWidget *>(QStringLiteral("detailTabs"))->isVisibleTo(&view));
    view.clear();
    QVERIFY(!view.hasRequest());
    QCOMPARE(view.findChild<QTableView *>(QStringLiteral("headersTable"))->model()->rowCount(), 0);
    QVERIFY(!view.resendAction()->isEnabled());
}

void TestRequestDetailView::overviewAndHeaders()
{
    RequestDetailView view;
    view.setRequest(jsonRequest(), receiver);
    const auto text = [&view](const char *name) {
        return view.findChild<QLineEdit *>(QLatin1String(name))->text();
    };
    QCOMPARE(text("overviewMethod"), QStringLiteral("POST"));
    QCOMPARE(text("overviewProtocol"), QStringLiteral("HTTP/1.1"));
    QCOMPARE(text("overviewUrl"),
             QStringLiteral("http://127.0.0.1:8780/hooks/stripe?attempt=2&tag=a+b"));
    QCOMPARE(text("overviewRemote"), QStringLiteral("127.0.0.1:53122"));
    QVERIFY2(text("overviewReceived").contains(QStringLiteral(".123456 ")),
             qPrintable(text("overviewReceived")));
    QVERIFY(text("overviewReceived").contains(QStringLiteral("(UTC")));
    QVERIFY(text("overviewSize").contains(QString::number(jsonRequest().body.size())));
    QCOMPARE(text("overviewTruncated"), QStringLiteral("No"));
    QCOMPARE(text("overviewResponseStatus"), QStringLiteral("200"));
    QCOMPARE(text("overviewEvent"), QStringLiteral("invoice.paid"));
    QVERIFY(view.findChild<QPlainTextEdit *>(QStringLiteral("overviewResponseBody"))
                ->toPlainText()
                .contains(QStringLiteral("\"success\": true")));

    const QAbstractItemModel *headers =
        view.findChild<QTableView *>(QStringLiteral("headersTable"))->model();
    QCOMPARE(column(headers, 0),
             (QStringList{QStringLiteral("Host"), QStringLiteral("User-Agent"),
                          QStringLiteral("Content-Type"), QStringLiteral("stripe-signature"),
                          QStringLiteral("X-Request-Id")}));
    QCOMPARE(headers->index(4, 1).data().toString(), QStringLiteral("req_8f2a"));

    StoredRequest truncated = jsonRequest();
    truncated.truncated = true;
    truncated.bodySize = 20 * 1024 * 1024;
    truncated.body.clear();
    truncated.remoteAddress = QStringLiteral("::1");
    view.setRequest(truncated, receiver);
    QVERIFY(text("overviewTruncated").startsWith(QStringLiteral("Yes")));
    QCOMPARE(text("overviewRemote"), QStringLiteral("[::1]:53122"));
    QCOMPARE(view.bodyView()->body(), QByteArray());
}

void TestRequestDetailView::headerFilterAndCopy()
{
    RequestDetailView view;
    view.setRequest(jsonRequest(), receiver);
    auto *table = view.findChild<QTableView *>(QStringLiteral("headersTable"));
    auto *filter = view.findChild<QLineEdit *>(QStringLiteral("headersFilter"));
    QTest::keyClicks(filter, QStringLiteral("STRIPE"));
    // Name or value matches, case-insensitively: the user agent mentions stripe too.
    QCOMPARE(column(table->model(), 0),
             (QStringList{QStringLiteral("User-Agent"), QStringLiteral("stripe-signature")}));
    QTest::keyClicks(filter, QStringLiteral("-sig"));
    QCOMPARE(table->model()->rowCount(), 1);

    table->selectRow(0);
    view.findChild<QPushButton *>(QStringLiteral("copySelectedHeaders"))->click();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral(
                 "stripe-signature: t=1763900000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e7\n"));

    QApplication::clipboard()->clear();
    table->findChild<QAction *>(QStringLiteral("copyHeadersAction"))->trigger(); // Ctrl+C
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("stripe-signature: ")));

    filter->clear();
    QCOMPARE(table->model()->rowCount(), 5);
    view.findChild<QPushButton *>(QStringLiteral("copyAllHeaders"))->click();
    QCOMPARE(QApplication::clipboard()->text(),
             QString::fromUtf8(StoredRequest::encodeHeaders(jsonRequest().headers))
                 .replace(QStringLiteral("\r\n"), QStringLiteral("\n")));
}

void TestRequestDetailView::jsonBodyPrettyAndTree()
{
    RequestDetailView view;
    view.setRequest(jsonRequest(), receiver);
    BodyView *body = view.bodyView();
    QVERIFY(body->isJson());
    QCOMPARE(body->mode(), BodyView::Mode::Pretty);
    const QString pretty =
        view.findChild<QPlainTextEdit *>(QStringLiteral("bodyPretty"))->toPlainText();
    QVERIFY(pretty.startsWith(
        QStringLiteral("{\n  \"id\": \"evt_1\",\n  \"type\": \"invoice.paid\",\n  \"data\": {")));
    QVERIFY(pretty.contains(QStringLiteral("\"total\": 2499.00,"))); // the number as sent
    // Keys keep the order received: "id" before "type" before "data".
    QVERIFY(pretty.indexOf(QStringLiteral("\"id\"")) < pretty.indexOf(QStringLiteral("\"type\"")));

    // The highlighter coloured keys and strings differently.
    const QTextBlock line = view.findChild<QPlainTextEdit *>(QStringLiteral("bodyPretty"))
                                ->document()
                                ->findBlockByNumber(1);
    const QList<QTextLayout::FormatRange> formats = line.layout()->formats();
    QVERIFY(formats.size() >= 3);
    QVERIFY(formats.at(0).format.foreground() != formats.at(2).format.foreground());

    view.findChild<QToolButton *>(QStringLiteral("bodyModeTree"))->click();
    QCOMPARE(body->mode(), BodyView::Mode::Tree);
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("bodyTree"));
    QCOMPARE(column(tree->model(), 0),
             (QStringList{QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("data")}));
    view.findChild<QToolButton *>(QStringLiteral("bodyModeRaw"))->click();
    QCOMPARE(view.findChild<QPlainTextEdit *>(QStringLiteral("bodyRaw"))->toPlainText(),
             QString::fromUtf8(jsonRequest().body));
    view.findChild<QToolButton *>(QStringLiteral("bodyModeHex"))->click();
    QCOMPARE(view.findChild<QTableView *>(QStringLiteral("bodyHex"))->model()->index(0, 2).data(),
             QVariant(QStringLiteral("{\"id\":\"evt_1\",\"t")));
}

void TestRequestDetailView::treeCopyPathAndValue()
{
    RequestDetailView view;
    view.setRequest(jsonRequest(), receiver);
    view.bodyView()->setMode(BodyView::Mode::Tree);
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("bodyTree"));
    QAbstractItemModel *model = tree->model();
    const QModelIndex data = findKey(model, QStringLiteral("data"));
    const QModelIndex items = findKey(model, QStringLiteral("items"), data);
    const QModelIndex first = findKey(model, QStringLiteral("[0]"), items);
    const QModelIndex id = findKey(model, QStringLiteral("id"), first);
    QVERIFY(id.isValid());
    QCOMPARE(id.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(),
             QStringLiteral("\"ii_1\""));
    QCOMPARE(id.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(),
             QStringLiteral("string"));

    auto *copyPath = tree->findChild<QAction *>(QStringLiteral("copyJsonPathAction"));
    auto *copyValue = tree->findChild<QAction *>(QStringLiteral("copyJsonValueAction"));
    QVERIFY(copyPath && copyValue);
    QVERIFY(tree->actions().contains(copyPath)); // in the context menu
    tree->setCurrentIndex(id);
    copyPath->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("data.items[0].id"));
    copyValue->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("ii_1"));

    tree->setCurrentIndex(first.siblingAtColumn(JsonTreeModel::ValueColumn));
    copyPath->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("data.items[0]"));
    copyValue->trigger();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("{\n  \"id\": \"ii_1\",\n  \"amount\": 1999\n}"));

    const QModelIndex total = findKey(model, QStringLiteral("total"), data);
    tree->setCurrentIndex(total);
    copyValue->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("2499.00"));
}

void TestRequestDetailView::binaryBodyDefaultsToHex()
{
    StoredRequest r = jsonRequest();
    r.headers = {{"Content-Type", "application/octet-stream"}};
    r.body = QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    RequestDetailView view;
    view.setRequest(r, receiver);
    BodyView *body = view.bodyView();
    QVERIFY(body->isBinary());
    QCOMPARE(body->mode(), BodyView::Mode::Hex);
    QVERIFY(!view.findChild<QToolButton *>(QStringLiteral("bodyModePretty"))->isEnabled());
    QVERIFY(!view.findChild<QToolButton *>(QStringLiteral("bodyModeTree"))->isEnabled());
    body->setMode(BodyView::Mode::Pretty); // not available: stays on a byte view
    QCOMPARE(body->mode(), BodyView::Mode::Hex);
    const QAbstractItemModel *hex =
        view.findChild<QTableView *>(QStringLiteral("bodyHex"))->model();
    QCOMPARE(hex->rowCount(), 1);
    QCOMPARE(hex->index(0, 0).data().toString(), QStringLiteral("00000000"));
    QCOMPARE(hex->index(0, 1).data().toString(),
             QStringLiteral("89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52"));
    QCOMPARE(hex->index(0, 2).data().toString(), QStringLiteral(".PNG........IHDR"));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("bodyInfo"))
                ->text()
                .contains(QStringLiteral("binary")));
    QVERIFY(!view.findChild<QTabWidget *>(QStringLiteral("detailTabs"))
                 ->isTabVisible(RequestDetailView::FormTab));
}

void TestRequestDetailView::largeBodyHexIsLazy()
{
    QByteArray big(10 * 1024 * 1024 + 5, '\0');
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 7);
    StoredRequest r = jsonRequest();
    r.body = big;
    RequestDetailView view;
    view.resize(900, 600);
    view.show();
    view.setRequest(r, receiver);
    view.tabs()->setCurrentIndex(RequestDetailView::BodyTab);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Hex);
    auto *table = view.findChild<QTableView *>(QStringLiteral("bodyHex"));
    QCOMPARE(table->model()->rowCount(), 655361);
    table->scrollToBottom();
    QCoreApplication::processEvents();
    const QModelIndex last = table->model()->index(655360, 1);
    QCOMPARE(last.data().toString().trimmed(),
             HexDumpModel::hexText(QByteArrayView(big).last(5)).trimmed());
    QCOMPARE(table->model()->index(655360, 0).data().toString(), QStringLiteral("00a00000"));
}

void TestRequestDetailView::largeJsonBody()
{
    // About 10 MiB of JSON: shown pretty (uncoloured above the highlight limit), the tree
    // built only when asked for.
    QByteArray big = "{\"items\":[";
    for (int i = 0; big.size() < 10 * 1024 * 1024; ++i)
        big += (i ? "," : "") + QByteArray(R"({"id":)") + QByteArray::number(i) +
               R"(,"name":"item number )" + QByteArray::number(i) + R"(","ok":true})";
    big += "]}";
    StoredRequest r = jsonRequest();
    r.body = big;
    RequestDetailView view;
    QElapsedTimer timer;
    timer.start();
    view.setRequest(r, receiver);
    qInfo("setRequest with %lld bytes of JSON: %lld ms", qlonglong(big.size()), timer.elapsed());
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Pretty);
    QCOMPARE(view.bodyView()->treeModel()->rowCount(), 0); // not built yet
    auto *lines = view.findChild<QListView *>(QStringLiteral("bodyLines"));
    QVERIFY(lines->isVisibleTo(&view) || !view.isVisible());
    QCOMPARE(lines->model()->index(0, 0).data().toString(), QStringLiteral("{"));
    QCOMPARE(lines->model()->index(3, 0).data().toString(), QStringLiteral("      \"id\": 0,"));
    QVERIFY(lines->model()->rowCount() > 1000000);
    // Raw: the same list, now with the body as received (one long line, in pieces).
    view.bodyView()->setMode(BodyView::Mode::Raw);
    QCOMPARE(lines->model()->index(0, 0).data().toString(),
             QString::fromUtf8(big.left(TextLinesModel::MaxLineBytes)));
    QCOMPARE(lines->model()->rowCount(),
             int((big.size() + TextLinesModel::MaxLineBytes - 1) / TextLinesModel::MaxLineBytes));
    timer.restart();
    view.bodyView()->setMode(BodyView::Mode::Tree);
    qInfo("JSON tree: %lld ms", timer.elapsed());
    JsonTreeModel *tree = view.bodyView()->treeModel();
    QCOMPARE(tree->rowCount(), 1);
    QVERIFY(tree->rowCount(tree->index(0, 0)) > 100000);

    // Under the size limit, but with more lines than the line limit: the line list too.
    r.body = "[" + QByteArray("1,").repeated(BodyView::LargeTextLimit / 2 - 2) + "1]";
    timer.restart();
    view.setRequest(r, receiver);
    qInfo("setRequest with %lld bytes of JSON, %lld lines pretty: %lld ms",
          qlonglong(r.body.size()), qlonglong(lines->model()->rowCount()), timer.elapsed());
    QCOMPARE(lines->model()->rowCount(), BodyView::LargeTextLimit / 2 + 1);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Pretty);
    // Its raw form is one line: the text editor.
    view.bodyView()->setMode(BodyView::Mode::Raw);
    QCOMPARE(view.findChild<QPlainTextEdit *>(QStringLiteral("bodyRaw"))->toPlainText().size(),
             r.body.size());
}

void TestRequestDetailView::invalidJsonFallsBackToRaw()
{
    StoredRequest r = jsonRequest();
    r.body = R"({"id":"evt_1", "broken": )";
    RequestDetailView view;
    view.setRequest(r, receiver);
    QVERIFY(!view.bodyView()->isJson());
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Raw);
    QCOMPARE(view.findChild<QPlainTextEdit *>(QStringLiteral("bodyRaw"))->toPlainText(),
             QString::fromUtf8(r.body));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("bodyInfo"))
                ->text()
                .contains(QStringLiteral("not valid JSON")));
    view.bodyView()->setMode(BodyView::Mode::Tree);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Raw);
}

void TestRequestDetailView::chosenModeIsKept()
{
    RequestDetailView view;
    view.setRequest(jsonRequest(), receiver);
    view.findChild<QToolButton *>(QStringLiteral("bodyModeTree"))->click();
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Tree);
    // Another JSON request opens in the tree too.
    StoredRequest other = jsonRequest();
    other.body = R"({"x":1})";
    view.setRequest(other, receiver);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Tree);
    QCOMPARE(view.bodyView()->treeModel()->rowCount(), 1);
    // Text that is not JSON cannot: Raw. Binary: Hex.
    other.body = "plain text";
    view.setRequest(other, receiver);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Raw);
    other.body = QByteArray("\0\1", 2);
    view.setRequest(other, receiver);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Hex);
    // Back to JSON: the choice still holds.
    view.setRequest(jsonRequest(), receiver);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Tree);
    // Hex chosen: every body opens in Hex.
    view.findChild<QToolButton *>(QStringLiteral("bodyModeHex"))->click();
    other.body = "plain text";
    view.setRequest(other, receiver);
    QCOMPARE(view.bodyView()->mode(), BodyView::Mode::Hex);
}

void TestRequestDetailView::copyFromHexAndLines()
{
    StoredRequest r = jsonRequest();
    r.body = QByteArray("0123456789abcdefXYZ\0", 20);
    RequestDetailView view;
    view.setRequest(r, receiver);
    auto *hex = view.findChild<QTableView *>(QStringLiteral("bodyHex"));
    hex->selectAll();
    hex->findChild<QAction *>(QStringLiteral("copyHexAction"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  "
                            "|0123456789abcdef|\n00000010  58 59 5a 00") +
                 QString(37, QLatin1Char(' ')) + QStringLiteral("  |XYZ.|\n"));

    QByteArray big;
    for (int i = 0; big.size() <= BodyView::LargeTextLimit; ++i)
        big += "line " + QByteArray::number(i) + '\n';
    r.body = big;
    view.setRequest(r, receiver);
    auto *lines = view.findChild<QListView *>(QStringLiteral("bodyLines"));
    lines->selectionModel()->select(lines->model()->index(1, 0), QItemSelectionModel::Select);
    lines->selectionModel()->select(lines->model()->index(2, 0), QItemSelectionModel::Select);
    lines->findChild<QAction *>(QStringLiteral("copyLinesAction"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line 1\nline 2"));
}

void TestRequestDetailView::formAndQueryTabs()
{
    StoredRequest r = jsonRequest();
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = "name=J%C3%B6rg+M&tags=a&tags=b&empty=";
    RequestDetailView view;
    view.setRequest(r, receiver);
    QTabWidget *tabs = view.tabs();
    QVERIFY(tabs->isTabVisible(RequestDetailView::FormTab));
    const QAbstractItemModel *form =
        view.findChild<QTableView *>(QStringLiteral("formTable"))->model();
    QCOMPARE(column(form, 0), (QStringList{QStringLiteral("name"), QStringLiteral("tags"),
                                           QStringLiteral("tags"), QStringLiteral("empty")}));
    QCOMPARE(form->index(0, 1).data().toString(), QStringLiteral("J\u00f6rg M"));

    QVERIFY(tabs->isTabVisible(RequestDetailView::QueryTab));
    const QAbstractItemModel *query =
        view.findChild<QTableView *>(QStringLiteral("queryTable"))->model();
    QCOMPARE(column(query, 0), (QStringList{QStringLiteral("attempt"), QStringLiteral("tag")}));
    QCOMPARE(column(query, 1), (QStringList{QStringLiteral("2"), QStringLiteral("a b")}));

    // A huge form: the table stops at MaxTableRows and says so.
    r.body = QByteArray("k=v&").repeated(RequestDetailView::MaxTableRows + 5);
    view.setRequest(r, receiver);
    QCOMPARE(form->rowCount(), RequestDetailView::MaxTableRows);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("formError"))
                ->text()
                .contains(QStringLiteral("Showing the first")));

    // JSON and no query: neither tab.
    r = jsonRequest();
    r.query.clear();
    view.setRequest(r, receiver);
    QVERIFY(!tabs->isTabVisible(RequestDetailView::FormTab));
    QVERIFY(!tabs->isTabVisible(RequestDetailView::QueryTab));
    QCOMPARE(query->rowCount(), 0);
    QCOMPARE(form->rowCount(), 0);
}

void TestRequestDetailView::multipartForm()
{
    StoredRequest r = jsonRequest();
    r.headers = {{"Content-Type", "multipart/form-data; boundary=XyZ"}};
    r.body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
             "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n" +
             QByteArray("\0\1\2\3", 4) + "\r\n--XyZ--\r\n";
    RequestDetailView view;
    view.setRequest(r, receiver);
    const QAbstractItemModel *form =
        view.findChild<QTableView *>(QStringLiteral("formTable"))->model();
    QCOMPARE(form->rowCount(), 2);
    QCOMPARE(form->index(0, 1).data().toString(), QStringLiteral("Hello"));
    QCOMPARE(form->index(1, 2).data().toString(), QStringLiteral("a.bin"));
    QCOMPARE(form->index(1, 3).data().toString(), QStringLiteral("application/octet-stream"));
    QCOMPARE(form->index(1, 4).data().toString(), QStringLiteral("4"));
    QVERIFY(form->index(1, 1).data().toString().contains(QStringLiteral("binary")));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("formError"))->isHidden());

    // Malformed: the error is shown, nothing crashes.
    r.body.chop(9);
    view.setRequest(r, receiver);
    auto *error = view.findChild<QLabel *>(QStringLiteral("formError"));
    QVERIFY(!error->isHidden());
    QVERIFY(error->text().contains(QStringLiteral("ends inside a part")));
    QCOMPARE(form->rowCount(), 1);
}

void TestRequestDetailView::actions()
{
    RequestDetailView view;
    const StoredRequest r = jsonRequest();
    view.setRequest(r, receiver);
    view.copyCurlAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), CurlCommand::build(r, receiver));
    QVERIFY(QApplication::clipboard()->text().contains(
        QStringLiteral("'http://127.0.0.1:8780/hooks/stripe?attempt=2&tag=a+b'")));
    view.copyBodyAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(r.body));

    QTemporaryDir dir;
    QString error;
    const QString file = dir.filePath(QStringLiteral("body.json"));
    QVERIFY(view.saveBody(file, &error));
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), r.body);
    QVERIFY(!view.saveBody(dir.filePath(QStringLiteral("missing/dir/body.json")), &error));
    QVERIFY(!error.isEmpty());

    StoredRequest empty = r;
    empty.body.clear();
    view.setRequest(empty, receiver);
    QVERIFY(!view.copyBodyAction()->isEnabled());
    QVERIFY(!view.saveBodyAction()->isEnabled());
    QVERIFY(view.copyCurlAction()->isEnabled());
}

void TestRequestDetailView::models()
{
    JsonTreeModel tree;
    QAbstractItemModelTester treeTester(&tree,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(tree.setJson(jsonRequest().body));
    QCOMPARE(tree.rowCount(), 3);
    // Values coloured by type, in colours made for the palette given.
    const QModelIndex idValue = tree.index(0, JsonTreeModel::ValueColumn);
    const QColor lightString = idValue.data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(lightString.isValid());
    const QModelIndex total = tree.index(1, JsonTreeModel::ValueColumn, tree.index(2, 0));
    QCOMPARE(total.data().toString(), QStringLiteral("2499.00"));
    QVERIFY(total.data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(lightString != total.data(Qt::ForegroundRole).value<QColor>());
    QPalette dark;
    dark.setColor(QPalette::Base, Qt::black);
    dark.setColor(QPalette::Text, Qt::white);
    QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
    tree.setPalette(dark);
    QCOMPARE(changed.count(), 1);
    const QColor darkString = idValue.data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(darkString.lightness() > lightString.lightness());

    QVERIFY(tree.setJson("[1,[2,[3]],{}]"));
    QCOMPARE(tree.rowCount(), 3);
    QCOMPARE(tree.path(tree.index(0, 0, tree.index(1, 0, tree.index(1, 0)))),
             QStringLiteral("[1][1][0]"));
    QVERIFY(tree.setJson("\"just a string\""));
    QCOMPARE(tree.rowCount(), 1);
    QCOMPARE(tree.index(0, 0).data().toString(), QStringLiteral("(root)"));
    QCOMPARE(tree.copyValue(tree.index(0, 0)), QStringLiteral("just a string"));
    QVERIFY(!tree.setJson("{oops"));
    QCOMPARE(tree.rowCount(), 0);
    tree.clear();

    TextLinesModel lines;
    QAbstractItemModelTester linesTester(&lines,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    lines.setText("a\r\nb\n\nlast");
    QCOMPARE(column(&lines, 0), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QString(),
                                             QStringLiteral("last")}));
    // A long line of two-byte characters is cut between characters, never inside one.
    const QByteArray accents = QByteArray("x") + QByteArray("\xC3\xA9").repeated(3000);
    lines.setText(accents);
    QCOMPARE(lines.rowCount(), 2);
    QCOMPARE(column(&lines, 0).join(QString()), QString::fromUtf8(accents));
    lines.setText({});
    QCOMPARE(lines.rowCount(), 0);

    HexDumpModel hex;
    QAbstractItemModelTester hexTester(&hex,
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(hex.rowCount(), 0);
    hex.setBytes(QByteArray(33, 'A'));
    QCOMPARE(hex.rowCount(), 3);
    QCOMPARE(hex.index(2, 2).data().toString(), QStringLiteral("A"));
    QCOMPARE(hex.index(2, 0).data().toString(), QStringLiteral("00000020"));
}

// Saves a picture of the detail view with a realistic body when HOOKSCOPE_GRAB_DIR is set
// (for eyeballing the colours; not a check).
void TestRequestDetailView::grab()
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR");
    if (dir.isEmpty())
        QSKIP("set HOOKSCOPE_GRAB_DIR to save screenshots");
    for (const bool dark : {false, true}) {
        RequestDetailView view;
        if (dark) {
            QPalette p;
            p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
            p.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
            p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
            p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
            p.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
            p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
            p.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
            p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
            view.setPalette(p);
        }
        view.resize(820, 620);
        view.setRequest(jsonRequest(), receiver);
        view.tabs()->setCurrentIndex(RequestDetailView::BodyTab);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.grab().save(QDir(dir).filePath(dark ? QStringLiteral("detail-dark.png")
                                                         : QStringLiteral("detail-light.png"))));
        view.bodyView()->setMode(BodyView::Mode::Tree);
        view.findChild<QTreeView *>(QStringLiteral("bodyTree"))->expandAll();
        QVERIFY(view.grab().save(QDir(dir).filePath(dark ? QStringLiteral("tree-dark.png")
                                                         : QStringLiteral("tree-light.png"))));
        StoredRequest binary = jsonRequest();
        binary.headers = {{"Content-Type", "image/png"}};
        binary.body.clear();
        for (int i = 0; i < 600; ++i)
            binary.body.append(char(i * 37 + (i >> 3)));
        view.setRequest(binary, receiver);
        QVERIFY(view.grab().save(QDir(dir).filePath(dark ? QStringLiteral("hex-dark.png")
                                                         : QStringLiteral("hex-light.png"))));
        view.setRequest(jsonRequest(), receiver);
        view.tabs()->setCurrentIndex(RequestDetailView::OverviewTab);
        QVERIFY(view.grab().save(QDir(dir).filePath(dark ? QStringLiteral("overview-dark.png")
                                                         : QStringLiteral("overview-light.png"))));
    }
}

QTEST_MAIN(TestRequestDetailView)
#include "tst_request_detail_view.moc"
