#include "endpoint_rule.h"

#include "response_template.h"
#include "sign/signature_scheme_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <cmath>

namespace hookscope {

namespace {

const QSet<QString> knownKeys = {QStringLiteral("id"),          QStringLiteral("name"),
                                 QStringLiteral("enabled"),     QStringLiteral("methods"),
                                 QStringLiteral("method"),      QStringLiteral("path"),
                                 QStringLiteral("secret"),      QStringLiteral("secretHeader"),
                                 QStringLiteral("requireJson"), QStringLiteral("requiredFields"),
                                 QStringLiteral("response"),    QStringLiteral("delayMs"),
                                 QStringLiteral("fail"),        QStringLiteral("signature")};

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
            return false;
    }
    return true;
}

std::optional<EndpointRule::SignatureCheck> signatureFromJson(const QJsonValue &value, QString *why)
{
    if (!value.isObject()) {
        *why = QStringLiteral("\"signature\" must be an object");
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    static const QSet<QString> keys = {QStringLiteral("scheme"), QStringLiteral("secrets"),
                                       QStringLiteral("signatureHeader"),
                                       QStringLiteral("tolerance"), QStringLiteral("reject")};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!keys.contains(it.key())) {
            *why = QStringLiteral("unknown key \"signature.%1\"").arg(it.key());
            return std::nullopt;
        }
    }
    EndpointRule::SignatureCheck check;
    const QString schemeId = object.value(QStringLiteral("scheme")).toString();
    const SignatureScheme *scheme = SignatureSchemeRegistry::find(schemeId);
    if (!scheme) {
        *why = schemeId.isEmpty()
                   ? QStringLiteral("\"signature.scheme\" is missing (see hookscope schemes)")
                   : QStringLiteral("unknown signature scheme \"%1\" (see hookscope schemes)")
                         .arg(schemeId);
        return std::nullopt;
    }
    check.scheme = *scheme;

    const QJsonValue secrets = object.value(QStringLiteral("secrets"));
    const QJsonArray secretList = secrets.isString() ? QJsonArray{secrets} : secrets.toArray();
    for (const QJsonValue &secret : secretList) {
        if (!secret.isString() || secret.toString().isEmpty()) {
            *why = QStringLiteral("\"signature.secrets\" must be an array of non-empty strings");
            return std::nullopt;
        }
        check.secrets.append(secret.toString().toUtf8());
    }
    if (check.secrets.isEmpty()) {
        *why = QStringLiteral("\"signature.secrets\" must name at least one secret");
        return std::nullopt;
    }

    const QJsonValue header = object.value(QStringLiteral("signatureHeader"));
    if (!header.isUndefined()) {
        check.signatureHeader = header.toString().toLatin1();
        if (!header.isString() || !isToken(check.signatureHeader)) {
            *why = QStringLiteral("invalid \"signature.signatureHeader\"");
            return std::nullopt;
        }
    }
    const QJsonValue tolerance = object.value(QStringLiteral("tolerance"));
    if (!tolerance.isUndefined()) {
        const double seconds = tolerance.toDouble(-1);
        if (!tolerance.isDouble() || seconds < 0 || seconds > 31536000 ||
            seconds != std::floor(seconds)) {
            *why = QStringLiteral(
                "\"signature.tolerance\" must be a whole number of seconds (0 to 31536000)");
            return std::nullopt;
        }
        check.tolerance = int(seconds);
    }
    const QJsonValue reject = object.value(QStringLiteral("reject"));
    if (!reject.isUndefined() && !reject.isBool()) {
        *why = QStringLiteral("\"signature.reject\" must be true or false");
        return std::nullopt;
    }
    check.reject = reject.toBool(false);
    return check;
}

} // namespace

QRegularExpression EndpointRule::globToRegex(const QString &glob)
{
    QString pattern = QStringLiteral("\\A");
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('*')) {
                pattern += QStringLiteral(".*");
                ++i;
            } else {
                pattern += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            pattern += QStringLiteral("[^/]");
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    pattern += QStringLiteral("\\z");
    return QRegularExpression(pattern);
}

bool EndpointRule::matches(QByteArrayView method, QByteArrayView path) const
{
    if (!enabled)
        return false;
    if (!methods.isEmpty() && !methods.contains(method))
        return false;
    return pathPattern.match(QString::fromUtf8(path)).hasMatch();
}

std::optional<EndpointRule> EndpointRule::fromJson(const QJsonObject &spec, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    for (auto it = spec.constBegin(); it != spec.constEnd(); ++it) {
        if (!knownKeys.contains(it.key()))
            return fail(QStringLiteral("unknown key \"%1\"").arg(it.key()));
    }

    EndpointRule rule;
    rule.id = spec.value(QStringLiteral("id")).toInteger();
    rule.name = spec.value(QStringLiteral("name")).toString();
    rule.enabled = spec.value(QStringLiteral("enabled")).toBool(true);

    QJsonValue methods = spec.value(QStringLiteral("methods"));
    if (methods.isUndefined())
        methods = spec.value(QStringLiteral("method"));
    const QJsonArray methodList =
        methods.isArray() ? methods.toArray() : QJsonArray{methods.toString(QStringLiteral("*"))};
    for (const QJsonValue &m : methodList) {
        const QByteArray method = m.toString().trimmed().toUpper().toLatin1();
        if (method == "*" || method == "ANY")
            continue;
        if (!isToken(method))
            return fail(QStringLiteral("invalid method \"%1\"").arg(m.toString()));
        rule.methods.append(method);
    }

    const QJsonValue path = spec.value(QStringLiteral("path"));
    if (!path.isUndefined() && (!path.isString() || !path.toString().startsWith(QLatin1Char('/'))))
        return fail(QStringLiteral("\"path\" must be a glob starting with '/'"));
    rule.pathGlob = path.toString(QStringLiteral("/**"));
    rule.pathPattern = globToRegex(rule.pathGlob);

    const QJsonValue secret = spec.value(QStringLiteral("secret"));
    if (!secret.isUndefined() && !secret.isString())
        return fail(QStringLiteral("\"secret\" must be a string"));
    rule.secret = secret.toString().toUtf8();
    const QByteArray secretHeader = spec.value(QStringLiteral("secretHeader"))
                                        .toString(QStringLiteral("x-webhook-secret"))
                                        .toLatin1();
    if (!isToken(secretHeader))
        return fail(QStringLiteral("invalid \"secretHeader\""));
    rule.secretHeader = secretHeader;

    rule.requireJson = spec.value(QStringLiteral("requireJson")).toBool(false);
    const QJsonValue required = spec.value(QStringLiteral("requiredFields"));
    if (!required.isUndefined() && !required.isArray())
        return fail(QStringLiteral("\"requiredFields\" must be an array of field names"));
    for (const QJsonValue &field : required.toArray()) {
        if (!field.isString() || field.toString().isEmpty())
            return fail(QStringLiteral("\"requiredFields\" must be an array of field names"));
        rule.requiredFields.append(field.toString());
    }
    if (!rule.requiredFields.isEmpty())
        rule.requireJson = true;

    const QJsonValue signature = spec.value(QStringLiteral("signature"));
    if (!signature.isUndefined()) {
        QString why;
        rule.signature = signatureFromJson(signature, &why);
        if (!rule.signature)
            return fail(why);
    }

    const QJsonValue response = spec.value(QStringLiteral("response"));
    if (!response.isUndefined() && !response.isObject())
        return fail(QStringLiteral("\"response\" must be an object"));
    const QJsonObject responseObject = response.toObject();
    for (auto it = responseObject.constBegin(); it != responseObject.constEnd(); ++it) {
        if (it.key() != QLatin1String("status") && it.key() != QLatin1String("headers") &&
            it.key() != QLatin1String("body"))
            return fail(QStringLiteral("unknown key \"response.%1\"").arg(it.key()));
    }
    rule.status = responseObject.value(QStringLiteral("status")).toInt(200);
    if (rule.status < 100 || rule.status > 599)
        return fail(QStringLiteral("\"response.status\" must be between 100 and 599"));
    const QJsonValue headers = responseObject.value(QStringLiteral("headers"));
    if (!headers.isUndefined() && !headers.isObject())
        return fail(QStringLiteral("\"response.headers\" must be an object of strings"));
    const QJsonObject headerObject = headers.toObject();
    for (auto it = headerObject.constBegin(); it != headerObject.constEnd(); ++it) {
        const QByteArray name = it.key().toLatin1();
        const QByteArray value = it.value().toString().toUtf8();
        if (!isToken(name) || !it.value().isString() || value.contains('\r') ||
            value.contains('\n'))
            return fail(QStringLiteral("invalid response header \"%1\"").arg(it.key()));
        rule.responseHeaders.append({name, value});
    }
    const QJsonValue body = responseObject.value(QStringLiteral("body"));
    if (body.isString()) {
        rule.bodyTemplate = body.toString().toUtf8();
    } else if (body.isObject()) {
        rule.bodyTemplate = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    } else if (body.isArray()) {
        rule.bodyTemplate = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    } else if (!body.isUndefined() && !body.isNull()) {
        return fail(QStringLiteral("\"response.body\" must be a string, object or array"));
    }
    if (rule.bodyTemplate) {
        const QString why = ResponseTemplate::validate(*rule.bodyTemplate);
        if (!why.isEmpty())
            return fail(QStringLiteral("response.body: ") + why);
    }

    const QJsonValue delay = spec.value(QStringLiteral("delayMs"));
    rule.delayMs = delay.toInt(0);
    if (!delay.isUndefined() && (!delay.isDouble() || rule.delayMs < 0 || rule.delayMs > 120000))
        return fail(QStringLiteral("\"delayMs\" must be between 0 and 120000"));

    const QJsonValue failure = spec.value(QStringLiteral("fail"));
    if (!failure.isUndefined()) {
        if (!failure.isObject())
            return fail(QStringLiteral("\"fail\" must be an object"));
        const QJsonObject f = failure.toObject();
        for (auto it = f.constBegin(); it != f.constEnd(); ++it) {
            if (it.key() != QLatin1String("first") && it.key() != QLatin1String("rate") &&
                it.key() != QLatin1String("status"))
                return fail(QStringLiteral("unknown key \"fail.%1\"").arg(it.key()));
        }
        rule.failFirst = f.value(QStringLiteral("first")).toInt(0);
        rule.failRate = f.value(QStringLiteral("rate")).toDouble(0.0);
        rule.failStatus = f.value(QStringLiteral("status")).toInt(503);
        if (rule.failFirst < 0)
            return fail(QStringLiteral("\"fail.first\" must not be negative"));
        if (rule.failRate < 0.0 || rule.failRate > 1.0)
            return fail(QStringLiteral("\"fail.rate\" must be between 0 and 1"));
        if (rule.failStatus < 100 || rule.failStatus > 599)
            return fail(QStringLiteral("\"fail.status\" must be between 100 and 599"));
    }
    return rule;
}

QJsonObject EndpointRule::toJson() const
{
    QJsonObject spec;
    if (id > 0)
        spec.insert(QStringLiteral("id"), id);
    spec.insert(QStringLiteral("name"), name);
    if (!enabled)
        spec.insert(QStringLiteral("enabled"), false);
    QJsonArray methodList;
    for (const QByteArray &m : methods)
        methodList.append(QString::fromLatin1(m));
    spec.insert(QStringLiteral("methods"),
                methodList.isEmpty() ? QJsonArray{QStringLiteral("*")} : methodList);
    spec.insert(QStringLiteral("path"), pathGlob);
    if (!secret.isEmpty()) {
        spec.insert(QStringLiteral("secret"), QString::fromUtf8(secret));
        spec.insert(QStringLiteral("secretHeader"), QString::fromLatin1(secretHeader));
    }
    if (requireJson)
        spec.insert(QStringLiteral("requireJson"), true);
    if (!requiredFields.isEmpty())
        spec.insert(QStringLiteral("requiredFields"), QJsonArray::fromStringList(requiredFields));
    if (signature) {
        QJsonArray secretList;
        for (const QByteArray &key : signature->secrets)
            secretList.append(QString::fromUtf8(key));
        QJsonObject check{{QStringLiteral("scheme"), signature->scheme.id},
                          {QStringLiteral("secrets"), secretList}};
        if (!signature->signatureHeader.isEmpty()) {
            check.insert(QStringLiteral("signatureHeader"),
                         QString::fromLatin1(signature->signatureHeader));
        }
        if (signature->tolerance)
            check.insert(QStringLiteral("tolerance"), *signature->tolerance);
        if (signature->reject)
            check.insert(QStringLiteral("reject"), true);
        spec.insert(QStringLiteral("signature"), check);
    }
    QJsonObject response;
    response.insert(QStringLiteral("status"), status);
    if (!responseHeaders.isEmpty()) {
        QJsonObject headers;
        for (const HeaderField &h : responseHeaders)
            headers.insert(QString::fromLatin1(h.name), QString::fromUtf8(h.value));
        response.insert(QStringLiteral("headers"), headers);
    }
    if (bodyTemplate)
        response.insert(QStringLiteral("body"), QString::fromUtf8(*bodyTemplate));
    spec.insert(QStringLiteral("response"), response);
    if (delayMs > 0)
        spec.insert(QStringLiteral("delayMs"), delayMs);
    if (failFirst > 0 || failRate > 0.0) {
        spec.insert(QStringLiteral("fail"), QJsonObject{{QStringLiteral("first"), failFirst},
                                                        {QStringLiteral("rate"), failRate},
                                                        {QStringLiteral("status"), failStatus}});
    }
    return spec;
}

std::optional<QList<EndpointRule>> EndpointRule::listFromJson(const QByteArray &json,
                                                              QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error) {
            *error = QStringLiteral("not valid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        }
        return std::nullopt;
    }
    QJsonArray array;
    if (doc.isArray()) {
        array = doc.array();
    } else if (doc.object().value(QStringLiteral("rules")).isArray()) {
        array = doc.object().value(QStringLiteral("rules")).toArray();
    } else {
        if (error)
            *error = QStringLiteral("expected {\"rules\": [...]} or an array of rules");
        return std::nullopt;
    }
    QList<EndpointRule> rules;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject spec = array.at(i).toObject();
        QString why;
        std::optional<EndpointRule> rule =
            array.at(i).isObject() ? fromJson(spec, &why) : std::nullopt;
        if (!array.at(i).isObject())
            why = QStringLiteral("a rule must be an object");
        if (!rule) {
            if (error) {
                const QString name = spec.value(QStringLiteral("name")).toString();
                *error = QStringLiteral("rule %1%2: %3")
                             .arg(i + 1)
                             .arg(name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name))
                             .arg(why);
            }
            return std::nullopt;
        }
        if (rule->name.isEmpty())
            rule->name = QStringLiteral("rule %1").arg(i + 1);
        rules.append(*rule);
    }
    return rules;
}

} // namespace hookscope
