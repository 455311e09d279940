#include "queue_stats_widget.h"

#include "coalesced_refresh.h"
#include "deliver/outbox_service.h"
#include "engine.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace hookscope {

QueueStatsWidget::QueueStatsWidget(Engine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine),
      m_refresh(new CoalescedRefresh([this] { refresh(); }, this)), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("queueStats"));
    setAccessibleName(tr("Delivery queue"));
    m_label->setObjectName(QStringLiteral("queueStatsLabel"));
    m_label->setAccessibleName(tr("Delivery queue statistics"));
    m_label->setToolTip(tr("Outbound deliveries: waiting for a first attempt, waiting for a "
                           "retry, being sent, failed for good, delivered in the last hour"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    display(QueueStats(), 0);
    m_updates = 0;

    m_poll.setInterval(PollIntervalMs);
    connect(&m_poll, &QTimer::timeout, m_refresh, &CoalescedRefresh::request);
    connect(m_engine, &Engine::outboxChanged, m_refresh, &CoalescedRefresh::request);
    m_poll.start();
    refresh();
}

void QueueStatsWidget::refresh()
{
    // One question at a time: a busy delivery thread does not get a backlog of them.
    if (m_asking || !m_engine->outbox())
        return;
    m_asking = true;
    m_engine->outboxCall(
        this,
        [](OutboxService &outbox) { return qMakePair(outbox.queueStats(), outbox.inFlight()); },
        [this](const QPair<QueueStats, int> &result) {
            m_asking = false;
            display(result.first, result.second);
        });
}

QString QueueStatsWidget::text() const
{
    return m_label->text();
}

void QueueStatsWidget::display(const QueueStats &stats, int inFlight)
{
    m_stats = stats;
    m_inFlight = inFlight;
    ++m_updates;
    const QLocale locale;
    m_label->setText(
        tr("Outbox: %1 pending · %2 scheduled · %3 in flight · %4 failed · %5 "
           "delivered (1 h)")
            .arg(locale.toString(stats.pending), locale.toString(stats.scheduled),
                 locale.toString(inFlight), locale.toString(stats.failed),
                 locale.toString(stats.deliveredLastHour)) +
        (stats.paused > 0
             ? QStringLiteral(" · ") +
                   tr("%1 held for disabled subscriptions").arg(locale.toString(stats.paused))
             : QString()));
    emit updated();
}

} // namespace hookscope
