#include "sample_webhook.h"

namespace hookscope {

const QList<SampleWebhook> &SampleWebhook::sampleWebhooks()
{
    // Shaped like a Standard Webhooks message (type, timestamp, data), as Svix and most
    // providers send them. Unsigned: no endpoint rule checks signatures until the user adds
    // one.
    static const QList<SampleWebhook> samples = {
        {QStringLiteral("user.created"),
         QStringLiteral("/hooks/sample"),
         {{"Content-Type", "application/json"},
          {"User-Agent", "Hookscope-Sample/1"},
          {"webhook-id", "msg_2bTh6ZPvA9mLq3sXk8RdEw"}},
         R"({
  "type": "user.created",
  "timestamp": "2026-12-01T09:30:00Z",
  "data": {
    "id": "usr_01HV6Q2Z8K4N7P3R5T9W",
    "email": "ann@example.com",
    "name": "Ann Example",
    "plan": "pro",
    "created_at": "2026-12-01T09:30:00Z"
  }
}
)"},
    };
    return samples;
}

} // namespace hookscope
