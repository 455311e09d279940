#pragma once

#include "deliver/envelope_format.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <optional>

namespace hookscope {

// One row of deliveries with what a list shows about its event and subscription.
struct DeliveryRow
{
    qint64 id = 0;
    qint64 subscriptionId = 0;
    QString subscriptionName;
    OutboundEvent event;
    QString status; // pending, scheduled, delivered, failed, cancelled
    int attempts = 0;
    qint64 nextAttemptUs = 0;
    int lastStatus = 0; // HTTP status of the last attempt; 0: no answer
    QString lastError;
    qint64 lastDurationUs = 0;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;
    qint64 completedUs = 0;
};

struct AttemptRow
{
    qint64 id = 0;
    qint64 deliveryId = 0;
    int attempt = 0;
    qint64 startedUs = 0;
    qint64 durationUs = 0;
    QString url;
    QByteArray requestHeaders; // JSON [[name, value], ...]
    QByteArray requestBody;
    int responseStatus = 0;
    QByteArray responseHeaders; // JSON [[name, value], ...]
    QByteArray responseBody;    // the first 64 KiB
    QString error;
};

// What the worker writes when an attempt ends: the attempt row and the delivery's new state.
struct AttemptOutcome
{
    AttemptRow attempt;
    QString status; // the delivery's status now: delivered, scheduled or failed
    qint64 nextAttemptUs = 0;
};

struct DeliveryFilter
{
    qint64 subscriptionId = 0; // 0: any
    QString status;            // empty: any
    QString eventType;         // glob; empty: any
    QString eventUid;          // empty: any
    qint64 beforeId = 0;       // paging: ids below this; 0: from the newest
    int limit = 50;
};

struct SubscriptionStats
{
    qint64 deliveries = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    qint64 pending = 0;           // pending or scheduled
    double successRate = 0;       // succeeded / (succeeded + failed); 0 when none ended
    double averageDurationMs = 0; // over the last 1,000 attempts
    double p95DurationMs = 0;
    int lastStatus = 0;
    qint64 lastAttemptUs = 0;
    int consecutiveFailures = 0;
};

struct QueueStats
{
    qint64 pending = 0;   // waiting for a first attempt
    qint64 scheduled = 0; // waiting for a retry
    qint64 failed = 0;
    qint64 deliveredLastHour = 0;
    qint64 cancelled = 0;
    qint64 paused = 0; // pending or scheduled for an inactive subscription
};

// events, deliveries and attempts: the outbox. Writes happen on the delivery thread's
// connection; a reader (the GUI) opens its own.
class OutboxStore
{
public:
    explicit OutboxStore(const QSqlDatabase &db);

    // The event and one delivery per subscription in one transaction; fills event.id and
    // *deliveryIds. Deliveries are due at nowUs.
    bool fire(OutboundEvent &event, const QString &source, const QList<qint64> &subscriptionIds,
              qint64 nowUs, QList<qint64> *deliveryIds);
    // Another delivery of a stored event (resend).
    std::optional<qint64> addDelivery(qint64 eventId, qint64 subscriptionId, qint64 nowUs);
    std::optional<OutboundEvent> findEvent(const QString &uid) const;
    QList<OutboundEvent> events(int limit, qint64 beforeId = 0) const;
    // Deliveries per event (for the events history): delivered / total.
    QHash<qint64, QPair<int, int>> deliverySummary(const QList<qint64> &eventIds) const;

    // Due deliveries of active subscriptions, earliest first, skipping the deliveries in
    // `exclude` (in flight) and the subscriptions in `skipSubscriptions` (held back by their
    // rate limit, so they cannot crowd out the others).
    QList<DeliveryRow> due(qint64 nowUs, int limit, const QSet<qint64> &exclude,
                           const QSet<qint64> &skipSubscriptions = {}) const;
    // When the next pending or scheduled delivery of an active subscription is due.
    std::optional<qint64> nextDueUs() const;
    // In the caller's transaction.
    bool recordOutcome(const AttemptOutcome &outcome, qint64 nowUs);

    std::optional<DeliveryRow> delivery(qint64 id) const;
    QList<DeliveryRow> deliveries(const DeliveryFilter &filter) const;
    QList<AttemptRow> attempts(qint64 deliveryId) const;
    // Attempts of many deliveries, for the API's paged list.
    QHash<qint64, QList<AttemptRow>> attempts(const QList<qint64> &deliveryIds) const;

    // Retry one delivery now (failed, cancelled or scheduled; also pending): false when it
    // does not exist or is delivered (*why says which).
    bool retryNow(qint64 deliveryId, qint64 nowUs, QString *why);
    // Every failed delivery (of one subscription, or all when 0) is due now; the count.
    qint64 retryFailed(qint64 subscriptionId, qint64 nowUs);
    bool cancel(qint64 deliveryId, qint64 nowUs, QString *why);
    qint64 cancelPending(qint64 subscriptionId, qint64 nowUs);

    SubscriptionStats subscriptionStats(qint64 subscriptionId) const;
    QueueStats queueStats(qint64 nowUs) const;
    QString lastError() const { return m_lastError; }

private:
    // SET assignments (with one ? for nowUs), updated_us on one delivery.
    bool updateOne(const QString &assignments, qint64 deliveryId, qint64 nowUs, QString *why);
    // SET assignments (with one ? for nowUs first), updated_us, on rows in these statuses.
    qint64 updateMany(const QString &assignments, const QString &statuses, qint64 subscriptionId,
                      qint64 nowUs);
    QList<DeliveryRow> selectDeliveries(const QString &where, const QVariantList &values,
                                        int limit) const;

    QSqlDatabase m_db;
    mutable QString m_lastError;
    QSqlQuery m_insertAttempt;
    QSqlQuery m_updateDelivery;
};

} // namespace hookscope
