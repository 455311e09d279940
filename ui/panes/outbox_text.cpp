#include "outbox_text.h"

#include <QDateTime>
#include <QLocale>

namespace hookscope {

QString OutboxText::time(qint64 us)
{
    if (us <= 0)
        return QStringLiteral("–");
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(us / 1000);
    if (at.date() == QDate::currentDate())
        return at.toString(QStringLiteral("HH:mm:ss"));
    return at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString OutboxText::duration(qint64 us)
{
    return durationMs(double(us) / 1000.0);
}

QString OutboxText::durationMs(double ms)
{
    if (ms < 10)
        return tr("%1 ms").arg(QLocale().toString(ms, 'f', 1));
    if (ms < 10000)
        return tr("%1 ms").arg(QLocale().toString(qRound64(ms)));
    return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
}

QString OutboxText::status(const QString &status)
{
    if (status == QLatin1String("pending"))
        return tr("pending");
    if (status == QLatin1String("scheduled"))
        return tr("retry scheduled");
    if (status == QLatin1String("delivered"))
        return tr("delivered");
    if (status == QLatin1String("failed"))
        return tr("failed");
    if (status == QLatin1String("cancelled"))
        return tr("cancelled");
    return status;
}

QColor OutboxText::statusColor(const QString &status)
{
    // Mid-tone colours read on light and dark palettes alike.
    if (status == QLatin1String("failed"))
        return QColor(0xd0, 0x40, 0x40);
    if (status == QLatin1String("scheduled"))
        return QColor(0xd0, 0x80, 0x20);
    if (status == QLatin1String("delivered"))
        return QColor(0x30, 0xa0, 0x50);
    return {};
}

QString OutboxText::attemptResult(int httpStatus, const QString &error)
{
    if (httpStatus == 0)
        return error.isEmpty() ? tr("no answer") : error;
    // The worker's error for a non-2xx answer usually repeats the status line.
    if (error.isEmpty() || error.startsWith(QStringLiteral("HTTP %1").arg(httpStatus)))
        return error.isEmpty() ? tr("HTTP %1").arg(httpStatus) : error;
    return tr("HTTP %1: %2").arg(httpStatus).arg(error);
}

QString OutboxText::percent(double fraction)
{
    return tr("%1 %").arg(QLocale().toString(fraction * 100.0, 'f', fraction >= 0.9995 ? 0 : 1));
}

} // namespace hookscope
