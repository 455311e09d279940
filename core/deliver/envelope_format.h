#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace hookscope {

// What an outbound event is when it goes out: its identity and its data.
struct OutboundEvent
{
    qint64 id = 0;  // row id
    QByteArray uid; // "evt_..." public id, the same on every attempt (idempotency)
    QString type;
    QByteArray data; // JSON value as fired
    qint64 createdUs = 0;
};

// The envelope a subscription wraps its events in. The formats are one table of field lists
// (envelope_format.cpp), not a class each.
class EnvelopeFormat
{
public:
    struct Format
    {
        QString id;
        QString description;
    };

    static const QList<Format> &formats();
    static const Format *find(const QString &id);
    static QStringList ids();
    // The request body for this event in this envelope; compact JSON, fields in the
    // format's order, the data inserted as fired.
    static QByteArray render(const QString &formatId, const OutboundEvent &event);
};

} // namespace hookscope
