#include "subscription.h"

#include "envelope_format.h"
#include "sign/signature_crypto.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>
#include <cmath>

namespace hookscope {

namespace {

QString isoTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool isHeaderToken(const QString &name)
{
    static const QRegularExpression token(QStringLiteral("\\A[!#$%&'*+.^_`|~0-9A-Za-z-]+\\z"));
    return token.match(name).hasMatch();
}

} // namespace

bool Subscription::globMatches(const QString &pattern, const QString &text)
{
    if (!pattern.contains(QLatin1Char('*')) && !pattern.contains(QLatin1Char('?')))
        return pattern == text;
    QString regex = QStringLiteral("\\A");
    for (const QChar c : pattern) {
        if (c == QLatin1Char('*'))
            regex += QStringLiteral(".*");
        else if (c == QLatin1Char('?'))
            regex += QLatin1Char('.');
        else
            regex += QRegularExpression::escape(QString(c));
    }
    regex += QStringLiteral("\\z");
    return QRegularExpression(regex, QRegularExpression::DotMatchesEverythingOption)
        .match(text)
        .hasMatch();
}

bool Subscription::wants(const QString &eventType) const
{
    for (const QString &pattern : events) {
        if (globMatches(pattern, eventType))
            return true;
    }
    return false;
}

QByteArray Subscription::generateSecret(const QString &schemeId, QByteArray *verifyKey)
{
    const SignatureScheme *scheme = SignatureSchemeRegistry::find(schemeId);
    if (scheme && scheme->isAsymmetric()) {
        const GeneratedSecret pair = SignatureSigner::generateSecret(*scheme);
        if (verifyKey)
            *verifyKey = pair.verifyingSecret;
        return pair.signingSecret;
    }
    const QByteArray bytes = signcrypto::randomBytes(24);
    if (bytes.isEmpty())
        return {};
    const QByteArray secret = QByteArrayLiteral("whsec_") + bytes.toBase64();
    if (verifyKey)
        *verifyKey = secret;
    return secret;
}

QJsonObject Subscription::toJson(bool withSecret) const
{
    QJsonObject headerObject;
    for (const auto &[headerName, headerValue] : headers)
        headerObject.insert(headerName, headerValue);
    QJsonObject json{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("url"), url},
        {QStringLiteral("description"), description},
        {QStringLiteral("events"), QJsonArray::fromStringList(events)},
        {QStringLiteral("active"), active},
        {QStringLiteral("scheme"), scheme},
        {QStringLiteral("envelope"), envelope},
        {QStringLiteral("headers"), headerObject},
        {QStringLiteral("retryAttempts"), retryAttempts},
        {QStringLiteral("retryDelay"), double(retryDelayMs) / 1000.0},
        {QStringLiteral("timeoutMs"), timeoutMs},
        {QStringLiteral("rateLimit"), rateLimit},
        {QStringLiteral("disableAfter"), disableAfter},
        {QStringLiteral("consecutiveFailures"), consecutiveFailures},
        {QStringLiteral("disabledReason"), disabledReason},
        {QStringLiteral("createdAt"), isoTime(createdUs)},
        {QStringLiteral("updatedAt"), isoTime(updatedUs)},
    };
    if (withSecret)
        json.insert(QStringLiteral("secret"), QString::fromUtf8(secret));
    return json;
}

bool Subscription::applyJson(const QJsonObject &json, bool replace, QString *error)
{
    const auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };
    static const QStringList known = {
        QStringLiteral("name"), QStringLiteral("url"), QStringLiteral("description"),
        QStringLiteral("events"), QStringLiteral("active"), QStringLiteral("secret"),
        QStringLiteral("scheme"), QStringLiteral("envelope"), QStringLiteral("headers"),
        QStringLiteral("retryAttempts"), QStringLiteral("retryDelay"), QStringLiteral("timeoutMs"),
        QStringLiteral("rateLimit"), QStringLiteral("disableAfter"),
        // read-only fields a client may send back unchanged
        QStringLiteral("id"), QStringLiteral("createdAt"), QStringLiteral("updatedAt"),
        QStringLiteral("consecutiveFailures"), QStringLiteral("disabledReason"),
        QStringLiteral("successRate"), QStringLiteral("verifyKey")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(QStringLiteral("unknown field \"%1\"").arg(it.key()));
    }
    if (replace) {
        Subscription defaults;
        defaults.id = id;
        defaults.secret = secret;
        defaults.createdUs = createdUs;
        defaults.updatedUs = updatedUs;
        defaults.consecutiveFailures = consecutiveFailures;
        *this = defaults;
        if (!json.contains(QStringLiteral("name")))
            return fail(QStringLiteral("\"name\" is required"));
        if (!json.contains(QStringLiteral("url")))
            return fail(QStringLiteral("\"url\" is required"));
    }
    const auto text = [&](const char *key, QString *out, bool allowEmpty) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        if (!value.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        if (!allowEmpty && value.toString().trimmed().isEmpty())
            return fail(QStringLiteral("\"%1\" must not be empty").arg(QLatin1String(key)));
        *out = value.toString().trimmed();
        return true;
    };
    const auto integer = [&](const char *key, int *out, int minimum, int maximum) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        const double number = value.toDouble(-1e300);
        if (!value.isDouble() || number != std::floor(number) || number < minimum ||
            number > maximum) {
            return fail(QStringLiteral("\"%1\" must be a whole number from %2 to %3")
                            .arg(QLatin1String(key))
                            .arg(minimum)
                            .arg(maximum));
        }
        *out = int(number);
        return true;
    };
    if (!text("name", &name, false) || !text("url", &url, false) ||
        !text("description", &description, true) || !text("scheme", &scheme, false) ||
        !text("envelope", &envelope, false))
        return false;
    if (name.size() > 200)
        return fail(QStringLiteral("\"name\" is longer than 200 characters"));

    const QJsonValue eventsValue = json.value(QStringLiteral("events"));
    if (!eventsValue.isUndefined()) {
        if (!eventsValue.isArray() || eventsValue.toArray().isEmpty())
            return fail(QStringLiteral("\"events\" must be a non-empty array of event types"));
        QStringList list;
        for (const QJsonValue &value : eventsValue.toArray()) {
            if (!value.isString() || value.toString().trimmed().isEmpty())
                return fail(QStringLiteral("\"events\" must hold event types (strings)"));
            list.append(value.toString().trimmed());
        }
        events = list;
    }
    const QJsonValue activeValue = json.value(QStringLiteral("active"));
    if (!activeValue.isUndefined()) {
        if (!activeValue.isBool())
            return fail(QStringLiteral("\"active\" must be true or false"));
        active = activeValue.toBool();
        if (active) {
            consecutiveFailures = 0;
            disabledReason.clear();
        }
    }
    const QJsonValue secretValue = json.value(QStringLiteral("secret"));
    if (!secretValue.isUndefined()) {
        if (!secretValue.isString() || secretValue.toString().isEmpty())
            return fail(QStringLiteral("\"secret\" must be a non-empty string"));
        secret = secretValue.toString().toUtf8();
    }
    const QJsonValue headersValue = json.value(QStringLiteral("headers"));
    if (!headersValue.isUndefined()) {
        if (!headersValue.isObject())
            return fail(QStringLiteral("\"headers\" must be an object of name: value"));
        headers.clear();
        const QJsonObject object = headersValue.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!isHeaderToken(it.key()))
                return fail(
                    QStringLiteral("\"headers\": \"%1\" is not a header name").arg(it.key()));
            const QString value = it.value().toString();
            if (!it.value().isString() || value.contains(QLatin1Char('\r')) ||
                value.contains(QLatin1Char('\n')))
                return fail(QStringLiteral("\"headers\": the value of \"%1\" must be a single-line "
                                           "string")
                                .arg(it.key()));
            headers.append({it.key(), value});
        }
    }
    if (!integer("retryAttempts", &retryAttempts, 0, 50) ||
        !integer("timeoutMs", &timeoutMs, 100, 600000) ||
        !integer("disableAfter", &disableAfter, 0, 100000))
        return false;
    const QJsonValue delayValue = json.value(QStringLiteral("retryDelay"));
    if (!delayValue.isUndefined()) {
        const double seconds = delayValue.toDouble(-1);
        if (!delayValue.isDouble() || seconds < 0.001 || seconds > 86400)
            return fail(QStringLiteral("\"retryDelay\" must be a number of seconds from 0.001 to "
                                       "86400"));
        retryDelayMs = qMax<qint64>(1, qRound64(seconds * 1000.0));
    }
    const QJsonValue rateValue = json.value(QStringLiteral("rateLimit"));
    if (!rateValue.isUndefined()) {
        const double rate = rateValue.toDouble(-1);
        if (!rateValue.isDouble() || rate < 0 || rate > 100000)
            return fail(QStringLiteral("\"rateLimit\" must be deliveries per second from 0 "
                                       "(unlimited) to 100000"));
        rateLimit = rate;
    }
    return validate(error);
}

bool Subscription::validate(QString *error) const
{
    const auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };
    if (name.trimmed().isEmpty())
        return fail(QStringLiteral("\"name\" must not be empty"));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() ||
        (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https")))
        return fail(QStringLiteral("\"url\" must be an http:// or https:// URL with a host"));
    const SignatureScheme *preset = SignatureSchemeRegistry::find(scheme);
    if (!preset)
        return fail(QStringLiteral("unknown signing \"scheme\" \"%1\" (hookscope schemes lists "
                                   "them)")
                        .arg(scheme));
    if (!secret.isEmpty()) {
        // A trial signature finds what the scheme cannot use (a short whsec_ key, a public
        // key where a private one is needed) now, not at the first delivery.
        SignOptions options;
        options.url = url.toUtf8();
        const SignResult trial =
            SignatureSigner::sign(*preset, secret, QByteArrayLiteral("{}"), options);
        if (!trial.ok)
            return fail(QStringLiteral("\"secret\" does not suit %1: %2").arg(scheme, trial.error));
    }
    if (!EnvelopeFormat::find(envelope))
        return fail(QStringLiteral("unknown \"envelope\" \"%1\" (one of %2)")
                        .arg(envelope, EnvelopeFormat::ids().join(QStringLiteral(", "))));
    return true;
}

} // namespace hookscope
