#pragma once

#include "deliver/event_catalog.h"
#include "deliver/subscription.h"
#include "store/database.h"
#include "store/outbox_store.h"
#include "store/subscription_store.h"

#include <QJsonObject>
#include <QObject>
#include <memory>
#include <optional>

namespace hookscope {

class DeliveryWorker;

// Why an outbox operation was refused, as the API answers it: 400 bad input, 404 no such
// thing, 409 not in a state for it, 422 well-formed but unusable, 500 the store failed.
struct OutboxError
{
    int status = 0;
    QString message;
    explicit operator bool() const { return status != 0; }
};

struct FiredEvent
{
    OutboundEvent event;
    QList<qint64> deliveryIds;
};

// The sending side's operations, on the delivery thread with its own connection: the
// subscriptions, firing events into the outbox, manual retries, statistics. The management
// API and the GUI (through Engine) both call these; the DeliveryWorker sends.
class OutboxService : public QObject
{
    Q_OBJECT

public:
    explicit OutboxService(QObject *parent = nullptr);
    ~OutboxService() override;

    // Opens the connection (the schema is migrated already) and starts the worker.
    bool open(const QString &dataDir, Database::Sync sync, QString *error);
    void close();
    DeliveryWorker *worker() const { return m_worker.get(); }
    QString dataDir() const { return m_dataDir; }

    QList<Subscription> subscriptions() const;
    std::optional<Subscription> subscription(qint64 id, OutboxError *error) const;
    // A missing secret is generated; *verifyKey gets what the receiver checks with (the
    // secret itself for HMAC schemes, the public key for asymmetric ones).
    std::optional<Subscription> createSubscription(const QJsonObject &json, OutboxError *error,
                                                   QByteArray *verifyKey = nullptr);
    // *newSecret: a scheme of the other kind (HMAC <-> key pair) got a generated secret.
    std::optional<Subscription> updateSubscription(qint64 id, const QJsonObject &json, bool replace,
                                                   OutboxError *error, bool *newSecret = nullptr);
    bool deleteSubscription(qint64 id, OutboxError *error);
    std::optional<Subscription> rotateSecret(qint64 id, OutboxError *error,
                                             QByteArray *verifyKey = nullptr);

    // To every active subscription that wants the type (or only to `only`, when given).
    std::optional<FiredEvent> fire(const QString &type, const QByteArray &dataJson,
                                   const QString &source, OutboxError *error,
                                   const QList<qint64> &only = {});
    // A catalog event to one subscription; the type defaults to the first catalog type it
    // wants.
    std::optional<FiredEvent> sendTest(qint64 subscriptionId, const QString &type,
                                       OutboxError *error);
    std::optional<qint64> resend(const QString &eventUid, qint64 subscriptionId,
                                 OutboxError *error);
    bool retryNow(qint64 deliveryId, OutboxError *error);
    qint64 retryFailed(qint64 subscriptionId, OutboxError *error);
    bool cancel(qint64 deliveryId, OutboxError *error);
    qint64 cancelPending(qint64 subscriptionId, OutboxError *error);

    QList<DeliveryRow> deliveries(const DeliveryFilter &filter) const;
    std::optional<DeliveryRow> delivery(qint64 id) const;
    std::optional<OutboundEvent> event(const QString &uid) const;
    QList<OutboundEvent> events(int limit, qint64 beforeId = 0) const;
    // delivered / total deliveries per event id.
    QHash<qint64, QPair<int, int>> deliverySummary(const QList<qint64> &eventIds) const;
    QHash<qint64, QList<AttemptRow>> attempts(const QList<qint64> &deliveryIds) const;
    SubscriptionStats stats(qint64 subscriptionId) const;
    QueueStats queueStats() const;
    int inFlight() const;

    EventCatalog &catalog() { return *m_catalog; }
    bool setCustomEvents(const QList<CatalogEvent> &events, QString *error);

signals:
    // The outbox changed (a subscription, an event, a delivery's state); coalesce.
    void changed();

private:
    bool ready(OutboxError *error) const;
    // One delivery's state change (retry now, cancel) and its error statuses.
    bool changeDelivery(qint64 deliveryId, OutboxError *error,
                        bool (OutboxStore::*change)(qint64, qint64, QString *));
    // Every matching delivery of one subscription (or all with 0): retry failed, cancel pending.
    qint64 changeMany(qint64 subscriptionId, OutboxError *error,
                      qint64 (OutboxStore::*change)(qint64, qint64));

    QString m_dataDir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SubscriptionStore> m_subscriptions;
    std::unique_ptr<OutboxStore> m_outbox;
    std::unique_ptr<DeliveryWorker> m_worker;
    std::unique_ptr<EventCatalog> m_catalog;
};

} // namespace hookscope
