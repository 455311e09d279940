#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace hookscope {

// A realistic webhook the first-run view posts to the window's own receiver, so a new user
// sees a captured request at once. The samples are the event catalog's
// (resources/event_catalog.json) in the standard envelope.
struct SampleWebhook
{
    QString eventType;
    QString path; // on the receiver, from the first '/'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // One per catalog type; the first (user.created) is the one "Send a Sample Webhook" posts.
    static const QList<SampleWebhook> &sampleWebhooks();
};

} // namespace hookscope
