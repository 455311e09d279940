#pragma once

#include "receive/capture_summary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

class QSystemTrayIcon;
class QWidget;

namespace hookscope {

class AppSettings;

// Desktop notifications for new requests while the window is in the background: one
// message that sums up everything since the last one ("3 new requests, last: POST /hooks"),
// at most one per minimumInterval(), only when AppSettings::notifyNewRequests() is on.
// Shown through a system tray icon; without a tray (isAvailable() false) it does nothing.
// Clicking the message or the icon emits raiseRequested() (and restores an attached window).
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
    // The user is looking at the window: nothing pending needs telling any more.
    void clearPending();
    int pendingCount() const { return m_pending; }

    // Tests (the offscreen platform has no tray): messages go to this function instead.
    void setShowFunctionForTesting(ShowFunction show) { m_show = std::move(show); }

signals:
    void raiseRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void flush();
    void show(const QString &title, const QString &text);
    QSystemTrayIcon *tray();
    void restoreWindow();
    void updateTrayVisibility();

    AppSettings *m_settings;
    const bool m_trayAvailable;
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<QWidget> m_window;
    bool m_windowInTray = false;
    ShowFunction m_show;
    QTimer m_timer;
    QElapsedTimer m_sinceShown;
    int m_intervalMs = 5000;
    int m_pending = 0;
    QByteArray m_lastMethod;
    QByteArray m_lastPath;
};

} // namespace hookscope
