#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace hookscope {

// A realistic webhook the first-run view posts to the window's own receiver, so a new user
// sees a captured request at once. The samples are data (sampleWebhooks()); the event
// catalog (resources/event_catalog.json) can replace the table when it lands.
struct SampleWebhook
{
    QString eventType;
    QString path; // on the receiver, from the first '/'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // The built-in samples; the first is the one "Send a Sample Webhook" posts.
    static const QList<SampleWebhook> &sampleWebhooks();
};

} // namespace hookscope
