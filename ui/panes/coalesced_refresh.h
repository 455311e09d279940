#pragma once

#include <QObject>
#include <QTimer>
#include <functional>

namespace hookscope {

// Runs a refresh at most once per interval however often it is asked for: a request after a
// quiet interval runs at once, the requests within the interval after a run are folded into
// one run at its end. Panes put Engine::outboxChanged through one of these.
class CoalescedRefresh : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultIntervalMs = 250; // at most 4 refreshes a second

    explicit CoalescedRefresh(std::function<void()> refresh, QObject *parent = nullptr,
                              int intervalMs = DefaultIntervalMs);

    void request();
    // Runs now, whatever the interval (a filter change, a pane shown).
    void runNow();

private:
    void onTimeout();

    std::function<void()> m_refresh;
    QTimer m_timer;
    bool m_pending = false;
};

} // namespace hookscope
