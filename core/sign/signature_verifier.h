#pragma once

#include "signature_scheme.h"
#include "store/stored_request.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace hookscope {

enum class VerifyFailure
{
    None,
    MissingHeader,   // a signature, timestamp or id header (or JSON field) is absent
    MalformedHeader, // present but unreadable; the message says which part
    BadSecret,       // no secret, or none in the scheme's format
    MissingUrl,      // the scheme signs the request URL and none was given
    TimestampOutsideTolerance,
    SignatureMismatch
};

// Why a mismatch probably happened, when Hookscope can tell.
enum class SignatureHintKind
{
    ReserializedJson, // matches the JSON body minified / pretty-printed, not the raw bytes
    TrailingNewline,  // matches the body with a trailing newline added or removed
    OtherEncoding,    // matches in hex instead of base64 or the reverse
    WhsecPrefix,      // matches with "whsec_" kept as key bytes, or stripped and decoded
    OtherScheme       // matches another preset reading the same header
};

struct SignatureHint
{
    SignatureHintKind kind;
    QString message;
    QString detail; // the variant (e.g. "minified", "hex") or the other scheme's id
};

struct VerifyOptions
{
    QByteArray url;                      // the URL the request was sent to (Twilio, Square)
    qint64 nowMs = 0;                    // 0: the current time
    std::optional<int> toleranceSeconds; // overrides the scheme's; 0 disables the check
    QByteArray signatureHeader;          // overrides the scheme's signature header name
    bool hints = true;
};

struct VerifyResult
{
    bool valid = false;
    VerifyFailure failure = VerifyFailure::None;
    QString message; // names the header or field concerned
    QString schemeId;
    QByteArray signatureHeader; // the header the signature was read from
    int secretIndex = -1;       // which secret matched
    int signatureIndex = -1;    // which of the header's signatures matched
    bool hasTimestamp = false;
    qint64 skewSeconds = 0; // now - timestamp: positive in the past, negative in the future
    // The header value a correct sender would have sent, for display; empty for asymmetric
    // schemes (a public key cannot sign) and shared secrets (never echoed).
    QByteArray expectedSignature;
    QList<SignatureHint> hints;

    // "valid (stripe, secret 1, signature 2)" or "invalid: <message>".
    QString summary() const;
    bool hasHint(SignatureHintKind kind) const;
    static QString failureName(VerifyFailure failure);
};

// Checks a request against a scheme over the raw body bytes as received.
class SignatureVerifier
{
public:
    static VerifyResult verify(const SignatureScheme &scheme, const QList<QByteArray> &secrets,
                               const HeaderList &headers, const QByteArray &body,
                               const VerifyOptions &options = {});
    // Detects the preset from the headers (and body) present and verifies with the first
    // that fits; reports the most specific candidate's failure when none does.
    static VerifyResult verifyDetected(const QList<QByteArray> &secrets, const HeaderList &headers,
                                       const QByteArray &body, const VerifyOptions &options = {});
};

} // namespace hookscope
