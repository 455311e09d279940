#pragma once

#include "deliver/subscription.h"

#include <QSqlDatabase>
#include <optional>

namespace hookscope {

// The subscriptions table and, apart from it, subscription_secrets: a subscription goes in
// and comes out with its secret, the subscriptions rows never hold it.
class SubscriptionStore
{
public:
    explicit SubscriptionStore(const QSqlDatabase &db);

    QList<Subscription> all() const;
    std::optional<Subscription> find(qint64 id) const;
    // Sets subscription.id, createdUs and updatedUs.
    bool insert(Subscription &subscription, qint64 nowUs);
    // Every field but createdUs; sets updatedUs. False when the row is gone (lastError empty).
    bool update(Subscription &subscription, qint64 nowUs);
    // Its deliveries and their attempts go with it. False when there was no such row.
    bool remove(qint64 id);
    // The worker's bookkeeping after a delivery ended: runs in the caller's transaction.
    bool setFailureState(qint64 id, int consecutiveFailures, bool active, const QString &reason,
                         qint64 nowUs);
    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace hookscope
