#pragma once

#include "stored_request.h"

#include <QByteArray>
#include <QString>

namespace hookscope {

// The columns of one line of the request list: everything but headers and bodies.
struct RequestRow
{
    qint64 id = 0;
    qint64 receivedUs = 0;
    QByteArray method;
    QByteArray path;
    QByteArray query;
    int responseStatus = 0;
    qint64 bodySize = 0;
    bool truncated = false;
    QByteArray contentType;
    QString eventType;
    QString endpointName;
    SignatureStatus verification = SignatureStatus::NotConfigured;
    QString verificationDetail;
};

} // namespace hookscope
