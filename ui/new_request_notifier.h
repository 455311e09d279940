#pragma once

#include "receive/capture_summary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

class QSystemTrayIcon;

namespace hookscope {

class AppSettings;

// Desktop notifications for new requests while the window is in the background: one
// message that sums up everything since the last one ("3 new requests, last: POST /hooks"),
// at most one per minimumInterval(). Shown through a system tray icon; without a tray
// (isAvailable() false) it shows nothing. Clicking the message or the icon asks for the
// window (raiseRequested()).
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

    // Connect to Engine::requestsCaptured with the window's isActiveWindow().
    void addCaptured(const QList<hookscope::CaptureSummary> &batch, bool windowActive);
    // The user is looking at the window: nothing pending needs telling any more.
    void clearPending();
    int pendingCount() const { return m_pending; }

    // Tests (the offscreen platform has no tray): messages go to this function instead.
    void setShowFunctionForTesting(ShowFunction show) { m_show = std::move(show); }

signals:
    void raiseRequested();

private:
    void flush();
    void show(const QString &title, const QString &text);

    AppSettings *m_settings;
    const bool m_trayAvailable;
    QSystemTrayIcon *m_tray = nullptr;
    ShowFunction m_show;
    QTimer m_timer;
    QElapsedTimer m_sinceShown;
    int m_intervalMs = 5000;
    int m_pending = 0;
    QByteArray m_lastMethod;
    QByteArray m_lastPath;
};

} // namespace hookscope
