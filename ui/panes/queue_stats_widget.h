#pragma once

#include "store/outbox_store.h"

#include <QTimer>
#include <QWidget>

class QLabel;

namespace hookscope {

class CoalescedRefresh;
class Engine;

// The delivery queue at a glance, for the status bar: pending, scheduled, in flight, failed
// and delivered in the last hour. Re-read on Engine::outboxChanged (at most 4 times a second)
// and every 2 s (the hour moves on, scheduled retries fall due).
class QueueStatsWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PollIntervalMs = 2000;

    explicit QueueStatsWidget(Engine *engine, QWidget *parent = nullptr);

    QueueStats stats() const { return m_stats; }
    int inFlight() const { return m_inFlight; }
    QString text() const;
    // Times the numbers came back from the outbox (tests wait on it).
    int updateCount() const { return m_updates; }

public slots:
    void refresh();

signals:
    void updated();

private:
    void display(const QueueStats &stats, int inFlight);

    Engine *m_engine;
    CoalescedRefresh *m_refresh;
    QTimer m_poll;
    QLabel *m_label;
    QueueStats m_stats;
    int m_inFlight = 0;
    int m_updates = 0;
    bool m_asking = false;
};

} // namespace hookscope
