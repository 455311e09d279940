#include "management_api.h"

#include "api/api_token.h"
#include "deliver/delivery_worker.h"
#include "deliver/envelope_format.h"
#include "deliver/outbox_service.h"
#include "export/export_options.h"
#include "export/exporter.h"
#include "store/database.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QThread>
#include <atomic>

namespace hookscope {

namespace {

QJsonValue isoOrNull(qint64 us)
{
    if (us <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Text when the bytes are UTF-8, else base64 with a "<key>Encoding" marker.
void insertBody(QJsonObject &object, const QString &key, const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() == bytes) {
        object.insert(key, text);
    } else {
        object.insert(key, QString::fromLatin1(bytes.toBase64()));
        object.insert(key + QStringLiteral("Encoding"), QStringLiteral("base64"));
    }
}

QJsonValue jsonOrText(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + bytes + "]", &error);
    if (error.error == QJsonParseError::NoError)
        return document.array().first();
    return QString::fromUtf8(bytes);
}

QJsonObject attemptJson(const AttemptRow &a)
{
    QJsonObject object{
        {QStringLiteral("attempt"), a.attempt},
        {QStringLiteral("startedAt"), isoOrNull(a.startedUs)},
        {QStringLiteral("durationMs"), double(a.durationUs) / 1000.0},
        {QStringLiteral("url"), a.url},
        {QStringLiteral("requestHeaders"), QJsonDocument::fromJson(a.requestHeaders).array()},
        {QStringLiteral("responseStatus"), a.responseStatus},
        {QStringLiteral("responseHeaders"), QJsonDocument::fromJson(a.responseHeaders).array()},
        {QStringLiteral("error"), a.error},
    };
    insertBody(object, QStringLiteral("requestBody"), a.requestBody);
    insertBody(object, QStringLiteral("responseBody"), a.responseBody);
    return object;
}

QJsonObject deliveryJson(const DeliveryRow &d)
{
    return QJsonObject{
        {QStringLiteral("id"), d.id},
        {QStringLiteral("webhookId"), d.subscriptionId},
        {QStringLiteral("webhookName"), d.subscriptionName},
        {QStringLiteral("eventId"), QString::fromUtf8(d.event.uid)},
        {QStringLiteral("eventType"), d.event.type},
        {QStringLiteral("status"), d.status},
        {QStringLiteral("attempts"), d.attempts},
        {QStringLiteral("nextAttemptAt"),
         d.status == QLatin1String("pending") || d.status == QLatin1String("scheduled")
             ? isoOrNull(d.nextAttemptUs)
             : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("lastStatus"), d.lastStatus},
        {QStringLiteral("lastError"), d.lastError},
        {QStringLiteral("lastDurationMs"), double(d.lastDurationUs) / 1000.0},
        {QStringLiteral("createdAt"), isoOrNull(d.createdUs)},
        {QStringLiteral("updatedAt"), isoOrNull(d.updatedUs)},
        {QStringLiteral("completedAt"), isoOrNull(d.completedUs)},
    };
}

QJsonObject eventJson(const OutboundEvent &e)
{
    return QJsonObject{
        {QStringLiteral("id"), QString::fromUtf8(e.uid)},
        {QStringLiteral("type"), e.type},
        {QStringLiteral("data"), jsonOrText(e.data)},
        {QStringLiteral("createdAt"), isoOrNull(e.createdUs)},
    };
}

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const HeaderField &header : headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0)
            return header.value;
    }
    return {};
}

QJsonObject firedJson(const FiredEvent &fired)
{
    QJsonObject json = eventJson(fired.event);
    json.insert(QStringLiteral("deliveryIds"),
                QJsonArray::fromVariantList(
                    QVariantList(fired.deliveryIds.begin(), fired.deliveryIds.end())));
    return json;
}

ApiResponse fromError(const OutboxError &error)
{
    return ManagementApi::error(error.status, error.message);
}

// A subscription id from the path or a body field: a positive integer, or its digits.
std::optional<qint64> idFrom(const QJsonValue &value)
{
    if (value.isDouble() && value.toDouble() >= 1 && value.toDouble() == qint64(value.toDouble()))
        return qint64(value.toDouble());
    bool ok = false;
    const qint64 id = value.toString().toLongLong(&ok);
    if (ok && id > 0)
        return id;
    return std::nullopt;
}

} // namespace

ManagementApi::ManagementApi(OutboxService *outbox, const QByteArray &token, const QString &dataDir,
                             QObject *parent)
    : QObject(parent), m_outbox(outbox), m_token(token), m_dataDir(dataDir)
{}

bool ManagementApi::authorized(const ApiRequest &request, ApiResponse *denied) const
{
    if (ApiToken::authorizes(headerValue(request.headers, "authorization"), m_token))
        return true;
    *denied = error(401, QStringLiteral("missing or wrong API token (send Authorization: Bearer "
                                        "<token>; hookscope token prints it)"));
    denied->headers.append(
        {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"hookscope\"")});
    return false;
}

ApiResponse ManagementApi::exportNow(const ApiRequest &request) const
{
    ApiResponse denied;
    if (!authorized(request, &denied))
        return denied;
    if (request.method != "GET") {
        ApiResponse response = error(405, QStringLiteral("%1 is not allowed here (allowed: GET)")
                                              .arg(QString::fromLatin1(request.method)));
        response.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET")});
        return response;
    }
    const QString fileName = QString::fromUtf8(request.path.mid(qstrlen("/api/export/")));
    QString why;
    const std::optional<ExportOptions> options =
        ExportOptions::fromUrlQuery(QUrlQuery(QString::fromUtf8(request.query)), &why, fileName);
    if (!options)
        return error(fileName.contains(QLatin1Char('/')) ? 404 : 400, why);
    if (options->format == ExportOptions::Format::Har)
        return error(400, QStringLiteral("the API exports csv, json or ndjson; HAR comes from "
                                         "hookscope export --format har"));
    // A connection of this thread's own, closed before the thread ends.
    static std::atomic<int> serial = 0;
    Database db(Database::fileIn(m_dataDir),
                QStringLiteral("hookscope-api-export-%1").arg(++serial));
    if (!db.open())
        return error(500, QStringLiteral("cannot open the database: %1").arg(db.lastError()));
    QByteArray body;
    bool tooLarge = false;
    const ExportResult result = Exporter::exportToSink(
        db.connection(), *options,
        [&](QByteArrayView chunk) {
            if (body.size() + chunk.size() > MaxExportBytes) {
                tooLarge = true;
                return false;
            }
            body.append(chunk.data(), chunk.size());
            return true;
        },
        QStringLiteral("GET %1%2")
            .arg(QString::fromUtf8(request.path),
                 request.query.isEmpty() ? QString()
                                         : QLatin1Char('?') + QString::fromUtf8(request.query)),
        QStringLiteral("api"));
    if (tooLarge)
        return error(413, QStringLiteral("the export is larger than %1 MiB; narrow the filters or "
                                         "use hookscope export --out FILE")
                              .arg(MaxExportBytes / (1024 * 1024)));
    if (result.status == ExportResult::Status::BadInput)
        return error(400, result.error);
    if (!result.ok())
        return error(500, result.error);
    ApiResponse response;
    response.body = body;
    response.headers = {
        {QByteArrayLiteral("Content-Type"), options->contentType().toLatin1()},
        {QByteArrayLiteral("Content-Disposition"),
         QByteArrayLiteral("attachment; filename=\"") + fileName.toUtf8() + '"'},
        {QByteArrayLiteral("X-Export-Rows"), QByteArray::number(result.rows)},
        {QByteArrayLiteral("X-Export-SHA256"), result.sha256},
    };
    return response;
}

bool ManagementApi::handles(QByteArrayView path)
{
    const auto under = [path](QByteArrayView prefix) {
        return path == prefix || (path.startsWith(prefix) && path.size() > prefix.size() &&
                                  path.at(prefix.size()) == '/');
    };
    return path == "/api/openapi.json" || under("/api/webhooks") || under("/api/events") ||
           under("/api/deliveries") || under("/api/catalog") ||
           (path.startsWith("/api/export/") && path.size() > 12);
}

ApiResponse ManagementApi::noSubscription(const Call &call)
{
    return error(404, QStringLiteral("no subscription %1").arg(call.args.first()));
}

std::optional<qint64> ManagementApi::existingSubscription(const Call &call,
                                                          ApiResponse *missing) const
{
    const std::optional<qint64> id = idFrom(call.args.first());
    OutboxError failure;
    if (!id) {
        *missing = noSubscription(call);
        return std::nullopt;
    }
    if (!m_outbox->subscription(*id, &failure)) {
        *missing = fromError(failure);
        return std::nullopt;
    }
    return id;
}

ApiResponse ManagementApi::noDelivery(const Call &call)
{
    return error(404, QStringLiteral("no delivery %1").arg(call.args.first()));
}

ApiResponse ManagementApi::error(int status, const QString &message)
{
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("success"), false},
                                              {QStringLiteral("error"), message}})
                        .toJson(QJsonDocument::Compact);
    return response;
}

ApiResponse ManagementApi::ok(const QJsonValue &data, int status)
{
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("success"), true},
                                              {QStringLiteral("data"), data}})
                        .toJson(QJsonDocument::Compact);
    return response;
}

const QList<ManagementApi::Route> &ManagementApi::routes()
{
    // More specific patterns first: "queue" is not a subscription id.
    static const QList<Route> table = {
        {"GET", "/api/openapi.json", &ManagementApi::openApi, false},
        {"GET", "/api/webhooks/queue/stats", &ManagementApi::queueStats, false},
        {"POST", "/api/webhooks/queue/retry-failed", &ManagementApi::retryFailed, false},
        {"GET", "/api/webhooks", &ManagementApi::listWebhooks, false},
        {"POST", "/api/webhooks", &ManagementApi::createWebhook, true},
        {"GET", "/api/webhooks/{}", &ManagementApi::getWebhook, false},
        {"PATCH", "/api/webhooks/{}", &ManagementApi::patchWebhook, true},
        {"PUT", "/api/webhooks/{}", &ManagementApi::putWebhook, true},
        {"DELETE", "/api/webhooks/{}", &ManagementApi::deleteWebhook, false},
        {"POST", "/api/webhooks/{}/test", &ManagementApi::testWebhook, false},
        {"POST", "/api/webhooks/{}/rotate-secret", &ManagementApi::rotateSecret, false},
        {"GET", "/api/webhooks/{}/deliveries", &ManagementApi::webhookDeliveries, false},
        {"GET", "/api/webhooks/{}/stats", &ManagementApi::webhookStats, false},
        {"POST", "/api/events", &ManagementApi::fireEvent, true},
        {"GET", "/api/events", &ManagementApi::listEvents, false},
        {"GET", "/api/events/{}", &ManagementApi::getEvent, false},
        {"POST", "/api/events/{}/resend", &ManagementApi::resendEvent, true},
        {"GET", "/api/deliveries/{}", &ManagementApi::getDelivery, false},
        {"POST", "/api/deliveries/{}/retry", &ManagementApi::retryDelivery, false},
        {"POST", "/api/deliveries/{}/cancel", &ManagementApi::cancelDelivery, false},
        {"GET", "/api/catalog", &ManagementApi::catalog, false},
    };
    return table;
}

void ManagementApi::dispatch(const ApiRequest &request, QObject *context,
                             std::function<void(const ApiResponse &)> done)
{
    if (request.path.startsWith("/api/export/")) {
        // An export can take seconds: its own thread and connection, never the delivery one.
        QThread *thread =
            QThread::create([this, request, context = QPointer<QObject>(context), done] {
                const ApiResponse response = exportNow(request);
                if (context)
                    QMetaObject::invokeMethod(
                        context.data(), [done, response] { done(response); }, Qt::QueuedConnection);
            });
        thread->setObjectName(QStringLiteral("hookscope-api-export"));
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->start();
        return;
    }
    QMetaObject::invokeMethod(
        this,
        [this, request, context = QPointer<QObject>(context), done = std::move(done)] {
            const ApiResponse response = handle(request);
            if (context)
                QMetaObject::invokeMethod(
                    context.data(), [done, response] { done(response); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

ApiResponse ManagementApi::handle(const ApiRequest &request)
{
    // The OpenAPI document is public; everything else, known route or not, needs the token,
    // so a client without it learns nothing about the routes.
    const bool isPublic = request.path == "/api/openapi.json" && request.method == "GET";
    ApiResponse denied;
    if (!isPublic && !authorized(request, &denied))
        return denied;
    if (request.path.startsWith("/api/export/"))
        return exportNow(request);
    const QList<QByteArray> parts = request.path.split('/');
    QStringList allowed;
    for (const Route &route : routes()) {
        const QList<QByteArray> pattern = QByteArray(route.pattern).split('/');
        if (pattern.size() != parts.size())
            continue;
        QStringList args;
        bool match = true;
        for (qsizetype i = 0; i < pattern.size() && match; ++i) {
            if (pattern.at(i) == "{}")
                args.append(QString::fromUtf8(QByteArray::fromPercentEncoding(parts.at(i))));
            else
                match = pattern.at(i) == parts.at(i);
        }
        if (!match || args.contains(QString()))
            continue;
        if (request.method != route.method) {
            if (!allowed.contains(QLatin1String(route.method)))
                allowed.append(QString::fromLatin1(route.method));
            continue;
        }
        QJsonObject body;
        if (!request.body.trimmed().isEmpty()) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
            if (parseError.error != QJsonParseError::NoError)
                return error(400, QStringLiteral("the body is not JSON: %1 at offset %2")
                                      .arg(parseError.errorString())
                                      .arg(parseError.offset));
            if (!document.isObject())
                return error(400, QStringLiteral("the body must be a JSON object"));
            body = document.object();
        } else if (route.needsBody) {
            return error(400, QStringLiteral("a JSON object body is required"));
        }
        const Call call{request, args, QUrlQuery(QString::fromUtf8(request.query)), body};
        return (this->*route.handler)(call);
    }
    if (!allowed.isEmpty()) {
        ApiResponse response = error(
            405, QStringLiteral("%1 is not allowed here (allowed: %2)")
                     .arg(QString::fromLatin1(request.method), allowed.join(QStringLiteral(", "))));
        response.headers.append(
            {QByteArrayLiteral("Allow"), allowed.join(QStringLiteral(", ")).toLatin1()});
        return response;
    }
    return error(404,
                 QStringLiteral("no API route %1 %2")
                     .arg(QString::fromLatin1(request.method), QString::fromUtf8(request.path)));
}

ApiResponse ManagementApi::listWebhooks(const Call &)
{
    QJsonArray array;
    for (const Subscription &subscription : m_outbox->subscriptions()) {
        QJsonObject json = subscription.toJson();
        const SubscriptionStats stats = m_outbox->stats(subscription.id);
        json.insert(QStringLiteral("successRate"), stats.successRate);
        array.append(json);
    }
    return ok(array);
}

ApiResponse ManagementApi::createWebhook(const Call &call)
{
    OutboxError failure;
    QByteArray verifyKey;
    const std::optional<Subscription> created =
        m_outbox->createSubscription(call.body, &failure, &verifyKey);
    if (!created)
        return fromError(failure);
    QJsonObject json = created->toJson(true);
    if (verifyKey != created->secret)
        json.insert(QStringLiteral("verifyKey"), QString::fromUtf8(verifyKey));
    return ok(json, 201);
}

ApiResponse ManagementApi::getWebhook(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noSubscription(call);
    OutboxError failure;
    const std::optional<Subscription> found = m_outbox->subscription(*id, &failure);
    return found ? ok(found->toJson()) : fromError(failure);
}

ApiResponse ManagementApi::updateWebhook(const Call &call, bool replace)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noSubscription(call);
    OutboxError failure;
    bool newSecret = false;
    const std::optional<Subscription> updated =
        m_outbox->updateSubscription(*id, call.body, replace, &failure, &newSecret);
    // A scheme of another kind got a fresh secret: shown this once, like on creation.
    return updated ? ok(updated->toJson(newSecret)) : fromError(failure);
}

ApiResponse ManagementApi::patchWebhook(const Call &call)
{
    return updateWebhook(call, false);
}

ApiResponse ManagementApi::putWebhook(const Call &call)
{
    return updateWebhook(call, true);
}

ApiResponse ManagementApi::deleteWebhook(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noSubscription(call);
    OutboxError failure;
    if (!m_outbox->deleteSubscription(*id, &failure))
        return fromError(failure);
    return ok(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("deleted"), true}});
}

ApiResponse ManagementApi::testWebhook(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noSubscription(call);
    const QJsonValue type = call.body.value(QStringLiteral("event_type"));
    if (!type.isUndefined() && !type.isString())
        return error(400, QStringLiteral("\"event_type\" must be a string"));
    OutboxError failure;
    const std::optional<FiredEvent> fired = m_outbox->sendTest(*id, type.toString(), &failure);
    if (!fired)
        return fromError(failure);
    return ok(firedJson(*fired), 202);
}

ApiResponse ManagementApi::rotateSecret(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noSubscription(call);
    OutboxError failure;
    QByteArray verifyKey;
    const std::optional<Subscription> rotated = m_outbox->rotateSecret(*id, &failure, &verifyKey);
    if (!rotated)
        return fromError(failure);
    QJsonObject json = rotated->toJson(true);
    if (verifyKey != rotated->secret)
        json.insert(QStringLiteral("verifyKey"), QString::fromUtf8(verifyKey));
    return ok(json);
}

QJsonArray ManagementApi::deliveriesJson(const QList<DeliveryRow> &rows, bool withAttempts) const
{
    QList<qint64> ids;
    for (const DeliveryRow &row : rows)
        ids.append(row.id);
    const QHash<qint64, QList<AttemptRow>> attempts =
        withAttempts ? m_outbox->attempts(ids) : QHash<qint64, QList<AttemptRow>>();
    QJsonArray array;
    for (const DeliveryRow &row : rows) {
        QJsonObject json = deliveryJson(row);
        if (withAttempts) {
            QJsonArray list;
            for (const AttemptRow &attempt : attempts.value(row.id))
                list.append(attemptJson(attempt));
            json.insert(QStringLiteral("attemptLog"), list);
        }
        array.append(json);
    }
    return array;
}

ApiResponse ManagementApi::webhookDeliveries(const Call &call)
{
    ApiResponse missing;
    const std::optional<qint64> id = existingSubscription(call, &missing);
    if (!id)
        return missing;
    DeliveryFilter filter;
    filter.subscriptionId = *id;
    bool okLimit = true;
    const QString limit = call.query.queryItemValue(QStringLiteral("limit"));
    if (!limit.isEmpty())
        filter.limit = limit.toInt(&okLimit);
    if (!okLimit || filter.limit < 1 || filter.limit > 1000)
        return error(400, QStringLiteral("\"limit\" must be a number from 1 to 1000"));
    const QString before = call.query.queryItemValue(QStringLiteral("before"));
    if (!before.isEmpty()) {
        bool okBefore = false;
        filter.beforeId = before.toLongLong(&okBefore);
        if (!okBefore || filter.beforeId < 1)
            return error(400, QStringLiteral("\"before\" must be a delivery id"));
    }
    static const QStringList statuses = {QStringLiteral("pending"), QStringLiteral("scheduled"),
                                         QStringLiteral("delivered"), QStringLiteral("failed"),
                                         QStringLiteral("cancelled")};
    filter.status = call.query.queryItemValue(QStringLiteral("status"));
    if (!filter.status.isEmpty() && !statuses.contains(filter.status))
        return error(400, QStringLiteral("\"status\" must be one of %1")
                              .arg(statuses.join(QStringLiteral(", "))));
    filter.eventType = call.query.queryItemValue(QStringLiteral("event"));
    const QList<DeliveryRow> rows = m_outbox->deliveries(filter);
    QJsonObject page{{QStringLiteral("deliveries"), deliveriesJson(rows, true)}};
    page.insert(QStringLiteral("nextBefore"), rows.size() == filter.limit
                                                  ? QJsonValue(rows.last().id)
                                                  : QJsonValue(QJsonValue::Null));
    return ok(page);
}

ApiResponse ManagementApi::webhookStats(const Call &call)
{
    ApiResponse missing;
    const std::optional<qint64> id = existingSubscription(call, &missing);
    if (!id)
        return missing;
    const SubscriptionStats s = m_outbox->stats(*id);
    return ok(QJsonObject{
        {QStringLiteral("deliveries"), s.deliveries},
        {QStringLiteral("succeeded"), s.succeeded},
        {QStringLiteral("failed"), s.failed},
        {QStringLiteral("pending"), s.pending},
        {QStringLiteral("successRate"), s.successRate},
        {QStringLiteral("averageDurationMs"), s.averageDurationMs},
        {QStringLiteral("p95DurationMs"), s.p95DurationMs},
        {QStringLiteral("lastStatus"), s.lastStatus},
        {QStringLiteral("lastAttemptAt"), isoOrNull(s.lastAttemptUs)},
        {QStringLiteral("consecutiveFailures"), s.consecutiveFailures},
    });
}

ApiResponse ManagementApi::queueStats(const Call &)
{
    const QueueStats s = m_outbox->queueStats();
    return ok(QJsonObject{
        {QStringLiteral("pending"), s.pending},
        {QStringLiteral("scheduled"), s.scheduled},
        {QStringLiteral("inFlight"), m_outbox->inFlight()},
        {QStringLiteral("failed"), s.failed},
        {QStringLiteral("cancelled"), s.cancelled},
        {QStringLiteral("paused"), s.paused},
        {QStringLiteral("deliveredLastHour"), s.deliveredLastHour},
    });
}

ApiResponse ManagementApi::retryFailed(const Call &call)
{
    qint64 subscriptionId = 0;
    const QJsonValue value = call.body.value(QStringLiteral("webhookId"));
    if (!value.isUndefined() && !value.isNull()) {
        const std::optional<qint64> id = idFrom(value);
        if (!id)
            return error(400, QStringLiteral("\"webhookId\" must be a subscription id"));
        subscriptionId = *id;
    }
    OutboxError failure;
    const qint64 count = m_outbox->retryFailed(subscriptionId, &failure);
    if (count < 0)
        return fromError(failure);
    return ok(QJsonObject{{QStringLiteral("retried"), count}});
}

ApiResponse ManagementApi::fireEvent(const Call &call)
{
    const QJsonValue type = call.body.value(QStringLiteral("type"));
    if (!type.isString() || type.toString().isEmpty())
        return error(400, QStringLiteral("\"type\" (a string) is required"));
    const QJsonValue data = call.body.value(QStringLiteral("data"));
    if (!data.isUndefined() && !data.isObject() && !data.isArray())
        return error(422, QStringLiteral("\"data\" must be a JSON object or array"));
    QList<qint64> only;
    const QJsonValue targets = call.body.value(QStringLiteral("webhookIds"));
    if (!targets.isUndefined()) {
        if (!targets.isArray() || targets.toArray().isEmpty())
            return error(400, QStringLiteral("\"webhookIds\" must be a non-empty array of ids"));
        for (const QJsonValue &target : targets.toArray()) {
            const std::optional<qint64> id = idFrom(target);
            if (!id)
                return error(400, QStringLiteral("\"webhookIds\" must hold subscription ids"));
            OutboxError missing;
            if (!m_outbox->subscription(*id, &missing))
                return fromError(missing);
            only.append(*id);
        }
    }
    const QByteArray dataJson =
        data.isObject()  ? QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact)
        : data.isArray() ? QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact)
                         : QByteArrayLiteral("{}");
    OutboxError failure;
    const std::optional<FiredEvent> fired =
        m_outbox->fire(type.toString(), dataJson, QStringLiteral("api"), &failure, only);
    if (!fired)
        return fromError(failure);
    return ok(firedJson(*fired), 202);
}

ApiResponse ManagementApi::listEvents(const Call &call)
{
    bool okLimit = true;
    const QString limitText = call.query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 50 : limitText.toInt(&okLimit);
    if (!okLimit || limit < 1 || limit > 1000)
        return error(400, QStringLiteral("\"limit\" must be a number from 1 to 1000"));
    qint64 before = 0;
    const QString beforeText = call.query.queryItemValue(QStringLiteral("before"));
    if (!beforeText.isEmpty()) {
        bool okBefore = false;
        before = beforeText.toLongLong(&okBefore);
        if (!okBefore || before < 1)
            return error(400, QStringLiteral("\"before\" must be an event row id (nextBefore)"));
    }
    const QList<OutboundEvent> events = m_outbox->events(limit, before);
    QList<qint64> ids;
    for (const OutboundEvent &event : events)
        ids.append(event.id);
    const QHash<qint64, QPair<int, int>> summary = m_outbox->deliverySummary(ids);
    QJsonArray array;
    for (const OutboundEvent &event : events) {
        QJsonObject json = eventJson(event);
        json.insert(QStringLiteral("delivered"), summary.value(event.id).first);
        json.insert(QStringLiteral("deliveryCount"), summary.value(event.id).second);
        array.append(json);
    }
    return ok(QJsonObject{{QStringLiteral("events"), array},
                          {QStringLiteral("nextBefore"), events.size() == limit
                                                             ? QJsonValue(events.last().id)
                                                             : QJsonValue(QJsonValue::Null)}});
}

ApiResponse ManagementApi::getEvent(const Call &call)
{
    const std::optional<OutboundEvent> event = m_outbox->event(call.args.first());
    if (!event)
        return error(404, QStringLiteral("no event %1").arg(call.args.first()));
    DeliveryFilter filter;
    filter.eventUid = call.args.first();
    filter.limit = 1000;
    QJsonObject json = eventJson(*event);
    json.insert(QStringLiteral("deliveries"), deliveriesJson(m_outbox->deliveries(filter), false));
    return ok(json);
}

ApiResponse ManagementApi::resendEvent(const Call &call)
{
    const std::optional<qint64> subscriptionId =
        idFrom(call.body.value(QStringLiteral("webhookId")));
    if (!subscriptionId)
        return error(400, QStringLiteral("\"webhookId\" (a subscription id) is required"));
    OutboxError failure;
    const std::optional<qint64> delivery =
        m_outbox->resend(call.args.first(), *subscriptionId, &failure);
    if (!delivery)
        return fromError(failure);
    return ok(QJsonObject{{QStringLiteral("deliveryId"), *delivery}}, 202);
}

ApiResponse ManagementApi::getDelivery(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    const std::optional<DeliveryRow> row = id ? m_outbox->delivery(*id) : std::nullopt;
    if (!row)
        return error(404, QStringLiteral("no delivery %1").arg(call.args.first()));
    return ok(deliveriesJson({*row}, true).first());
}

ApiResponse ManagementApi::retryDelivery(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noDelivery(call);
    OutboxError failure;
    if (!m_outbox->retryNow(*id, &failure))
        return fromError(failure);
    return ok(QJsonObject{{QStringLiteral("id"), *id}, {QStringLiteral("retrying"), true}}, 202);
}

ApiResponse ManagementApi::cancelDelivery(const Call &call)
{
    const std::optional<qint64> id = idFrom(call.args.first());
    if (!id)
        return noDelivery(call);
    OutboxError failure;
    if (!m_outbox->cancel(*id, &failure))
        return fromError(failure);
    return ok(QJsonObject{{QStringLiteral("id"), *id},
                          {QStringLiteral("status"), QStringLiteral("cancelled")}});
}

ApiResponse ManagementApi::catalog(const Call &)
{
    QJsonArray array;
    for (const CatalogEvent &event : m_outbox->catalog().all()) {
        array.append(QJsonObject{{QStringLiteral("type"), event.type},
                                 {QStringLiteral("description"), event.description},
                                 {QStringLiteral("source"), event.source},
                                 {QStringLiteral("custom"), event.custom},
                                 {QStringLiteral("sample"), jsonOrText(event.sample)}});
    }
    return ok(array);
}

ApiResponse ManagementApi::openApi(const Call &)
{
    QFile file(QStringLiteral(":/hookscope/openapi.json"));
    if (!file.open(QIODevice::ReadOnly))
        return error(500, QStringLiteral("the OpenAPI document is missing from this build"));
    ApiResponse response;
    response.body = file.readAll();
    return response;
}

} // namespace hookscope
