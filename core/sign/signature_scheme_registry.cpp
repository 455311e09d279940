#include "signature_scheme_registry.h"

#include "signature_header_parser.h"

#include <algorithm>

namespace hookscope {

namespace {

using Alg = SignatureAlgorithm;
using Enc = SignatureEncoding;
using Fmt = SignatureHeaderFormat;
using Ts = TimestampLocation;

SignatureScheme hmacBody(const char *id, const char *description, QByteArray header, Enc encoding,
                         QByteArray prefix = {})
{
    SignatureScheme s;
    s.id = QString::fromLatin1(id);
    s.description = QString::fromLatin1(description);
    s.signatureHeaders = {header};
    s.encoding = encoding;
    s.prefix = prefix;
    return s;
}

// Sources are the providers' own documentation and official libraries; the comments name
// the rule that is easy to get wrong.
QList<SignatureScheme> buildPresets()
{
    QList<SignatureScheme> list;

    SignatureScheme standard;
    standard.id = QStringLiteral("standard-webhooks");
    standard.aliases = {QStringLiteral("svix"), QStringLiteral("standardwebhooks")};
    standard.description = QStringLiteral(
        "Standard Webhooks v1 / Svix: webhook-signature: v1,<base64> over id.timestamp.body, "
        "whsec_ secret, 300 s both ways");
    standard.idHeaders = {"webhook-id", "svix-id"};
    standard.timestampHeaders = {"webhook-timestamp", "svix-timestamp"};
    standard.signatureHeaders = {"webhook-signature", "svix-signature"};
    standard.contentTemplate = "{id}.{timestamp}.{body}";
    standard.encoding = Enc::Base64;
    standard.prefix = "v1,";
    standard.headerFormat = Fmt::SpaceList; // unknown versions ("v2,...") are skipped
    standard.secretFormat = SecretFormat::Base64;
    standard.secretPrefix = "whsec_";
    standard.minimumKeyBytes = 16;
    standard.timestampLocation = Ts::Header;
    standard.toleranceSeconds = 300;
    list << standard;

    SignatureScheme standardEd = standard;
    standardEd.id = QStringLiteral("standard-webhooks-ed25519");
    standardEd.aliases = {QStringLiteral("svix-ed25519")};
    standardEd.description = QStringLiteral(
        "Standard Webhooks v1a: Ed25519 over id.timestamp.body, whpk_ public key to verify, "
        "whsk_ private key to sign");
    standardEd.algorithm = Alg::Ed25519;
    standardEd.prefix = "v1a,";
    standardEd.secretPrefix = "whpk_";
    standardEd.signingSecretPrefix = "whsk_";
    standardEd.minimumKeyBytes = 0;
    list << standardEd;

    SignatureScheme stripe;
    stripe.id = QStringLiteral("stripe");
    stripe.description = QStringLiteral(
        "Stripe-Signature: t=...,v1=<hex> over t.body, secret used as is, 300 s (too old only)");
    stripe.signatureHeaders = {"Stripe-Signature"};
    stripe.contentTemplate = "{timestamp}.{body}";
    stripe.headerFormat = Fmt::KeyValue;
    stripe.pairSeparator = ',';
    stripe.timestampKey = "t";
    stripe.signatureKey = "v1"; // v0 entries are ignored
    stripe.timestampLocation = Ts::SignatureHeader;
    stripe.toleranceSeconds = 300;
    stripe.toleranceDirection = ToleranceDirection::PastOnly;
    list << stripe;

    SignatureScheme github = hmacBody(
        "github",
        "X-Hub-Signature-256: sha256=<hex> of the body (legacy X-Hub-Signature: sha1=<hex>)",
        "X-Hub-Signature-256", Enc::Hex, "sha256=");
    github.legacySignatureHeader = "X-Hub-Signature";
    github.legacyAlgorithm = Alg::HmacSha1;
    github.legacyPrefix = "sha1=";
    list << github;

    list << hmacBody("shopify", "X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body",
                     "X-Shopify-Hmac-Sha256", Enc::Base64);

    SignatureScheme slack =
        hmacBody("slack", "X-Slack-Signature: v0=<hex> over v0:timestamp:body, 300 s both ways",
                 "X-Slack-Signature", Enc::Hex, "v0=");
    slack.contentTemplate = "v0:{timestamp}:{body}";
    slack.timestampHeaders = {"X-Slack-Request-Timestamp"};
    slack.timestampLocation = Ts::Header;
    slack.toleranceSeconds = 300;
    list << slack;

    SignatureScheme twilio = hmacBody(
        "twilio",
        "X-Twilio-Signature: base64 HMAC-SHA1 of URL + sorted form parameters (needs --url)",
        "X-Twilio-Signature", Enc::Base64);
    twilio.algorithm = Alg::HmacSha1;
    twilio.contentTemplate = "{url}{form}";
    twilio.needsUrl = true;
    list << twilio;

    SignatureScheme discord =
        hmacBody("discord", "X-Signature-Ed25519: Ed25519 over timestamp + body, public key in hex",
                 "X-Signature-Ed25519", Enc::Hex);
    discord.algorithm = Alg::Ed25519;
    discord.contentTemplate = "{timestamp}{body}";
    discord.timestampHeaders = {"X-Signature-Timestamp"};
    discord.timestampLocation = Ts::Header;
    discord.secretFormat = SecretFormat::Hex;
    list << discord;

    SignatureScheme shared =
        hmacBody("shared-secret", "a header that must equal the secret (default x-webhook-secret)",
                 "x-webhook-secret", Enc::Hex);
    shared.algorithm = Alg::SharedSecret;
    shared.contentTemplate.clear();
    list << shared;

    list << hmacBody("hmac-hex", "X-Webhook-Signature: hex HMAC-SHA256 of the raw body",
                     "X-Webhook-Signature", Enc::Hex);

    SignatureScheme timestamped = hmacBody(
        "hmac-timestamped",
        "X-Webhook-Signature: hex HMAC-SHA256 of timestamp.body, X-Webhook-Timestamp, 300 s",
        "X-Webhook-Signature", Enc::Hex);
    timestamped.contentTemplate = "{timestamp}.{body}";
    timestamped.timestampHeaders = {"X-Webhook-Timestamp"};
    timestamped.timestampLocation = Ts::Header;
    timestamped.toleranceSeconds = 300;
    timestamped.toleranceDirection = ToleranceDirection::PastOnly; // seed 004: age > 300
    list << timestamped;

    SignatureScheme paddle;
    paddle.id = QStringLiteral("paddle");
    paddle.description =
        QStringLiteral("Paddle-Signature: ts=...;h1=<hex> over ts:body, 5 s (too old only)");
    paddle.signatureHeaders = {"Paddle-Signature"};
    paddle.contentTemplate = "{timestamp}:{body}";
    paddle.headerFormat = Fmt::KeyValue;
    paddle.pairSeparator = ';';
    paddle.timestampKey = "ts";
    paddle.signatureKey = "h1";
    paddle.timestampLocation = Ts::SignatureHeader;
    paddle.toleranceSeconds = 5; // the Paddle SDKs' default
    paddle.toleranceDirection = ToleranceDirection::PastOnly;
    list << paddle;

    SignatureScheme linear =
        hmacBody("linear",
                 "Linear-Signature: hex HMAC-SHA256 of the body, webhookTimestamp (ms) in it, 60 s",
                 "Linear-Signature", Enc::Hex);
    linear.timestampLocation = Ts::JsonBody;
    linear.timestampJsonPath = QStringLiteral("webhookTimestamp");
    linear.timestampFormat = TimestampFormat::UnixMilliseconds;
    linear.toleranceSeconds = 60;
    list << linear;

    SignatureScheme twitch = hmacBody(
        "twitch",
        "Twitch-Eventsub-Message-Signature: sha256=<hex> over id + timestamp (RFC 3339) + body",
        "Twitch-Eventsub-Message-Signature", Enc::Hex, "sha256=");
    twitch.contentTemplate = "{id}{timestamp}{body}";
    twitch.idHeaders = {"Twitch-Eventsub-Message-Id"};
    twitch.timestampHeaders = {"Twitch-Eventsub-Message-Timestamp"};
    twitch.timestampLocation = Ts::Header;
    twitch.timestampFormat = TimestampFormat::Rfc3339;
    twitch.toleranceSeconds = 600; // Twitch: reject messages older than 10 minutes
    twitch.toleranceDirection = ToleranceDirection::PastOnly;
    list << twitch;

    SignatureScheme square =
        hmacBody("square",
                 "x-square-hmacsha256-signature: base64 HMAC-SHA256 of notification URL + body "
                 "(needs --url)",
                 "x-square-hmacsha256-signature", Enc::Base64);
    square.contentTemplate = "{url}{body}";
    square.needsUrl = true;
    list << square;

    SignatureScheme zoom =
        hmacBody("zoom", "x-zm-signature: v0=<hex> over v0:timestamp:body, x-zm-request-timestamp",
                 "x-zm-signature", Enc::Hex, "v0=");
    zoom.contentTemplate = "v0:{timestamp}:{body}";
    zoom.timestampHeaders = {"x-zm-request-timestamp"};
    zoom.timestampLocation = Ts::Header;
    list << zoom;

    list << hmacBody("bitbucket",
                     "X-Hub-Signature: sha256=<hex> of the body (SHA-256 under GitHub's legacy "
                     "SHA-1 header name)",
                     "X-Hub-Signature", Enc::Hex, "sha256=");

    SignatureScheme gitlab =
        hmacBody("gitlab", "X-Gitlab-Token: equal to the secret", "X-Gitlab-Token", Enc::Hex);
    gitlab.algorithm = Alg::SharedSecret;
    gitlab.contentTemplate.clear();
    list << gitlab;

    SignatureScheme mailgun;
    mailgun.id = QStringLiteral("mailgun");
    mailgun.description = QStringLiteral(
        "signature.signature in the JSON body: hex HMAC-SHA256 of signature.timestamp + "
        "signature.token");
    mailgun.signatureJsonPath = QStringLiteral("signature.signature");
    mailgun.timestampJsonPath = QStringLiteral("signature.timestamp");
    mailgun.tokenJsonPath = QStringLiteral("signature.token");
    mailgun.contentTemplate = "{timestamp}{token}";
    mailgun.timestampLocation = Ts::JsonBody;
    list << mailgun;

    SignatureScheme sendgrid = hmacBody(
        "sendgrid",
        "X-Twilio-Email-Event-Webhook-Signature: ECDSA P-256 over timestamp + body, base64 DER "
        "signature, base64 public key",
        "X-Twilio-Email-Event-Webhook-Signature", Enc::Base64);
    sendgrid.algorithm = Alg::EcdsaP256Sha256;
    sendgrid.contentTemplate = "{timestamp}{body}";
    sendgrid.timestampHeaders = {"X-Twilio-Email-Event-Webhook-Timestamp"};
    sendgrid.timestampLocation = Ts::Header;
    sendgrid.secretFormat = SecretFormat::Base64;
    list << sendgrid;

    return list;
}

bool startsWithPrefix(const SignatureScheme &scheme, const QByteArray &value)
{
    if (scheme.prefix.isEmpty())
        return true;
    if (scheme.headerFormat == SignatureHeaderFormat::SpaceList) {
        for (const QByteArray &entry : value.split(' ')) {
            if (entry.startsWith(scheme.prefix))
                return true;
        }
        return false;
    }
    return value.trimmed().startsWith(scheme.prefix);
}

} // namespace

const QList<SignatureScheme> &SignatureSchemeRegistry::presets()
{
    static const QList<SignatureScheme> list = buildPresets();
    return list;
}

const SignatureScheme *SignatureSchemeRegistry::find(const QString &idOrAlias)
{
    for (const SignatureScheme &scheme : presets()) {
        if (scheme.matchesId(idOrAlias))
            return &scheme;
    }
    return nullptr;
}

QByteArray SignatureSchemeRegistry::headerValue(const HeaderList &headers, QByteArrayView name,
                                                bool *found)
{
    for (const HeaderField &field : headers) {
        if (field.name.compare(name, Qt::CaseInsensitive) == 0) {
            if (found)
                *found = true;
            return field.value;
        }
    }
    if (found)
        *found = false;
    return {};
}

QByteArray SignatureSchemeRegistry::firstPresent(const HeaderList &headers,
                                                 const QByteArrayList &names, QByteArray *value)
{
    for (const QByteArray &name : names) {
        bool found = false;
        const QByteArray v = headerValue(headers, name, &found);
        if (found) {
            if (value)
                *value = v;
            return name;
        }
    }
    return {};
}

QList<const SignatureScheme *> SignatureSchemeRegistry::detect(const HeaderList &headers,
                                                               const QByteArray &body)
{
    QList<std::pair<int, const SignatureScheme *>> scored;
    for (const SignatureScheme &scheme : presets()) {
        int score = 0;
        QByteArray value;
        if (!firstPresent(headers, scheme.signatureHeaders, &value).isEmpty()) {
            if (scheme.headerFormat != SignatureHeaderFormat::KeyValue &&
                !startsWithPrefix(scheme, value))
                continue; // X-Hub-Signature: sha1=... is GitHub's, not Bitbucket's
            score = 10 + (scheme.prefix.isEmpty() ? 0 : 2);
        } else if (!scheme.legacySignatureHeader.isEmpty() &&
                   !firstPresent(headers, {scheme.legacySignatureHeader}, &value).isEmpty()) {
            if (!value.trimmed().startsWith(scheme.legacyPrefix))
                continue;
            score = 10 + 2;
        } else if (!scheme.signatureJsonPath.isEmpty() &&
                   SignatureHeaderParser::jsonText(body, scheme.signatureJsonPath, &value)) {
            score = 10;
        } else {
            continue;
        }
        if (scheme.timestampLocation == TimestampLocation::Header)
            score += firstPresent(headers, scheme.timestampHeaders, nullptr).isEmpty() ? -3 : 3;
        if (scheme.needsId())
            score += firstPresent(headers, scheme.idHeaders, nullptr).isEmpty() ? -3 : 3;
        scored.append({score, &scheme});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<const SignatureScheme *> result;
    for (const auto &entry : scored)
        result << entry.second;
    return result;
}

} // namespace hookscope
