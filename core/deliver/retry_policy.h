#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <optional>

namespace hookscope {

// When a failed attempt is tried again: exponential backoff from the subscription's base
// delay (base, 2 base, 4 base, ...) with +-20 % jitter so retries of many deliveries do not
// arrive together, capped at a day; a Retry-After of a 429 or 503 answer wins over it.
class RetryPolicy
{
public:
    static constexpr qint64 MaxDelayMs = 24LL * 3600 * 1000;
    static constexpr double Jitter = 0.2;

    // The delay after failed attempt number `attempt` (1-based). jitter01 is a uniform
    // random number in [0, 1), passed in so tests can pin it.
    static qint64 delayMs(qint64 baseDelayMs, int attempt, double jitter01);
    // Retry-After as seconds or an HTTP date, relative to nowMs; none when absent or bad.
    static std::optional<qint64> retryAfterMs(const QByteArray &value, qint64 nowMs);
};

} // namespace hookscope
