#include "rule_engine.h"

#include "response_template.h"
#include "sign/constant_time.h"
#include "sign/signature_verifier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace hookscope {

namespace {

// The URL the sender signed (Twilio, Square), as far as the request tells: a tunnel or
// proxy in front of the receiver says the public scheme and host in X-Forwarded-*.
QByteArray requestUrl(const StoredRequest &request)
{
    QByteArray scheme = request.header("x-forwarded-proto").split(',').constFirst().trimmed();
    if (scheme.isEmpty())
        scheme = QByteArrayLiteral("http");
    QByteArray host = request.header("x-forwarded-host").split(',').constFirst().trimmed();
    if (host.isEmpty())
        host = request.header("host");
    if (host.isEmpty())
        return {};
    QByteArray url = scheme + "://" + host + request.path;
    if (!request.query.isEmpty())
        url += '?' + request.query;
    return url;
}

constexpr qsizetype HintBodyLimit = 256 * 1024;

} // namespace

void RuleEngine::verify(const EndpointRule::SignatureCheck &check, const StoredRequest &request,
                        SignatureStatus *status, QString *detail)
{
    if (request.truncated) {
        *status = SignatureStatus::Invalid;
        *detail = QStringLiteral("not verified: the body was over the size limit and not kept");
        return;
    }
    VerifyOptions options;
    options.signatureHeader = check.signatureHeader;
    options.toleranceSeconds = check.tolerance;
    if (check.scheme.needsUrl)
        options.url = requestUrl(request);
    // Hints re-serialise the body and try other schemes: on the receiver thread that is only
    // worth it for ordinary sizes. The Signatures dialog gives them for any body.
    options.hints = request.body.size() <= HintBodyLimit;
    const VerifyResult result = SignatureVerifier::verify(check.scheme, check.secrets,
                                                          request.headers, request.body, options);
    *status = result.valid ? SignatureStatus::Valid : SignatureStatus::Invalid;
    QString text = result.summary();
    if (!result.valid && check.scheme.needsUrl && !options.url.isEmpty())
        text += QStringLiteral("\nURL checked: ") + QString::fromUtf8(options.url);
    for (const SignatureHint &hint : result.hints)
        text += QStringLiteral("\nHint: ") + hint.message;
    *detail = text;
}

void RuleEngine::setRules(const QList<EndpointRule> &rules)
{
    m_rules = rules;
    m_matchCount.clear();
}

RuleEngine::Decision RuleEngine::decide(const StoredRequest &request)
{
    Decision decision;
    const EndpointRule *rule = nullptr;
    int index = 0;
    for (; index < m_rules.size(); ++index) {
        if (m_rules.at(index).matches(request.method, request.path)) {
            rule = &m_rules.at(index);
            break;
        }
    }
    if (!rule) {
        decision.plan = ResponsePlan::success();
        return decision;
    }
    decision.endpointId = rule->id;
    decision.endpointName = rule->name;
    const auto reject = [&](int status, const QString &message, const QString &error) {
        decision.plan = ResponsePlan::error(status, message, error);
        decision.plan.delayMs = rule->delayMs;
        return decision;
    };

    if (rule->signature) {
        verify(*rule->signature, request, &decision.verification, &decision.verificationDetail);
        if (rule->signature->reject && decision.verification == SignatureStatus::Invalid) {
            return reject(401, QStringLiteral("Unauthorized"),
                          QStringLiteral("Invalid webhook signature"));
        }
    }

    if (!rule->secret.isEmpty()) {
        const QByteArray given = request.header(rule->secretHeader);
        if (given.isNull()) {
            return reject(401, QStringLiteral("Unauthorized"),
                          QStringLiteral("Missing webhook secret header"));
        }
        if (!constantTimeEquals(given, rule->secret)) {
            return reject(401, QStringLiteral("Unauthorized"),
                          QStringLiteral("Invalid webhook secret"));
        }
    }

    if (rule->requireJson) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            return reject(400, QStringLiteral("Bad Request"),
                          QStringLiteral("Invalid JSON payload"));
        }
        const QJsonObject object = doc.object();
        for (const QString &field : rule->requiredFields) {
            const QJsonValue value = object.value(field);
            if (value.isUndefined() || value.isNull()) {
                return reject(400, QStringLiteral("Bad Request"),
                              QStringLiteral("Missing required field: ") + field);
            }
        }
    }

    const int seen = ++m_matchCount[index];
    const bool injectFailure =
        seen <= rule->failFirst ||
        (rule->failRate > 0.0 && QRandomGenerator::global()->generateDouble() < rule->failRate);
    if (injectFailure) {
        return reject(rule->failStatus, QStringLiteral("Simulated failure"),
                      QStringLiteral("Rule \"%1\" fails this request on purpose").arg(rule->name));
    }

    ResponsePlan plan = rule->bodyTemplate ? ResponsePlan() : ResponsePlan::success();
    plan.status = rule->status;
    plan.delayMs = rule->delayMs;
    if (rule->bodyTemplate)
        plan.bodyTemplate = *rule->bodyTemplate;
    for (const HeaderField &header : rule->responseHeaders) {
        const auto existing =
            std::find_if(plan.headers.begin(), plan.headers.end(), [&](const HeaderField &h) {
                return QByteArrayView(h.name).compare(header.name, Qt::CaseInsensitive) == 0;
            });
        if (existing != plan.headers.end())
            existing->value = header.value;
        else
            plan.headers.append(header);
    }
    const bool hasContentType =
        std::any_of(plan.headers.cbegin(), plan.headers.cend(), [](const HeaderField &h) {
            return QByteArrayView(h.name).compare("content-type", Qt::CaseInsensitive) == 0;
        });
    if (!hasContentType) {
        const bool looksJson = plan.bodyTemplate.trimmed().startsWith('{') ||
                               plan.bodyTemplate.trimmed().startsWith('[');
        plan.headers.append({QByteArrayLiteral("Content-Type"),
                             looksJson ? QByteArrayLiteral("application/json")
                                       : QByteArrayLiteral("text/plain; charset=utf-8")});
    }
    plan.jsonBody =
        std::any_of(plan.headers.cbegin(), plan.headers.cend(), [](const HeaderField &h) {
            return QByteArrayView(h.name).compare("content-type", Qt::CaseInsensitive) == 0 &&
                   h.value.toLower().contains("json");
        });
    decision.plan = plan;
    return decision;
}

} // namespace hookscope
