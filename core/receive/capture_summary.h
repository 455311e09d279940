#pragma once

#include "store/stored_request.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

namespace hookscope {

// What the GUI and the serve log need of a newly committed request.
struct CaptureSummary
{
    qint64 id = 0;
    qint64 receivedUs = 0;
    QByteArray method;
    QByteArray path;
    QByteArray query;
    int status = 0;
    qint64 bodySize = 0;
    SignatureStatus verification = SignatureStatus::NotConfigured;
};

} // namespace hookscope

Q_DECLARE_METATYPE(hookscope::CaptureSummary)
