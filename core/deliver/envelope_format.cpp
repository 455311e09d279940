#include "envelope_format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace hookscope {

namespace {

enum class Source
{
    Uid,
    Type,
    IsoTime,
    UnixSeconds,
    Data,
    ApiVersion,
    Metadata
};

struct Field
{
    const char *key;
    Source source;
};

struct FormatRow
{
    EnvelopeFormat::Format format;
    QList<Field> fields; // empty: the data alone
};

const QList<FormatRow> &table()
{
    static const QList<FormatRow> rows = {
        {{QStringLiteral("standard"),
          QStringLiteral("{type, timestamp, data} (Standard Webhooks)")},
         {{"type", Source::Type}, {"timestamp", Source::IsoTime}, {"data", Source::Data}}},
        {{QStringLiteral("seed-001"),
          QStringLiteral("{id, type, api_version, created, data} (seed 001, Stripe-like)")},
         {{"id", Source::Uid},
          {"type", Source::Type},
          {"api_version", Source::ApiVersion},
          {"created", Source::UnixSeconds},
          {"data", Source::Data}}},
        {{QStringLiteral("seed-003"),
          QStringLiteral("{event, timestamp, data, metadata} (seed 003)")},
         {{"event", Source::Type},
          {"timestamp", Source::IsoTime},
          {"data", Source::Data},
          {"metadata", Source::Metadata}}},
        {{QStringLiteral("raw"), QStringLiteral("the event data only")}, {}},
    };
    return rows;
}

QByteArray jsonString(const QString &text)
{
    // QJsonDocument has no scalar documents: quote through a one-element array.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

const QList<EnvelopeFormat::Format> &EnvelopeFormat::formats()
{
    static const QList<Format> list = [] {
        QList<Format> out;
        for (const FormatRow &row : table())
            out.append(row.format);
        return out;
    }();
    return list;
}

const EnvelopeFormat::Format *EnvelopeFormat::find(const QString &id)
{
    for (const Format &format : formats()) {
        if (format.id == id)
            return &format;
    }
    return nullptr;
}

QStringList EnvelopeFormat::ids()
{
    QStringList out;
    for (const Format &format : formats())
        out.append(format.id);
    return out;
}

QByteArray EnvelopeFormat::render(const QString &formatId, const OutboundEvent &event)
{
    const FormatRow *row = nullptr;
    for (const FormatRow &candidate : table()) {
        if (candidate.format.id == formatId)
            row = &candidate;
    }
    const QByteArray data = event.data.isEmpty() ? QByteArrayLiteral("null") : event.data;
    if (!row || row->fields.isEmpty())
        return data;
    QByteArray out;
    out.reserve(data.size() + 160);
    out += '{';
    for (const Field &field : row->fields) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += field.key;
        out += "\":";
        switch (field.source) {
        case Source::Uid:
            out += jsonString(QString::fromUtf8(event.uid));
            break;
        case Source::Type:
            out += jsonString(event.type);
            break;
        case Source::IsoTime:
            out += jsonString(QDateTime::fromMSecsSinceEpoch(event.createdUs / 1000, Qt::UTC)
                                  .toString(Qt::ISODateWithMs));
            break;
        case Source::UnixSeconds:
            out += QByteArray::number(event.createdUs / 1000000);
            break;
        case Source::Data:
            out += data;
            break;
        case Source::ApiVersion:
            out += "\"1.0\"";
            break;
        case Source::Metadata: {
            const QString action = event.type.section(QLatin1Char('.'), -1);
            out += "{\"source\":\"hookscope\",\"action\":" + jsonString(action) +
                   ",\"eventId\":" + jsonString(QString::fromUtf8(event.uid)) + '}';
            break;
        }
        }
    }
    out += '}';
    return out;
}

} // namespace hookscope
