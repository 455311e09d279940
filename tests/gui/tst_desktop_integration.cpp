// The main window's desktop side over a real Engine: the first-run view (receiver URL, the
// sample webhook posted over HTTP to the window's own receiver, the links to the Signatures
// and Subscriptions panes), the About dialog, the tray menu's actions (copy URL, pause
// capture, show, quit) and closing to the tray.
#include "app_settings.h"
#include "dialogs/about_dialog.h"
#include "dialogs/signatures_dialog.h"
#include "engine.h"
#include "main_window.h"
#include "models/request_list_model.h"
#include "new_request_notifier.h"
#include "widgets/first_run_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCommandLinkButton>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestDesktopIntegration : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void firstRunShowsTheReceiverUrl();
    void firstRunSaysWhyTheReceiverIsNotListening();
    void sampleWebhookIsCaptured();
    void signaturesLinkOpensTheSignaturesPane();
    void subscriptionsLinkOnlyWithThatPane();
    void aboutDialogContent();
    void trayMenuActions();
    void closingKeepsHookscopeInTheTray();
    void closingWithoutTheSettingCloses();

private:
    template <typename T>
    T *child(const char *name) const
    {
        T *found = m_window->findChild<T *>(QString::fromLatin1(name));
        if (!found)
            qWarning("no child %s", name);
        return found;
    }
    QAction *trayAction(const char *name) const;
    // POST to the receiver; the HTTP status, or -1 when nothing answered.
    int post();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QNetworkAccessManager m_network;
};

void TestDesktopIntegration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings =
        std::make_unique<AppSettings>(QDir(m_dir->path()).filePath(QStringLiteral("test.ini")));
    m_settings->setPort(0);
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_settings.get());
    m_window->show();
    m_window->start();
    QVERIFY(m_engine->isRunning());
}

void TestDesktopIntegration::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_settings.reset();
    m_dir.reset();
}

QAction *TestDesktopIntegration::trayAction(const char *name) const
{
    QMenu *menu = m_window->notifier()->trayMenu();
    if (!menu)
        return nullptr;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == QLatin1String(name))
            return action;
    }
    return nullptr;
}

int TestDesktopIntegration::post()
{
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/x").arg(m_engine->receiverUrl().port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = m_network.post(request, QByteArray("{}"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return -1;
    reply->deleteLater();
    if (reply->error() == QNetworkReply::ConnectionRefusedError)
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestDesktopIntegration::firstRunShowsTheReceiverUrl()
{
    FirstRunView *view = m_window->firstRunView();
    QTRY_VERIFY(view->isVisible());
    QVERIFY(!m_window->requestList()->isVisible());
    const QString url = m_engine->receiverUrl().toString();
    QCOMPARE(child<QLabel>("firstRunUrl")->text(), url);
    QVERIFY(child<QLabel>("firstRunExample")->text().contains(url + QStringLiteral("/hooks/test")));
    QVERIFY(child<QPushButton>("sendSampleButton")->isEnabled());

    child<QPushButton>("firstRunCopyButton")->click();
    QCOMPARE(QApplication::clipboard()->text(), url);

    // Paused capture: the view says so and offers no sample to send.
    m_window->pauseCaptureAction()->trigger();
    QTRY_VERIFY(!m_engine->isRunning());
    QVERIFY(!child<QLabel>("firstRunUrl")->isVisible());
    QVERIFY(!child<QPushButton>("sendSampleButton")->isEnabled());
    QVERIFY(child<QLabel>("firstRunIntro")->text().contains(QStringLiteral("Capture is paused")));
}

void TestDesktopIntegration::firstRunSaysWhyTheReceiverIsNotListening()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    m_settings->setPort(blocker.serverPort());
    // Resuming capture starts the receiver again, on the port that is taken now.
    m_window->pauseCaptureAction()->trigger();
    QTRY_VERIFY(!m_engine->isRunning());
    m_window->pauseCaptureAction()->trigger();
    QTRY_VERIFY(child<QLabel>("firstRunIntro")->text().contains(QStringLiteral("is in use")));
    QVERIFY(!m_engine->isRunning());
    QVERIFY(!child<QPushButton>("sendSampleButton")->isEnabled());
    QVERIFY(!child<QLabel>("firstRunUrl")->isVisible());
}

void TestDesktopIntegration::sampleWebhookIsCaptured()
{
    QTRY_VERIFY(m_window->firstRunView()->isVisible());
    QTest::mouseClick(child<QPushButton>("sendSampleButton"), Qt::LeftButton);
    RequestListModel *model = m_window->requestModel();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RequestListModel::MethodColumn).data().toString(),
             QStringLiteral("POST"));
    QCOMPARE(model->index(0, RequestListModel::PathColumn).data().toString(),
             QStringLiteral("/hooks/sample"));
    QCOMPARE(model->index(0, RequestListModel::EventColumn).data().toString(),
             QStringLiteral("user.created"));
    QCOMPARE(model->index(0, RequestListModel::StatusColumn).data().toInt(), 200);
    // The list replaces the first-run view.
    QTRY_VERIFY(m_window->requestList()->isVisible());
    QVERIFY(!m_window->firstRunView()->isVisible());
    QVERIFY(!child<QLabel>("sampleStatus")->isVisible());
}

void TestDesktopIntegration::signaturesLinkOpensTheSignaturesPane()
{
    QTRY_VERIFY(m_window->firstRunView()->isVisible());
    QTest::mouseClick(child<QCommandLinkButton>("signaturesLink"), Qt::LeftButton);
    auto *dialog = m_window->findChild<SignaturesDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
}

void TestDesktopIntegration::subscriptionsLinkOnlyWithThatPane()
{
    // The window has the Subscriptions pane (Ctrl+2): the link shows it.
    QTRY_VERIFY(m_window->firstRunView()->isVisible());
    auto *link = child<QCommandLinkButton>("subscriptionsLink");
    QTRY_VERIFY(link->isVisible());
    QTest::mouseClick(link, Qt::LeftButton);
    QCOMPARE(m_window->tabs()->currentWidget()->objectName(), QStringLiteral("subscriptionsPane"));
    // Without that pane there is no link.
    m_window->tabs()->setCurrentIndex(0);
    m_window->firstRunView()->setSubscriptionsAvailable(false);
    QTRY_VERIFY(!link->isVisible());
    m_window->firstRunView()->setSubscriptionsAvailable(true);

    // Each pane is in the View menu with its shortcut, a pane added later too.
    auto *show = m_window->findChild<QAction *>(QStringLiteral("showPane2Action"));
    QVERIFY(show);
    QCOMPARE(show->text(), QStringLiteral("Subscriptions"));
    QCOMPARE(show->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_2));
    auto *other = new QWidget;
    other->setObjectName(QStringLiteral("exportsPane"));
    m_window->addPane(other, QStringLiteral("Exports"));
    const int index = m_window->tabs()->indexOf(other);
    auto *showOther =
        m_window->findChild<QAction *>(QStringLiteral("showPane%1Action").arg(index + 1));
    QVERIFY(showOther);
    QCOMPARE(showOther->text(), QStringLiteral("Exports"));
    QCOMPARE(showOther->shortcut(), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    for (QAction *action : {show, showOther}) {
        const QList<QObject *> menus = action->associatedObjects();
        QVERIFY(std::any_of(menus.begin(), menus.end(), [](QObject *o) {
            auto *menu = qobject_cast<QMenu *>(o);
            return menu && menu->title() == QStringLiteral("&View");
        }));
    }
}

void TestDesktopIntegration::aboutDialogContent()
{
    // Something stored, so the database has a size worth showing.
    QCOMPARE(post(), 200);
    QTRY_COMPARE(m_window->requestModel()->rowCount(), 1);

    m_window->findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
    auto *dialog = m_window->findChild<AboutDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const auto label = [dialog](const char *name) {
        auto *found = dialog->findChild<QLabel *>(QString::fromLatin1(name));
        return found ? found->text() : QStringLiteral("<missing>");
    };
    QVERIFY2(label("aboutTitle")
                 .contains(QStringLiteral("Hookscope ") + QApplication::applicationVersion()),
             qPrintable(label("aboutTitle")));
    QVERIFY2(label("qtVersion").startsWith(QString::fromLatin1(qVersion())),
             qPrintable(label("qtVersion")));
    QVERIFY2(label("opensslVersion").startsWith(QStringLiteral("OpenSSL 3.")),
             qPrintable(label("opensslVersion")));
    QCOMPARE(label("dataFolder"), m_engine->dataDir());
    const qint64 bytes = AboutDialog::databaseBytes(m_engine->databasePath());
    QVERIFY(bytes >= QFileInfo(m_engine->databasePath()).size());
    QVERIFY(QFileInfo(m_engine->databasePath()).size() > 0);
    QCOMPARE(label("databaseSize"), QLocale().formattedDataSize(bytes));

    QList<QUrl> opened;
    bool answer = true;
    dialog->setOpenUrlFunctionForTesting([&](const QUrl &url) {
        opened << url;
        return answer;
    });
    auto *open = dialog->findChild<QPushButton *>(QStringLiteral("openDataFolderButton"));
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(m_engine->dataDir())});
    QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("openFailed"))->isVisible());
    // No file manager: the dialog says so.
    answer = false;
    QTest::mouseClick(open, Qt::LeftButton);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("openFailed"))->isVisible());
}

void TestDesktopIntegration::trayMenuActions()
{
    NewRequestNotifier *notifier = m_window->notifier();
    QVERIFY(notifier->trayMenu());
    const QString url = m_engine->receiverUrl().toString();
    QAction *state = trayAction("trayStateAction");
    QVERIFY(state);
    QCOMPARE(state->text(), QStringLiteral("Listening on ") + url);
    QVERIFY(!state->isEnabled());
    QVERIFY(notifier->toolTip().contains(url));

    // Copy the receiver URL.
    QApplication::clipboard()->clear();
    QAction *copy = trayAction("copyUrlAction");
    QVERIFY(copy);
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), url);

    // Requests that arrive while the window is in the background are counted.
    QAction *unseen = trayAction("trayUnseenAction");
    QVERIFY(unseen);
    QVERIFY(!unseen->isVisible());
    notifier->addCaptured({CaptureSummary{}, CaptureSummary{}}, false);
    notifier->addCaptured({CaptureSummary{}}, false);
    QCOMPARE(unseen->text(), QStringLiteral("3 new requests"));
    QVERIFY(unseen->isVisible());
    QVERIFY(notifier->toolTip().contains(QStringLiteral("3 new requests")));
    notifier->clearPending();
    QVERIFY(!unseen->isVisible());

    // Pause capture: the receiver stops (senders are refused), the menu says so; resume.
    QAction *pause = trayAction("pauseCaptureAction");
    QVERIFY(pause);
    QVERIFY(pause->isCheckable());
    pause->trigger();
    QTRY_VERIFY(!m_engine->isRunning());
    QVERIFY(m_window->isCapturePaused());
    QCOMPARE(state->text(), QStringLiteral("Capture paused"));
    QCOMPARE(child<QLabel>("receiverStateLabel")->text(), QStringLiteral("Capture paused"));
    QVERIFY(!copy->isEnabled());
    QVERIFY(!child<QWidget>("receiverProblem")->isVisible());
    pause->trigger();
    QTRY_VERIFY(m_engine->isRunning());
    QVERIFY(!pause->isChecked());
    QCOMPARE(post(), 200);
    QTRY_COMPARE(m_window->requestModel()->rowCount(), 1);
    QVERIFY(state->text().startsWith(QStringLiteral("Listening on ")));

    // Show and Quit.
    QVERIFY(trayAction("trayShowAction"));
    QAction *quit = trayAction("quitAction");
    QVERIFY(quit);
    QCOMPARE(m_window->notifier()->trayMenu()->actions().constLast(), quit);
    quit->trigger();
    QVERIFY(!m_window->isVisible());
}

void TestDesktopIntegration::closingKeepsHookscopeInTheTray()
{
    m_settings->setMinimiseToTray(true);
    NewRequestNotifier *notifier = m_window->notifier();
    notifier->setTrayAvailableForTesting();
    QSignalSpy destroyed(m_window.get(), &QObject::destroyed);

    QVERIFY(!m_window->close()); // the close is refused: the window goes to the tray
    QVERIFY(!m_window->isVisible());
    QVERIFY(notifier->isWindowInTray());
    QVERIFY(m_engine->isRunning());
    QCOMPARE(post(), 200);

    // Show Hookscope brings it back; a second launch (bringToFront) does the same.
    trayAction("trayShowAction")->trigger();
    QVERIFY(m_window->isVisible());
    QVERIFY(!notifier->isWindowInTray());
    QVERIFY(!m_window->close());
    m_window->bringToFront();
    QVERIFY(m_window->isVisible());

    // Quit really closes, tray setting or not.
    trayAction("quitAction")->trigger();
    QVERIFY(!m_window->isVisible());
    QVERIFY(destroyed.isEmpty());
}

void TestDesktopIntegration::closingWithoutTheSettingCloses()
{
    m_window->notifier()->setTrayAvailableForTesting();
    QVERIFY(!m_settings->minimiseToTray());
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
    QVERIFY(!m_window->notifier()->isWindowInTray());
}

QTEST_MAIN(TestDesktopIntegration)
#include "tst_desktop_integration.moc"
