#include "signature_badge.h"

namespace hookscope {

QString SignatureBadge::text(SignatureStatus status)
{
    switch (status) {
    case SignatureStatus::Valid:
        return tr("valid");
    case SignatureStatus::Invalid:
        return tr("invalid");
    case SignatureStatus::NotConfigured:
        break;
    }
    return {};
}

QColor SignatureBadge::colour(SignatureStatus status)
{
    switch (status) {
    case SignatureStatus::Valid:
        return QColor(0x30, 0xa0, 0x50);
    case SignatureStatus::Invalid:
        return QColor(0xd0, 0x40, 0x40);
    case SignatureStatus::NotConfigured:
        break;
    }
    return {};
}

QString SignatureBadge::explanation(SignatureStatus status, const QString &detail)
{
    // The verifier's own summary starts with its verdict ("valid (github, secret 1, ...)",
    // "invalid: <what is wrong>").
    if (status == SignatureStatus::NotConfigured)
        return tr("Not checked: no signature scheme is configured for this endpoint rule");
    return detail.isEmpty() ? text(status) : detail;
}

} // namespace hookscope
