#include "app_settings.h"
#include "engine.h"
#include "main_window.h"
#include "models/request_list_model.h"
#include "widgets/filter_bar.h"
#include "widgets/request_detail_view.h"
#include "widgets/signature_badge.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace hookscope;

// The main window over a real Engine: requests go to its receiver over HTTP and come back
// through the database into the list and the detail view.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void postedRequestAppearsAndOpens();
    void searchFiltersTheList();
    void arrivalsKeepTheSelectionAndAreUnreadUntilSelected();
    void pauseHoldsArrivalsBack();
    void deleteKeyDeletesTheSelection();
    void clearAllEmptiesListAndDatabase();
    void portInUseIsShownNotFatal();
    void retentionPrunesTheOldest();
    void signatureBadges();

private:
    qint64 post(const QByteArray &path, const QByteArray &body,
                const QByteArray &contentType = "application/json",
                const QList<QPair<QByteArray, QByteArray>> &headers = {});
    qint64 storedCount();
    void answerNextMessageBox(QMessageBox::StandardButton button, QString *text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QNetworkAccessManager m_network;
};

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings =
        std::make_unique<AppSettings>(QDir(m_dir->path()).filePath(QStringLiteral("test.ini")));
    m_settings->setPort(0);
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_settings.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_window->requestModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->show();
    m_window->start();
    QVERIFY(m_engine->isRunning());
}

void TestMainWindow::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
    m_dir.reset();
}

qint64 TestMainWindow::post(const QByteArray &path, const QByteArray &body,
                            const QByteArray &contentType,
                            const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(m_engine->receiverUrl().resolved(QUrl(QString::fromUtf8(path))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return 0;
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError) {
        qWarning("post failed: %s", qPrintable(reply->errorString()));
        return 0;
    }
    return reply->readAll().contains("\"id\"") ? 1 : 0;
}

qint64 TestMainWindow::storedCount()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    db.setDatabaseName(m_engine->databasePath());
    qint64 count = -1;
    if (db.open()) {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT count(*) FROM requests")) && q.next())
            count = q.value(0).toLongLong();
    }
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return count;
}

void TestMainWindow::postedRequestAppearsAndOpens()
{
    QLabel *url = m_window->findChild<QLabel *>(QStringLiteral("receiverUrlLabel"));
    QVERIFY(url);
    QCOMPARE(url->text(), m_engine->receiverUrl().toString());
    // Nothing stored yet: the first-run view (tst_desktop_integration) instead of the list.
    QVERIFY(!m_window->requestList()->isVisible());

    QVERIFY(post("/hooks/stripe?x=1", R"({"type":"invoice.paid","amount":4200})"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RequestListModel::MethodColumn).data().toString(),
             QStringLiteral("POST"));
    QCOMPARE(model->index(0, RequestListModel::PathColumn).data().toString(),
             QStringLiteral("/hooks/stripe?x=1"));
    QCOMPARE(model->index(0, RequestListModel::StatusColumn).data().toInt(), 200);
    QCOMPARE(model->index(0, RequestListModel::EventColumn).data().toString(),
             QStringLiteral("invoice.paid"));
    QTRY_VERIFY(m_window->requestList()->isVisible());
    QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("requestCountLabel"))->text(),
                 QStringLiteral("1 request"));

    m_window->selectId(model->idAt(0));
    RequestDetailView *detail = m_window->detailView();
    QVERIFY(detail->hasRequest());
    QCOMPARE(detail->request().body, QByteArray(R"({"type":"invoice.paid","amount":4200})"));
    QCOMPARE(detail->request().query, QByteArray("x=1"));
}

void TestMainWindow::searchFiltersTheList()
{
    QVERIFY(post("/a", R"({"type":"user.created","email":"ann@example.com"})"));
    QVERIFY(post("/b", R"({"type":"user.deleted","email":"bob@example.com"})"));
    QVERIFY(post("/c", "plain text about bob", "text/plain"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 3);

    // Ctrl+F reaches the search field, typing filters in SQL after the debounce.
    m_window->activateWindow();
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(search);
    QTest::keyClicks(search, QStringLiteral("bob"));
    QTRY_COMPARE(model->rowCount(), 2);
    QTest::keyClicks(search, QStringLiteral("@example"));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RequestListModel::PathColumn).data().toString(), QStringLiteral("/b"));
    QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("requestCountLabel"))
                    ->text()
                    .startsWith(QStringLiteral("1 of 3")));

    // A new arrival that matches shows up; one that does not stays out.
    QVERIFY(post("/d", R"({"note":"bob@example.com again"})"));
    QVERIFY(post("/e", R"({"note":"nobody"})"));
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, RequestListModel::PathColumn).data().toString(), QStringLiteral("/d"));

    search->clear();
    QTRY_COMPARE(model->rowCount(), 5);
}

void TestMainWindow::arrivalsKeepTheSelectionAndAreUnreadUntilSelected()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(post("/n/" + QByteArray::number(i), "{}"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 3);
    const qint64 chosen = model->idAt(1);
    m_window->selectId(chosen);
    QCOMPARE(model->index(1, 0).data(RequestListModel::UnreadRole).toBool(), false);
    QCOMPARE(model->index(0, 0).data(RequestListModel::UnreadRole).toBool(), true);

    QVERIFY(post("/later", "{}"));
    QTRY_COMPARE(model->rowCount(), 4);
    const QModelIndex current = m_window->requestList()->currentIndex();
    QCOMPARE(model->idAt(current.row()), chosen);
    QCOMPARE(m_window->detailView()->request().id, chosen);
    QCOMPARE(model->index(0, 0).data(RequestListModel::UnreadRole).toBool(), true);
}

void TestMainWindow::pauseHoldsArrivalsBack()
{
    auto *pause = m_window->findChild<QAction *>(QStringLiteral("pauseAction"));
    QVERIFY(pause);
    pause->trigger();
    QVERIFY(post("/held", "{}"));
    QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("requestCountLabel"))
                    ->text()
                    .contains(QStringLiteral("paused, 1 new")));
    QCOMPARE(m_window->requestModel()->rowCount(), 0);
    pause->trigger();
    QTRY_COMPARE(m_window->requestModel()->rowCount(), 1);
}

void TestMainWindow::deleteKeyDeletesTheSelection()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(post("/n/" + QByteArray::number(i), "{}"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 3);
    const qint64 first = model->idAt(0);
    const qint64 second = model->idAt(1);
    m_window->selectId(first);
    m_window->requestList()->setFocus();
    QTest::keyClick(m_window->requestList(), Qt::Key_Delete);
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->rowOf(first), -1);
    // The selection moved on to the next request.
    QCOMPARE(m_window->selectedIds(), QList<qint64>{second});
    QCOMPARE(storedCount(), 2);
}

void TestMainWindow::clearAllEmptiesListAndDatabase()
{
    for (int i = 0; i < 4; ++i)
        QVERIFY(post("/n/" + QByteArray::number(i), "{}"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 4);
    m_window->selectId(model->idAt(0));

    // Cancel first: nothing happens. Then confirm.
    for (const auto button : {QMessageBox::Cancel, QMessageBox::Yes}) {
        QString question;
        answerNextMessageBox(button, &question);
        m_window->clearAll();
        QVERIFY2(question.contains(QStringLiteral("4 stored requests")), qPrintable(question));
    }
    QTRY_COMPARE(model->rowCount(), 0);
    QCOMPARE(storedCount(), 0);
    QVERIFY(!m_window->detailView()->hasRequest());

    // Capture goes on after a clear, with new ids.
    QVERIFY(post("/after", "{}"));
    QTRY_COMPARE(model->rowCount(), 1);
    QVERIFY(model->idAt(0) > 4);
}

void TestMainWindow::portInUseIsShownNotFatal()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    m_window.reset();
    m_engine->stopAndWait();
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
    m_settings->setPort(blocker.serverPort());
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_settings.get());
    m_window->show();
    m_window->start();
    QVERIFY(!m_engine->isRunning());
    QWidget *problem = m_window->findChild<QWidget *>(QStringLiteral("receiverProblem"));
    QVERIFY(problem->isVisible());
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("receiverProblemText"))
                ->text()
                .contains(QString::number(blocker.serverPort())));
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("receiverStateLabel"))->text(),
             QStringLiteral("Receiver stopped"));

    // Free the port and retry from the banner.
    blocker.close();
    m_window->findChild<QPushButton *>(QStringLiteral("retryReceiverButton"))->click();
    QVERIFY(m_engine->isRunning());
    QVERIFY(!problem->isVisible());
}

void TestMainWindow::retentionPrunesTheOldest()
{
    for (int i = 0; i < 5; ++i)
        QVERIFY(post("/n/" + QByteArray::number(i), "{}"));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 5);
    const qint64 newest = model->idAt(0);
    m_engine->pruneRequests(2, 0);
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->idAt(0), newest);
    QCOMPARE(storedCount(), 2);
}

// The confirmation is a modal QMessageBox: answer it from the event loop once it shows.
void TestMainWindow::signatureBadges()
{
    // GitHub docs, "Validating webhook deliveries" (shared/signature-vectors.md).
    QString error;
    const auto rules = EndpointRule::listFromJson(
        R"([{"name":"github","path":"/gh",
             "signature":{"scheme":"github","secrets":["It's a Secret to Everybody"]}}])",
        &error);
    QVERIFY2(rules && m_engine->setRules(*rules, &error), qPrintable(error));
    const QPair<QByteArray, QByteArray> good = {
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"};
    QVERIFY(post("/gh", "Hello, World!", "text/plain", {good}));
    QVERIFY(post("/gh", "Hello, World!\n", "text/plain", {good}));
    QVERIFY(post("/other", "Hello, World!", "text/plain", {good}));
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 3);
    // Newest first.
    const auto badge = [model](int row, int role = Qt::DisplayRole) {
        return model->index(row, RequestListModel::SignatureColumn).data(role);
    };
    QCOMPARE(badge(2).toString(), QStringLiteral("valid"));
    QCOMPARE(badge(1).toString(), QStringLiteral("invalid"));
    QCOMPARE(badge(0).toString(), QString());
    QCOMPARE(badge(2, Qt::ForegroundRole).value<QColor>(),
             SignatureBadge::colour(SignatureStatus::Valid));
    QCOMPARE(badge(1, Qt::ForegroundRole).value<QColor>(),
             SignatureBadge::colour(SignatureStatus::Invalid));
    QVERIFY(!badge(0, Qt::ForegroundRole).isValid());
    QVERIFY2(badge(2, Qt::ToolTipRole).toString().startsWith(QStringLiteral("valid (github")),
             qPrintable(badge(2, Qt::ToolTipRole).toString()));
    QVERIFY2(badge(1, Qt::ToolTipRole).toString().contains(QStringLiteral("newline")),
             qPrintable(badge(1, Qt::ToolTipRole).toString()));
    QVERIFY(badge(0, Qt::ToolTipRole).toString().contains(QStringLiteral("Not checked")));

    // The detail view explains the verdict, hints included.
    m_window->selectId(model->idAt(1));
    auto *signature =
        m_window->detailView()->findChild<QLabel *>(QStringLiteral("overviewSignature"));
    QVERIFY(signature);
    QTRY_VERIFY(signature->text().startsWith(QStringLiteral("invalid: ")));
    QVERIFY2(signature->text().contains(QStringLiteral("\nHint: ")), qPrintable(signature->text()));
    QVERIFY(!signature->text().contains(QStringLiteral("Secret to Everybody")));
    m_window->selectId(model->idAt(0));
    QTRY_VERIFY(signature->text().startsWith(QStringLiteral("Not checked")));
}

void TestMainWindow::answerNextMessageBox(QMessageBox::StandardButton button, QString *text)
{
    auto *poll = new QTimer(this);
    poll->setInterval(10);
    connect(poll, &QTimer::timeout, this, [poll, button, text] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (box && box->isVisible()) {
                *text = box->text();
                poll->deleteLater();
                box->button(button)->click();
                return;
            }
        }
    });
    poll->start();
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
