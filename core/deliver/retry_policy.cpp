#include "retry_policy.h"

#include <QDateTime>
#include <QLocale>
#include <cmath>

namespace hookscope {

qint64 RetryPolicy::delayMs(qint64 baseDelayMs, int attempt, double jitter01)
{
    const double exponent = std::min(attempt - 1, 40);
    const double nominal = double(baseDelayMs) * std::pow(2.0, std::max(0.0, exponent));
    const double jittered = nominal * (1.0 - Jitter + 2.0 * Jitter * jitter01);
    return qBound<qint64>(1, qint64(std::llround(std::min(jittered, double(MaxDelayMs)))),
                          MaxDelayMs);
}

std::optional<qint64> RetryPolicy::retryAfterMs(const QByteArray &value, qint64 nowMs)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return seconds < 0 ? std::nullopt
                           : std::optional<qint64>(std::min(seconds * 1000, MaxDelayMs));
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(text).left(25),
                                                   QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!date.isValid())
        return std::nullopt;
    QDateTime utc = date;
    utc.setTimeSpec(Qt::UTC);
    return std::clamp<qint64>(utc.toMSecsSinceEpoch() - nowMs, 0, MaxDelayMs);
}

} // namespace hookscope
