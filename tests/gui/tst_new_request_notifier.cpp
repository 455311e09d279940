#include "app_settings.h"
#include "new_request_notifier.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace hookscope;

namespace {

CaptureSummary summary(const QByteArray &method, const QByteArray &path)
{
    CaptureSummary s;
    s.method = method;
    s.path = path;
    return s;
}

} // namespace

class TestNewRequestNotifier : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void withoutATrayNothingHappens();
    void nothingWhenDisabled();
    void nothingWhileTheWindowIsActive();
    void coalescesWithinTheInterval();
    void windowActivationDropsWhatIsPending();
    void longPathsAreShortened();
    void activatingTheAttachedWindowClearsPending();
    void trayMenuCountsUnseenRequestsEvenWithoutNotifications();
    void failedDeliveriesAreToldWhenAskedFor();

private:
    void attach(NewRequestNotifier &notifier)
    {
        notifier.setShowFunctionForTesting([this](const QString &title, const QString &text) {
            QCOMPARE(title, QStringLiteral("Hookscope"));
            m_shown.append(text);
        });
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    QStringList m_shown;
};

void TestNewRequestNotifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("s.ini")));
    m_settings->setNotifyNewRequests(true);
    m_shown.clear();
}

void TestNewRequestNotifier::cleanup()
{
    m_settings.reset();
}

void TestNewRequestNotifier::withoutATrayNothingHappens()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("this platform has a system tray");
    NewRequestNotifier notifier(m_settings.get());
    QVERIFY(!notifier.isAvailable());
    notifier.addCaptured({summary("POST", "/a")}, false);
    QCOMPARE(notifier.pendingCount(), 0);
}

void TestNewRequestNotifier::nothingWhenDisabled()
{
    m_settings->setNotifyNewRequests(false);
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    QVERIFY(notifier.isAvailable());
    notifier.addCaptured({summary("POST", "/a")}, false);
    QCOMPARE(notifier.pendingCount(), 0);
    QTest::qWait(50);
    QVERIFY(m_shown.isEmpty());
}

void TestNewRequestNotifier::nothingWhileTheWindowIsActive()
{
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    notifier.addCaptured({summary("POST", "/a"), summary("GET", "/b")}, true);
    QCOMPARE(notifier.pendingCount(), 0);
    QVERIFY(m_shown.isEmpty());
}

void TestNewRequestNotifier::coalescesWithinTheInterval()
{
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    notifier.setMinimumInterval(300);
    notifier.addCaptured({summary("POST", "/hooks/stripe")}, false);
    QCOMPARE(m_shown, QStringList{QStringLiteral("1 new request, last: POST /hooks/stripe")});

    // Within the interval: summed into one later message.
    notifier.addCaptured({summary("POST", "/a"), summary("POST", "/b")}, false);
    notifier.addCaptured({summary("PUT", "/c")}, false);
    QCOMPARE(m_shown.size(), 1);
    QCOMPARE(notifier.pendingCount(), 3);
    QTRY_COMPARE(m_shown.size(), 2);
    QCOMPARE(m_shown.last(), QStringLiteral("3 new requests, last: PUT /c"));
    QCOMPARE(notifier.pendingCount(), 0);
    QTest::qWait(400);
    QCOMPARE(m_shown.size(), 2); // nothing new, nothing shown
}

void TestNewRequestNotifier::failedDeliveriesAreToldWhenAskedFor()
{
    NewRequestNotifier notifier(m_settings.get());
    QStringList titles;
    QStringList texts;
    notifier.setShowFunctionForTesting([&](const QString &title, const QString &text) {
        titles.append(title);
        texts.append(text);
    });
    notifier.setMinimumInterval(300);
    // Off by default.
    notifier.addFailedDelivery(QStringLiteral("CRM"), QStringLiteral("user.created"),
                               QStringLiteral("HTTP 500"));
    notifier.addDisabledSubscription(QStringLiteral("the endpoint answered 410 Gone"));
    QVERIFY(titles.isEmpty());

    m_settings->setNotifyFailedDeliveries(true);
    notifier.addFailedDelivery(QStringLiteral("CRM"), QStringLiteral("user.created"),
                               QStringLiteral("HTTP 500"));
    QCOMPARE(titles, QStringList{QStringLiteral("A delivery failed")});
    QCOMPARE(texts.last(), QStringLiteral("user.created to CRM: HTTP 500"));
    // Within the interval: summed up into one later message.
    notifier.addFailedDelivery(QStringLiteral("CRM"), QStringLiteral("user.updated"),
                               QStringLiteral("timed out after 10000 ms without an answer"));
    notifier.addFailedDelivery(QStringLiteral("Billing"), QStringLiteral("payment.failed"),
                               QStringLiteral("Connection refused"));
    QCOMPARE(titles.size(), 1);
    QTRY_COMPARE(titles.size(), 2);
    QCOMPARE(titles.last(), QStringLiteral("2 deliveries failed"));
    QCOMPARE(texts.last(), QStringLiteral("Last: payment.failed to Billing: Connection refused"));
    notifier.addDisabledSubscription(QStringLiteral("the endpoint answered 410 Gone"));
    QCOMPARE(titles.last(), QStringLiteral("A subscription was disabled"));
    QCOMPARE(texts.last(), QStringLiteral("the endpoint answered 410 Gone"));
}

void TestNewRequestNotifier::windowActivationDropsWhatIsPending()
{
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    notifier.setMinimumInterval(200);
    notifier.addCaptured({summary("POST", "/a")}, false);
    notifier.addCaptured({summary("POST", "/b")}, false);
    QCOMPARE(notifier.pendingCount(), 1);
    notifier.clearPending();
    QTest::qWait(350);
    QCOMPARE(m_shown.size(), 1);
    // Turned off while a message waits: it is not shown.
    notifier.addCaptured({summary("POST", "/c")}, false);
    QCOMPARE(m_shown.size(), 2);
    notifier.addCaptured({summary("POST", "/d")}, false);
    m_settings->setNotifyNewRequests(false);
    QTest::qWait(350);
    QCOMPARE(m_shown.size(), 2);
}

void TestNewRequestNotifier::longPathsAreShortened()
{
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    notifier.addCaptured({summary("POST", "/" + QByteArray(500, 'x'))}, false);
    QCOMPARE(m_shown.size(), 1);
    QVERIFY(m_shown.first().size() < 150);
    QVERIFY(m_shown.first().endsWith(QChar(0x2026)));
}

void TestNewRequestNotifier::activatingTheAttachedWindowClearsPending()
{
    QWidget window;
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    notifier.setMinimumInterval(60000);
    notifier.attachWindow(&window);
    notifier.addCaptured({summary("POST", "/a")}); // not shown, so not active
    QCOMPARE(m_shown.size(), 1);
    notifier.addCaptured({summary("POST", "/b")});
    QCOMPARE(notifier.pendingCount(), 1);

    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(notifier.pendingCount(), 0);
    notifier.addCaptured({summary("POST", "/c")});
    QCOMPARE(notifier.pendingCount(), 0);
    QCOMPARE(m_shown.size(), 1);
}

void TestNewRequestNotifier::trayMenuCountsUnseenRequestsEvenWithoutNotifications()
{
    m_settings->setNotifyNewRequests(false);
    NewRequestNotifier notifier(m_settings.get());
    attach(notifier);
    QAction copy(QStringLiteral("Copy"));
    QAction quit(QStringLiteral("Quit"));
    quit.setMenuRole(QAction::QuitRole);
    notifier.setTrayActions({&copy, &quit});
    notifier.setReceiverState(true, QStringLiteral("Listening on http://127.0.0.1:1"));

    // State, unseen count, separator, Show, the window's actions, Quit after a separator.
    const QList<QAction *> actions = notifier.trayMenu()->actions();
    QCOMPARE(actions.size(), 7);
    QCOMPARE(actions.at(0)->text(), QStringLiteral("Listening on http://127.0.0.1:1"));
    QCOMPARE(actions.at(1), notifier.unseenAction());
    QVERIFY(actions.at(2)->isSeparator());
    QCOMPARE(actions.at(3), notifier.showWindowAction());
    QCOMPARE(actions.at(4), &copy);
    QVERIFY(actions.at(5)->isSeparator());
    QCOMPARE(actions.at(6), &quit);

    notifier.addCaptured({summary("POST", "/a")}, false);
    QCOMPARE(notifier.unseenCount(), 1);
    QCOMPARE(notifier.unseenAction()->text(), QStringLiteral("1 new request"));
    notifier.addCaptured({summary("POST", "/b"), summary("POST", "/c")}, false);
    QCOMPARE(notifier.unseenCount(), 3);
    QVERIFY(m_shown.isEmpty()); // counted, not notified
    QCOMPARE(notifier.toolTip(), QStringLiteral("Hookscope\nListening on http://127.0.0.1:1\n"
                                                "3 new requests"));
    // Seen in the window: the count goes.
    notifier.addCaptured({summary("POST", "/d")}, true);
    QCOMPARE(notifier.unseenCount(), 0);
    QVERIFY(!notifier.unseenAction()->isVisible());

    // Show Hookscope restores the attached window.
    QWidget window;
    notifier.attachWindow(&window);
    QSignalSpy raised(&notifier, &NewRequestNotifier::raiseRequested);
    notifier.showWindowAction()->trigger();
    QVERIFY(window.isVisible());
    QCOMPARE(raised.size(), 1);
}

QTEST_MAIN(TestNewRequestNotifier)
#include "tst_new_request_notifier.moc"
