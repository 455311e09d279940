#pragma once

#include "receive/capture_summary.h"

#include <QElapsedTimer>
#include <QIcon>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace hookscope {

class AppSettings;

// Desktop notifications for new requests while the window is in the background: one
// message that sums up everything since the last one ("3 new requests, last: POST /hooks"),
// at most one per minimumInterval(), only when AppSettings::notifyNewRequests() is on.
// Shown through a system tray icon; without a tray (isAvailable() false) it does nothing.
// Clicking the message or the icon emits raiseRequested() (and restores an attached window).
// The same icon carries the tray menu: the receiver's state, the requests that arrived while
// the window was not looked at, Show Hookscope, and the window's own actions.
class NewRequestNotifier : public QObject
{
    Q_OBJECT

public:
    using ShowFunction = std::function<void(const QString &title, const QString &text)>;

    explicit NewRequestNotifier(AppSettings *settings, QObject *parent = nullptr);
    ~NewRequestNotifier() override;

    bool isAvailable() const { return m_trayAvailable || m_show; }
    int minimumInterval() const { return m_intervalMs; }
    void setMinimumInterval(int ms) { m_intervalMs = ms; }

    // Optional: watch the main window. Activating it clears what is pending; minimising it
    // hides it to the tray when AppSettings::minimiseToTray() is on and a tray exists.
    void attachWindow(QWidget *window);

    // Newly captured requests (Engine::requestsCaptured); windowActive: the user is
    // looking at the window already, so there is nothing to tell.
    void addCaptured(const QList<hookscope::CaptureSummary> &batch, bool windowActive);
    // The same, asking the attached window whether it is active.
    void addCaptured(const QList<hookscope::CaptureSummary> &batch);
    // Outbound trouble (Engine::deliveryFailed / subscriptionDisabled), told whether the window
    // is active or not when AppSettings::notifyFailedDeliveries() is on; failed deliveries
    // are summed up like requests, at most one message per minimumInterval().
    void addFailedDelivery(const QString &subscriptionName, const QString &eventType,
                           const QString &error);
    void addDisabledSubscription(const QString &reason);
    // The user is looking at the window: nothing pending needs telling any more.
    void clearPending();
    int pendingCount() const { return m_pending; }

    // The tray menu ends with these (copy the receiver URL, pause capture, quit); once they
    // are set the icon stays in the tray, where there is one, for as long as this lives.
    void setTrayActions(const QList<QAction *> &actions);
    // What the menu and the tooltip say about the receiver ("Listening on http://…").
    void setReceiverState(bool listening, const QString &text);
    QMenu *trayMenu() const { return m_menu.get(); }
    QAction *unseenAction() const { return m_unseenAction; }
    QAction *showWindowAction() const { return m_showAction; }
    // Requests captured since the user last looked at the window (shown in the tray menu
    // and tooltip, whether notifications are on or not).
    int unseenCount() const { return m_unseen; }
    QString toolTip() const;

    // Shows the attached window (from the tray too), raises it and emits raiseRequested().
    void restoreWindow();
    // Hides the attached window, leaving the tray icon; false (and nothing hidden) without
    // a tray.
    bool hideToTray();
    bool isWindowInTray() const { return m_windowInTray; }

    // Tests (the offscreen platform has no tray): messages go to this function instead.
    void setShowFunctionForTesting(ShowFunction show) { m_show = std::move(show); }
    // Tests: behave as if there were a tray (hiding to it), without showing an icon.
    void setTrayAvailableForTesting() { m_trayAvailable = m_trayForTesting = true; }

signals:
    void raiseRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void flush();
    void flushFailures();
    void show(const QString &title, const QString &text);
    QSystemTrayIcon *tray();
    void updateTrayVisibility();
    void updateTrayTexts();
    QString unseenText() const;
    QIcon trayIcon() const;

    AppSettings *m_settings;
    bool m_trayAvailable;
    bool m_trayForTesting = false;
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<QWidget> m_window;
    bool m_windowInTray = false;
    ShowFunction m_show;
    QTimer m_timer;
    QElapsedTimer m_sinceShown;
    QElapsedTimer m_sinceFailureShown;
    QTimer m_failureTimer;
    int m_failures = 0;
    QString m_lastFailure;
    int m_intervalMs = 5000;
    int m_pending = 0;
    QByteArray m_lastMethod;
    QByteArray m_lastPath;
    int m_unseen = 0;
    bool m_listening = false;
    QString m_receiverText;
    std::unique_ptr<QMenu> m_menu; // a QWidget: owned here, not by this QObject
    QAction *m_stateAction = nullptr;
    QAction *m_unseenAction = nullptr;
    QAction *m_showAction = nullptr;
};

} // namespace hookscope
