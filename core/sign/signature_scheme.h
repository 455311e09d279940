#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hookscope {

enum class SignatureAlgorithm
{
    HmacSha1,
    HmacSha256,
    HmacSha512,
    Ed25519,
    EcdsaP256Sha256,
    SharedSecret // the header carries the secret itself
};

enum class SignatureEncoding
{
    Hex,
    Base64
};

// How the signature header's value is laid out.
enum class SignatureHeaderFormat
{
    Single,    // prefix + signature ("sha256=<hex>", "v0=<hex>", "<b64>")
    SpaceList, // Standard Webhooks: "v1,<b64> v1,<b64>"; entries without the prefix are skipped
    KeyValue   // Stripe "t=..,v1=..,v1=..", Paddle "ts=..;h1=.."
};

// How a secret string becomes key bytes.
enum class SecretFormat
{
    Utf8,   // the whole string as bytes (Stripe, GitHub, Slack, ...)
    Base64, // optional secretPrefix stripped, then base64 (missing padding tolerated)
    Hex     // optional secretPrefix stripped, then hex
};

enum class TimestampLocation
{
    None,
    Header,          // timestampHeaders
    SignatureHeader, // the timestampKey entry of a KeyValue signature header
    JsonBody         // timestampJsonPath inside the JSON body
};

enum class TimestampFormat
{
    UnixSeconds,
    UnixMilliseconds,
    Rfc3339
};

enum class ToleranceDirection
{
    Both,    // too old and too far in the future both fail
    PastOnly // only too old fails (Stripe, Paddle, Twitch)
};

// A signature scheme as data: every preset and every user-defined scheme is one of these.
// The signed content is `contentTemplate` with {id}, {timestamp}, {body}, {url}, {form}
// (Twilio: sorted form parameters as name + value) and {token} (tokenJsonPath) replaced.
struct SignatureScheme
{
    QString id;
    QStringList aliases;
    QString description;

    // Header names, first one canonical (used when signing); the others are accepted aliases.
    QByteArrayList idHeaders;
    QByteArrayList timestampHeaders;
    QByteArrayList signatureHeaders;
    // Where the signature lives when it is not in a header (Mailgun), a dotted JSON path.
    QString signatureJsonPath;
    QString timestampJsonPath;
    QString tokenJsonPath;

    QByteArray contentTemplate = QByteArrayLiteral("{body}");
    SignatureAlgorithm algorithm = SignatureAlgorithm::HmacSha256;
    SignatureEncoding encoding = SignatureEncoding::Hex;
    QByteArray prefix; // before each signature: "sha256=", "v1,", "v0="

    SignatureHeaderFormat headerFormat = SignatureHeaderFormat::Single;
    char pairSeparator = ','; // KeyValue
    QByteArray timestampKey;  // KeyValue: "t", "ts"
    QByteArray signatureKey;  // KeyValue: "v1", "h1"

    SecretFormat secretFormat = SecretFormat::Utf8;
    QByteArray secretPrefix;        // "whsec_", "whpk_" (verifying key)
    QByteArray signingSecretPrefix; // "whsk_" (asymmetric signing key); empty: secretPrefix
    int minimumKeyBytes = 0;        // Standard Webhooks rejects shorter decoded keys

    TimestampLocation timestampLocation = TimestampLocation::None;
    TimestampFormat timestampFormat = TimestampFormat::UnixSeconds;
    int toleranceSeconds = 0; // 0: the timestamp's age is not checked
    ToleranceDirection toleranceDirection = ToleranceDirection::Both;

    // Used when the primary signature header is absent (GitHub's SHA-1 X-Hub-Signature).
    QByteArray legacySignatureHeader;
    SignatureAlgorithm legacyAlgorithm = SignatureAlgorithm::HmacSha1;
    QByteArray legacyPrefix;

    bool needsUrl = false;

    bool isAsymmetric() const
    {
        return algorithm == SignatureAlgorithm::Ed25519 ||
               algorithm == SignatureAlgorithm::EcdsaP256Sha256;
    }
    bool needsId() const { return contentTemplate.contains("{id}"); }
    bool needsTimestamp() const { return timestampLocation != TimestampLocation::None; }
    bool matchesId(const QString &idOrAlias) const;

    QJsonObject toJson() const;
    // A custom scheme from JSON; returns false and sets *error (naming the field) when bad.
    static bool fromJson(const QJsonObject &json, SignatureScheme *scheme, QString *error);
    // Checks the field combinations a verifier relies on.
    bool validate(QString *error) const;

    static QString algorithmName(SignatureAlgorithm algorithm);
    static QString encodingName(SignatureEncoding encoding);
};

} // namespace hookscope
