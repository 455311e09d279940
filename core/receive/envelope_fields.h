#pragma once

#include "store/stored_request.h"

#include <QByteArrayView>
#include <QString>

namespace hookscope {

// The envelope fields Hookscope keeps as columns, read from the top level of a JSON
// object body: sessionId (seed 002's live stream filter) and the event type (type,
// eventType, event or event_type, as providers name it). A single pass that skips nested
// values without building a document: it runs for every captured request.
struct EnvelopeFields
{
    QString sessionId;
    QString eventType;

    static EnvelopeFields scan(QByteArrayView body);
    // Providers that name the event in a header instead (GitHub, GitLab, Bitbucket, Shopify,
    // Twitch, Linear): used when the body has no event type. Null when none is present.
    static QString eventTypeFromHeaders(const HeaderList &headers);
};

} // namespace hookscope
