#include "dialogs/resend_dialog.h"
#include "serve_process.h"
#include "store/database.h"
#include "store/request_store.h"
#include "widgets/body_view.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace hookscope;

namespace {

StoredRequest captured()
{
    StoredRequest r;
    r.id = 7;
    r.method = "POST";
    r.path = "/hooks/stripe";
    r.query = "attempt=1";
    r.headers = {{"Host", "old-host:8780"},
                 {"Content-Type", "application/json"},
                 {"Content-Length", "28"},
                 {"Stripe-Signature", "t=1,v1=abc"},
                 {"X-Dup", "1"},
                 {"X-Dup", "2"}};
    r.body = R"({"id":"evt_1","amount":1999})";
    return r;
}

QString headerValue(const QTableWidget *table, const QString &name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text().compare(name, Qt::CaseInsensitive) == 0)
            return table->item(row, 1)->text();
    }
    return {};
}

} // namespace

class TestResendDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void editorStartsFromTheRequest();
    void resendToRealServer();
    void editedRequestIsSent();
    void binaryBodySentUnchanged();
    void connectionRefused();
    void badUrlAndMethod();
    void cancelWhileInFlight();
    void closingWhileInFlight();
    void copyEditedAsCurl();

private:
    std::optional<StoredRequest> lastStored();
    QUrl serverUrl(const QString &pathAndQuery) const
    {
        return QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(pathAndQuery));
    }
    bool sendAndWait(ResendDialog &dialog);

    ServeProcess *m_server = nullptr;
    Database *m_db = nullptr;
    RequestStore *m_store = nullptr;
};

void TestResendDialog::initTestCase()
{
    m_server = new ServeProcess;
    QVERIFY(m_server->start());
    m_db = new Database(m_server->databasePath(), QStringLiteral("resend-test"));
    QVERIFY(m_db->open());
    m_store = new RequestStore(m_db->connection());
}

void TestResendDialog::cleanupTestCase()
{
    delete m_store;
    delete m_db;
    delete m_server;
}

std::optional<StoredRequest> TestResendDialog::lastStored()
{
    const QList<StoredRequest> latest = m_store->latest(1);
    if (latest.isEmpty())
        return std::nullopt;
    return latest.constFirst();
}

bool TestResendDialog::sendAndWait(ResendDialog &dialog)
{
    QSignalSpy finished(&dialog, &ResendDialog::sendFinished);
    dialog.findChild<QPushButton *>(QStringLiteral("resendSend"))->click();
    return finished.count() == 1 || finished.wait(15000);
}

void TestResendDialog::editorStartsFromTheRequest()
{
    ResendDialog dialog(captured(),
                        QUrl(QStringLiteral("http://127.0.0.1:8780/hooks/stripe?attempt=1")));
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("resendMethod"))->currentText(),
             QStringLiteral("POST"));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("resendUrl"))->text(),
             QStringLiteral("http://127.0.0.1:8780/hooks/stripe?attempt=1"));
    auto *headers = dialog.findChild<QTableWidget *>(QStringLiteral("resendHeaders"));
    // Host and Content-Length are the network stack's to write.
    QCOMPARE(headers->rowCount(), 4);
    QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("Content-Type"));
    QCOMPARE(headerValue(headers, QStringLiteral("Host")), QString());
    QCOMPARE(dialog.findChild<QPlainTextEdit *>(QStringLiteral("resendBody"))->toPlainText(),
             QString::fromUtf8(captured().body));
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("resendSend"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("resendCancel"))->isEnabled());
}

void TestResendDialog::resendToRealServer()
{
    const qint64 before = m_store->maxId();
    ResendDialog dialog(captured(), serverUrl(QStringLiteral("/resent/here?attempt=2")));
    dialog.show();
    QVERIFY(sendAndWait(dialog));
    const QString status = dialog.findChild<QLabel *>(QStringLiteral("resendStatus"))->text();
    QVERIFY2(status.startsWith(QStringLiteral("200 OK")), qPrintable(status));
    QVERIFY(status.contains(QStringLiteral(" ms")));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("resendError"))->isVisibleTo(&dialog));
    auto *responseHeaders =
        dialog.findChild<QTableWidget *>(QStringLiteral("resendResponseHeaders"));
    QVERIFY(headerValue(responseHeaders, QStringLiteral("Content-Type"))
                .contains(QStringLiteral("json")));
    auto *body = dialog.findChild<BodyView *>(QStringLiteral("resendResponseBody"));
    QVERIFY(body->isJson());
    QCOMPARE(body->body(),
             QByteArray(R"({"success":true,"id":")") + QByteArray::number(before + 1) + "\"}");

    const std::optional<StoredRequest> stored = lastStored();
    QVERIFY(stored);
    QCOMPARE(stored->id, before + 1);
    QCOMPARE(stored->method, QByteArray("POST"));
    QCOMPARE(stored->path, QByteArray("/resent/here"));
    QCOMPARE(stored->query, QByteArray("attempt=2"));
    QCOMPARE(stored->body, captured().body);
    QCOMPARE(stored->header("stripe-signature"), QByteArray("t=1,v1=abc"));
    QCOMPARE(stored->header("content-type"), QByteArray("application/json"));
    QCOMPARE(stored->header("x-dup"), QByteArray("1, 2"));
    QCOMPARE(stored->header("host"),
             QByteArray("127.0.0.1:") + QByteArray::number(m_server->port()));

    const QString grabDir = qEnvironmentVariable("HOOKSCOPE_GRAB_DIR");
    if (!grabDir.isEmpty())
        QVERIFY(dialog.grab().save(grabDir + QStringLiteral("/resend.png")));
}

void TestResendDialog::editedRequestIsSent()
{
    ResendDialog dialog(captured(), serverUrl(QStringLiteral("/first")));
    dialog.findChild<QComboBox *>(QStringLiteral("resendMethod"))
        ->setCurrentText(QStringLiteral("PUT"));
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("resendUrl"));
    // Typed by hand, with a space: encoded on the way out.
    url->setText(serverUrl(QStringLiteral("/edited")).toString() + QStringLiteral("?x= y"));
    auto *headers = dialog.findChild<QTableWidget *>(QStringLiteral("resendHeaders"));
    dialog.findChild<QPushButton *>(QStringLiteral("resendAddHeader"))->click();
    const int row = headers->rowCount() - 1;
    headers->item(row, 0)->setText(QStringLiteral("X-Added"));
    headers->item(row, 1)->setText(QStringLiteral("yes"));
    headers->selectRow(0); // Content-Type
    dialog.findChild<QPushButton *>(QStringLiteral("resendRemoveHeader"))->click();
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("resendBody"))
        ->setPlainText(QStringLiteral("edited body"));
    QVERIFY(sendAndWait(dialog));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("resendStatus"))
                ->text()
                .startsWith(QStringLiteral("200")));

    const std::optional<StoredRequest> stored = lastStored();
    QVERIFY(stored);
    QCOMPARE(stored->method, QByteArray("PUT"));
    QCOMPARE(stored->path, QByteArray("/edited"));
    QCOMPARE(stored->query, QByteArray("x=%20y"));
    QCOMPARE(stored->body, QByteArray("edited body"));
    QCOMPARE(stored->header("x-added"), QByteArray("yes"));
    QCOMPARE(stored->header("stripe-signature"), QByteArray("t=1,v1=abc"));
    QVERIFY(stored->header("content-type") != QByteArray("application/json"));
}

void TestResendDialog::binaryBodySentUnchanged()
{
    StoredRequest r = captured();
    r.headers = {{"Content-Type", "application/octet-stream"}};
    r.body = QByteArray("\0\1\2\xff\xfe binary", 13);
    ResendDialog dialog(r, serverUrl(QStringLiteral("/binary")));
    auto *editor = dialog.findChild<QPlainTextEdit *>(QStringLiteral("resendBody"));
    QVERIFY(editor->isReadOnly());
    QCOMPARE(dialog.editedBody(), r.body);
    QVERIFY(sendAndWait(dialog));
    const std::optional<StoredRequest> stored = lastStored();
    QVERIFY(stored);
    QCOMPARE(stored->path, QByteArray("/binary"));
    QCOMPARE(stored->body, r.body);

    // A large text body is not put in the editor either, and arrives whole.
    r.headers = {{"Content-Type", "text/plain"}};
    r.body = QByteArray("0123456789abcdef\n").repeated(40000);
    ResendDialog large(r, serverUrl(QStringLiteral("/large")));
    QVERIFY(large.findChild<QPlainTextEdit *>(QStringLiteral("resendBody"))->isReadOnly());
    QVERIFY(sendAndWait(large));
    const std::optional<StoredRequest> storedLarge = lastStored();
    QVERIFY(storedLarge);
    QCOMPARE(storedLarge->path, QByteArray("/large"));
    QCOMPARE(storedLarge->body, r.body);
}

void TestResendDialog::connectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 closedPort = probe.serverPort();
    probe.close();
    ResendDialog dialog(captured(), QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(closedPort)));
    dialog.show();
    QVERIFY(sendAndWait(dialog));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("resendError"));
    QVERIFY(error->isVisibleTo(&dialog));
    QVERIFY2(error->text().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(error->text()));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("resendStatus"))
                ->text()
                .startsWith(QStringLiteral("Failed")));
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("resendSend"))->isEnabled());
}

void TestResendDialog::badUrlAndMethod()
{
    const qint64 before = m_store->maxId();
    ResendDialog dialog(captured(), serverUrl(QStringLiteral("/x")));
    dialog.show();
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("resendUrl"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("resendError"));
    auto *send = dialog.findChild<QPushButton *>(QStringLiteral("resendSend"));
    for (const QString &bad :
         {QStringLiteral("not a url"), QStringLiteral("ftp://127.0.0.1/x"),
          QStringLiteral("http://"), QStringLiteral("http://exa mple.com/"), QString()}) {
        url->setText(bad);
        send->click();
        QVERIFY2(error->isVisibleTo(&dialog), qPrintable(bad));
        QVERIFY(error->text().contains(QStringLiteral("URL")));
        QVERIFY(!dialog.isSending());
    }
    url->setText(serverUrl(QStringLiteral("/x")).toString());
    dialog.findChild<QComboBox *>(QStringLiteral("resendMethod"))
        ->setCurrentText(QStringLiteral("GE T"));
    send->click();
    QVERIFY(error->text().contains(QStringLiteral("method")));
    QVERIFY(!dialog.isSending());
    QCOMPARE(m_store->maxId(), before);
}

void TestResendDialog::cancelWhileInFlight()
{
    // A server that accepts and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ResendDialog dialog(captured(),
                        QUrl(QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort())));
    dialog.show();
    QSignalSpy finished(&dialog, &ResendDialog::sendFinished);
    dialog.findChild<QPushButton *>(QStringLiteral("resendSend"))->click();
    QVERIFY(dialog.isSending());
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
    // The event loop keeps running while the request waits: the dialog stays responsive.
    QTest::qWait(100);
    QCOMPARE(finished.count(), 0);
    auto *cancel = dialog.findChild<QPushButton *>(QStringLiteral("resendCancel"));
    QVERIFY(cancel->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("resendSend"))->isEnabled());
    cancel->click();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!dialog.isSending());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("resendStatus"))
                ->text()
                .startsWith(QStringLiteral("Cancelled")));
    QVERIFY(!cancel->isEnabled());
}

void TestResendDialog::closingWhileInFlight()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    auto *dialog = new ResendDialog(
        captured(), QUrl(QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort())));
    dialog->send();
    QVERIFY(dialog->isSending());
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
    delete dialog; // aborts the reply without calling back into a destroyed dialog
    QTest::qWait(50);
}

void TestResendDialog::copyEditedAsCurl()
{
    ResendDialog dialog(captured(), QUrl(QStringLiteral("http://example.org:9000/a?b=1")));
    dialog.findChild<QComboBox *>(QStringLiteral("resendMethod"))
        ->setCurrentText(QStringLiteral("PUT"));
    dialog.findChild<QPushButton *>(QStringLiteral("resendCopyCurl"))->click();
    const QString command = QApplication::clipboard()->text();
    QVERIFY2(command.startsWith(QStringLiteral("curl ")), qPrintable(command));
    QVERIFY(command.contains(QStringLiteral("-X PUT")));
    QVERIFY(command.contains(QStringLiteral("-H 'Stripe-Signature: t=1,v1=abc'")));
    QVERIFY(command.contains(QStringLiteral("--data-binary '{\"id\":\"evt_1\",\"amount\":1999}'")));
    QVERIFY(command.endsWith(QStringLiteral("'http://example.org:9000/a?b=1'")));

    // A bad URL copies nothing.
    QApplication::clipboard()->setText(QStringLiteral("before"));
    dialog.findChild<QLineEdit *>(QStringLiteral("resendUrl"))->setText(QStringLiteral("nope"));
    dialog.findChild<QPushButton *>(QStringLiteral("resendCopyCurl"))->click();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
}

QTEST_MAIN(TestResendDialog)
#include "tst_resend_dialog.moc"
