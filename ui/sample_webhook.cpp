#include "sample_webhook.h"

#include "deliver/envelope_format.h"
#include "deliver/event_catalog.h"

#include <QDateTime>

namespace hookscope {

const QList<SampleWebhook> &SampleWebhook::sampleWebhooks()
{
    // From the event catalog, in the Standard Webhooks envelope (type, timestamp, data), as
    // Svix and most providers send them; user.created first. Unsigned: no endpoint rule
    // checks signatures until the user adds one.
    static const QList<SampleWebhook> samples = [] {
        QList<SampleWebhook> out;
        qint64 createdUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        for (const CatalogEvent &event : EventCatalog::builtIn()) {
            OutboundEvent outbound;
            outbound.uid = "evt_sample" + QByteArray::number(out.size());
            outbound.type = event.type;
            outbound.data = event.sample;
            outbound.createdUs = createdUs;
            SampleWebhook sample{event.type,
                                 QStringLiteral("/hooks/sample"),
                                 {{"Content-Type", "application/json"},
                                  {"User-Agent", "Hookscope-Sample/1"},
                                  {"webhook-id", outbound.uid}},
                                 EnvelopeFormat::render(QStringLiteral("standard"), outbound)};
            if (event.type == QLatin1String("user.created"))
                out.prepend(sample);
            else
                out.append(sample);
        }
        return out;
    }();
    return samples;
}

} // namespace hookscope
