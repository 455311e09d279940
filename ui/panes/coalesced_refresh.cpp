#include "coalesced_refresh.h"

namespace hookscope {

CoalescedRefresh::CoalescedRefresh(std::function<void()> refresh, QObject *parent, int intervalMs)
    : QObject(parent), m_refresh(std::move(refresh))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CoalescedRefresh::onTimeout);
}

void CoalescedRefresh::request()
{
    if (m_timer.isActive()) {
        m_pending = true;
        return;
    }
    runNow();
}

void CoalescedRefresh::runNow()
{
    m_pending = false;
    m_timer.start();
    m_refresh();
}

void CoalescedRefresh::onTimeout()
{
    if (m_pending)
        runNow();
}

} // namespace hookscope
