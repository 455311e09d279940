#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace hookscope {

struct AttemptRow;
struct DeliveryRow;

// How the sending panes write times, durations, delivery states and attempt results.
class OutboxText
{
    Q_DECLARE_TR_FUNCTIONS(OutboxText)

public:
    // Today's times as HH:mm:ss, others with the date; "–" for 0.
    static QString time(qint64 us);
    static QString duration(qint64 us);
    static QString durationMs(double ms);
    // A delivery's status as shown (pending, scheduled, ...), translated.
    static QString status(const QString &status);
    // A colour for the status, or an invalid one for the default.
    static QColor statusColor(const QString &status);
    // "HTTP 500", "HTTP 302: redirect to …", "connection refused".
    static QString attemptResult(int httpStatus, const QString &error);
    static QString percent(double fraction);
};

} // namespace hookscope
