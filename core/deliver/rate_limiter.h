#pragma once

#include <QHash>
#include <QtGlobal>

namespace hookscope {

// Per-subscription token buckets: `rate` deliveries a second with a burst of one second's
// worth (at least one), so a subscription never gets more than its rate over any second.
class RateLimiter
{
public:
    // True (and a token taken) when a delivery may start now; otherwise *retryInMs says when
    // the next token is there. rate <= 0 is unlimited.
    bool tryTake(qint64 key, double rate, qint64 nowMs, qint64 *retryInMs = nullptr);
    void forget(qint64 key) { m_buckets.remove(key); }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    QHash<qint64, Bucket> m_buckets;
};

} // namespace hookscope
