#pragma once

#include "store/stored_request.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace hookscope {

// How a request's signature verdict is shown: the list's badge and the detail view's row
// use the same words and colours.
class SignatureBadge
{
    Q_DECLARE_TR_FUNCTIONS(SignatureBadge)

public:
    // "valid", "invalid", or empty when the endpoint has no signature check.
    static QString text(SignatureStatus status);
    // Mid-tone colours that read on light and dark palettes; invalid when none applies.
    static QColor colour(SignatureStatus status);
    // The verdict with the verifier's explanation (its summary and hints, one a line).
    static QString explanation(SignatureStatus status, const QString &detail);
};

} // namespace hookscope
