#include "outbox_service.h"

#include "deliver/delivery_worker.h"
#include "sign/signature_crypto.h"
#include "sign/signature_scheme_registry.h"

#include <QJsonDocument>
#include <chrono>

namespace hookscope {

namespace {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// "evt_" + 24 hex digits from RAND_bytes: unique without coordination, safe to show.
QByteArray newEventUid()
{
    const QByteArray bytes = signcrypto::randomBytes(12);
    return bytes.isEmpty() ? QByteArray() : QByteArrayLiteral("evt_") + bytes.toHex();
}

OutboxError storeError(const QString &message)
{
    return {500, QStringLiteral("the database refused the change: %1").arg(message)};
}

} // namespace

OutboxService::OutboxService(QObject *parent) : QObject(parent) {}

OutboxService::~OutboxService()
{
    close();
}

bool OutboxService::open(const QString &dataDir, Database::Sync sync, QString *error)
{
    m_dataDir = dataDir;
    m_db =
        std::make_unique<Database>(Database::fileIn(dataDir), QStringLiteral("hookscope-outbox"));
    if (!m_db->open(sync)) {
        *error = m_db->lastError();
        m_db.reset();
        return false;
    }
    m_subscriptions = std::make_unique<SubscriptionStore>(m_db->connection());
    m_outbox = std::make_unique<OutboxStore>(m_db->connection());
    m_catalog = std::make_unique<EventCatalog>(dataDir);
    if (!m_catalog->loadError().isEmpty())
        qWarning("hookscope: %s", qUtf8Printable(m_catalog->loadError()));
    m_worker = std::make_unique<DeliveryWorker>(*m_db, *m_subscriptions, *m_outbox);
    connect(m_worker.get(), &DeliveryWorker::attemptsCommitted, this, &OutboxService::changed);
    connect(m_worker.get(), &DeliveryWorker::storeFailed, this,
            [](const QString &message) { qWarning("hookscope: %s", qUtf8Printable(message)); });
    m_worker->start();
    return true;
}

void OutboxService::close()
{
    if (m_worker)
        m_worker->stop();
    m_worker.reset();
    m_outbox.reset();
    m_subscriptions.reset();
    m_db.reset();
}

bool OutboxService::ready(OutboxError *error) const
{
    if (m_db)
        return true;
    *error = {503, QStringLiteral("the outbox is not open")};
    return false;
}

QList<Subscription> OutboxService::subscriptions() const
{
    return m_subscriptions ? m_subscriptions->all() : QList<Subscription>();
}

std::optional<Subscription> OutboxService::subscription(qint64 id, OutboxError *error) const
{
    if (!ready(error))
        return std::nullopt;
    std::optional<Subscription> found = m_subscriptions->find(id);
    if (!found)
        *error = {404, QStringLiteral("no subscription %1").arg(id)};
    return found;
}

std::optional<Subscription> OutboxService::createSubscription(const QJsonObject &json,
                                                              OutboxError *error,
                                                              QByteArray *verifyKey)
{
    if (!ready(error))
        return std::nullopt;
    Subscription subscription;
    QString why;
    if (!subscription.applyJson(json, true, &why)) {
        *error = {422, why};
        return std::nullopt;
    }
    if (subscription.secret.isEmpty()) {
        subscription.secret = Subscription::generateSecret(subscription.scheme, verifyKey);
        if (subscription.secret.isEmpty()) {
            *error = {500, QStringLiteral("could not generate a secret")};
            return std::nullopt;
        }
    } else if (verifyKey) {
        *verifyKey = subscription.secret;
    }
    if (!m_subscriptions->insert(subscription, nowUs())) {
        *error = storeError(m_subscriptions->lastError());
        return std::nullopt;
    }
    m_worker->reloadSubscriptions();
    emit changed();
    return subscription;
}

std::optional<Subscription> OutboxService::updateSubscription(qint64 id, const QJsonObject &json,
                                                              bool replace, OutboxError *error,
                                                              bool *newSecret)
{
    std::optional<Subscription> subscription = this->subscription(id, error);
    if (!subscription)
        return std::nullopt;
    // A scheme of the other kind (HMAC <-> key pair) cannot use the old secret: a new one is
    // made before the fields are checked, unless the caller brings one.
    const QString schemeAfter = json.value(QStringLiteral("scheme")).toString(subscription->scheme);
    const SignatureScheme *before = SignatureSchemeRegistry::find(subscription->scheme);
    const SignatureScheme *after = SignatureSchemeRegistry::find(schemeAfter);
    const bool regenerate = !json.contains(QStringLiteral("secret")) && before && after &&
                            before->isAsymmetric() != after->isAsymmetric();
    if (regenerate)
        subscription->secret = Subscription::generateSecret(schemeAfter);
    if (newSecret)
        *newSecret = regenerate;
    QString why;
    if (!subscription->applyJson(json, replace, &why)) {
        *error = {422, why};
        return std::nullopt;
    }
    if (!m_subscriptions->update(*subscription, nowUs())) {
        if (m_subscriptions->lastError().isEmpty())
            *error = {404, QStringLiteral("no subscription %1").arg(id)};
        else
            *error = storeError(m_subscriptions->lastError());
        return std::nullopt;
    }
    m_worker->reloadSubscriptions();
    emit changed();
    return subscription;
}

bool OutboxService::deleteSubscription(qint64 id, OutboxError *error)
{
    if (!ready(error))
        return false;
    if (!m_subscriptions->remove(id)) {
        *error = m_subscriptions->lastError().isEmpty()
                     ? OutboxError{404, QStringLiteral("no subscription %1").arg(id)}
                     : storeError(m_subscriptions->lastError());
        return false;
    }
    m_worker->reloadSubscriptions();
    emit changed();
    return true;
}

std::optional<Subscription> OutboxService::rotateSecret(qint64 id, OutboxError *error,
                                                        QByteArray *verifyKey)
{
    std::optional<Subscription> subscription = this->subscription(id, error);
    if (!subscription)
        return std::nullopt;
    subscription->secret = Subscription::generateSecret(subscription->scheme, verifyKey);
    if (subscription->secret.isEmpty() || !m_subscriptions->update(*subscription, nowUs())) {
        *error = storeError(m_subscriptions->lastError());
        return std::nullopt;
    }
    m_worker->reloadSubscriptions();
    emit changed();
    return subscription;
}

std::optional<FiredEvent> OutboxService::fire(const QString &type, const QByteArray &dataJson,
                                              const QString &source, OutboxError *error,
                                              const QList<qint64> &only)
{
    if (!ready(error))
        return std::nullopt;
    if (!EventCatalog::isValidType(type)) {
        *error = {422, QStringLiteral("\"type\" must be an event type such as user.created "
                                      "(letters, digits, _ and -, separated by dots)")};
        return std::nullopt;
    }
    QJsonParseError parseError;
    QJsonDocument::fromJson("[" + (dataJson.isEmpty() ? "null" : dataJson) + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = {400, QStringLiteral("\"data\" is not JSON: %1").arg(parseError.errorString())};
        return std::nullopt;
    }
    FiredEvent fired;
    fired.event.uid = newEventUid();
    fired.event.type = type;
    fired.event.data = dataJson.isEmpty() ? QByteArrayLiteral("{}") : dataJson;
    fired.event.createdUs = nowUs();
    QList<qint64> targets;
    for (const Subscription &subscription : m_subscriptions->all()) {
        const bool chosen = only.isEmpty() ? subscription.active && subscription.wants(type)
                                           : only.contains(subscription.id);
        if (chosen)
            targets.append(subscription.id);
    }
    if (!m_outbox->fire(fired.event, source, targets, fired.event.createdUs, &fired.deliveryIds)) {
        *error = storeError(m_outbox->lastError());
        return std::nullopt;
    }
    m_worker->wake();
    emit changed();
    return fired;
}

std::optional<FiredEvent> OutboxService::sendTest(qint64 subscriptionId, const QString &type,
                                                  OutboxError *error)
{
    const std::optional<Subscription> subscription = this->subscription(subscriptionId, error);
    if (!subscription)
        return std::nullopt;
    if (!subscription->active) {
        *error = {409, QStringLiteral("subscription %1 is disabled%2; enable it first")
                           .arg(subscriptionId)
                           .arg(subscription->disabledReason.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (%1)").arg(subscription->disabledReason))};
        return std::nullopt;
    }
    std::optional<CatalogEvent> event;
    if (!type.isEmpty()) {
        event = m_catalog->find(type);
        if (!event) {
            *error = {422, QStringLiteral("\"%1\" is not in the event catalog").arg(type)};
            return std::nullopt;
        }
    } else {
        for (const CatalogEvent &candidate : m_catalog->all()) {
            if (subscription->wants(candidate.type)) {
                event = candidate;
                break;
            }
        }
        if (!event && !m_catalog->all().isEmpty())
            event = m_catalog->all().first();
    }
    if (!event) {
        *error = {500, QStringLiteral("the event catalog is empty")};
        return std::nullopt;
    }
    return fire(event->type, event->sample, QStringLiteral("test"), error, {subscriptionId});
}

std::optional<qint64> OutboxService::resend(const QString &eventUid, qint64 subscriptionId,
                                            OutboxError *error)
{
    if (!this->subscription(subscriptionId, error))
        return std::nullopt;
    const std::optional<OutboundEvent> event = m_outbox->findEvent(eventUid);
    if (!event) {
        *error = {404, QStringLiteral("no event %1").arg(eventUid)};
        return std::nullopt;
    }
    const std::optional<qint64> id = m_outbox->addDelivery(event->id, subscriptionId, nowUs());
    if (!id) {
        *error = storeError(m_outbox->lastError());
        return std::nullopt;
    }
    m_worker->wake();
    emit changed();
    return id;
}

bool OutboxService::changeDelivery(qint64 deliveryId, OutboxError *error,
                                   bool (OutboxStore::*change)(qint64, qint64, QString *))
{
    if (!ready(error))
        return false;
    QString why;
    if (!(m_outbox.get()->*change)(deliveryId, nowUs(), &why)) {
        const int status = why.startsWith(QLatin1String("no delivery")) ? 404
                           : why == m_outbox->lastError()               ? 500
                                                                        : 409;
        *error = {status, why};
        return false;
    }
    m_worker->wake();
    emit changed();
    return true;
}

qint64 OutboxService::changeMany(qint64 subscriptionId, OutboxError *error,
                                 qint64 (OutboxStore::*change)(qint64, qint64))
{
    if (!ready(error))
        return -1;
    if (subscriptionId > 0 && !this->subscription(subscriptionId, error))
        return -1;
    const qint64 count = (m_outbox.get()->*change)(subscriptionId, nowUs());
    if (count < 0) {
        *error = storeError(m_outbox->lastError());
        return -1;
    }
    m_worker->wake();
    emit changed();
    return count;
}

bool OutboxService::retryNow(qint64 deliveryId, OutboxError *error)
{
    return changeDelivery(deliveryId, error, &OutboxStore::retryNow);
}

qint64 OutboxService::retryFailed(qint64 subscriptionId, OutboxError *error)
{
    return changeMany(subscriptionId, error, &OutboxStore::retryFailed);
}

bool OutboxService::cancel(qint64 deliveryId, OutboxError *error)
{
    return changeDelivery(deliveryId, error, &OutboxStore::cancel);
}

qint64 OutboxService::cancelPending(qint64 subscriptionId, OutboxError *error)
{
    return changeMany(subscriptionId, error, &OutboxStore::cancelPending);
}

QList<DeliveryRow> OutboxService::deliveries(const DeliveryFilter &filter) const
{
    return m_outbox ? m_outbox->deliveries(filter) : QList<DeliveryRow>();
}

std::optional<OutboundEvent> OutboxService::event(const QString &uid) const
{
    return m_outbox ? m_outbox->findEvent(uid) : std::nullopt;
}

std::optional<DeliveryRow> OutboxService::delivery(qint64 id) const
{
    return m_outbox ? m_outbox->delivery(id) : std::nullopt;
}

QList<OutboundEvent> OutboxService::events(int limit, qint64 beforeId) const
{
    return m_outbox ? m_outbox->events(limit, beforeId) : QList<OutboundEvent>();
}

QHash<qint64, QPair<int, int>> OutboxService::deliverySummary(const QList<qint64> &eventIds) const
{
    return m_outbox ? m_outbox->deliverySummary(eventIds) : QHash<qint64, QPair<int, int>>();
}

QHash<qint64, QList<AttemptRow>> OutboxService::attempts(const QList<qint64> &deliveryIds) const
{
    return m_outbox ? m_outbox->attempts(deliveryIds) : QHash<qint64, QList<AttemptRow>>();
}

SubscriptionStats OutboxService::stats(qint64 subscriptionId) const
{
    return m_outbox ? m_outbox->subscriptionStats(subscriptionId) : SubscriptionStats();
}

QueueStats OutboxService::queueStats() const
{
    return m_outbox ? m_outbox->queueStats(nowUs()) : QueueStats();
}

int OutboxService::inFlight() const
{
    return m_worker ? m_worker->inFlight() : 0;
}

bool OutboxService::setCustomEvents(const QList<CatalogEvent> &events, QString *error)
{
    if (!m_catalog->setCustom(events, error))
        return false;
    emit changed();
    return true;
}

} // namespace hookscope
