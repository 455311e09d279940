#include "outbox_store.h"

#include <QSet>
#include <QSqlError>
#include <QVariant>
#include <algorithm>

namespace hookscope {

namespace {

// QSqlQuery binds a null QString or QByteArray as SQL NULL; the columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QByteArray blob(const QByteArray &value)
{
    return value.isNull() ? QByteArrayLiteral("") : value;
}

constexpr qint64 HourUs = 3600LL * 1000 * 1000;

const QString deliveryColumns = QStringLiteral(
    "d.id, d.subscription_id, coalesce(s.name, ''), e.id, e.uid, e.type, e.data, e.created_us, "
    "d.status, d.attempts, d.next_attempt_us, d.last_status, d.last_error, d.last_duration_us, "
    "d.created_us, d.updated_us, d.completed_us");
const QString deliveryFrom =
    QStringLiteral("FROM deliveries d JOIN events e ON e.id = d.event_id "
                   "LEFT JOIN subscriptions s ON s.id = d.subscription_id");

DeliveryRow deliveryFromRow(const QSqlQuery &q)
{
    DeliveryRow d;
    d.id = q.value(0).toLongLong();
    d.subscriptionId = q.value(1).toLongLong();
    d.subscriptionName = q.value(2).toString();
    d.event.id = q.value(3).toLongLong();
    d.event.uid = q.value(4).toString().toUtf8();
    d.event.type = q.value(5).toString();
    d.event.data = q.value(6).toByteArray();
    d.event.createdUs = q.value(7).toLongLong();
    d.status = q.value(8).toString();
    d.attempts = q.value(9).toInt();
    d.nextAttemptUs = q.value(10).toLongLong();
    d.lastStatus = q.value(11).toInt();
    d.lastError = q.value(12).toString();
    d.lastDurationUs = q.value(13).toLongLong();
    d.createdUs = q.value(14).toLongLong();
    d.updatedUs = q.value(15).toLongLong();
    d.completedUs = q.value(16).toLongLong();
    return d;
}

AttemptRow attemptFromRow(const QSqlQuery &q)
{
    AttemptRow a;
    a.id = q.value(0).toLongLong();
    a.deliveryId = q.value(1).toLongLong();
    a.attempt = q.value(2).toInt();
    a.startedUs = q.value(3).toLongLong();
    a.durationUs = q.value(4).toLongLong();
    a.url = q.value(5).toString();
    a.requestHeaders = q.value(6).toByteArray();
    a.requestBody = q.value(7).toByteArray();
    a.responseStatus = q.value(8).toInt();
    a.responseHeaders = q.value(9).toByteArray();
    a.responseBody = q.value(10).toByteArray();
    a.error = q.value(11).toString();
    return a;
}

const QString attemptColumns =
    QStringLiteral("id, delivery_id, attempt, started_us, duration_us, url, request_headers, "
                   "request_body, response_status, response_headers, response_body, error");

qint64 scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &values,
              QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec() || !q.next()) {
        *error = q.lastError().text();
        return 0;
    }
    return q.value(0).toLongLong();
}

} // namespace

OutboxStore::OutboxStore(const QSqlDatabase &db)
    : m_db(db), m_insertAttempt(db), m_updateDelivery(db)
{
    m_insertAttempt.prepare(QStringLiteral(
        "INSERT INTO attempts (delivery_id, attempt, started_us, duration_us, url, "
        "request_headers, request_body, response_status, response_headers, response_body, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    // A delivery cancelled while its attempt was in flight stays cancelled.
    m_updateDelivery.prepare(QStringLiteral(
        "UPDATE deliveries SET attempts = max(attempts, ?), "
        "status = CASE WHEN status IN ('pending', 'scheduled') THEN ? ELSE status END, "
        "next_attempt_us = ?, last_status = ?, last_error = ?, last_duration_us = ?, "
        "updated_us = ?, completed_us = CASE WHEN ? IN ('delivered', 'failed') THEN ? ELSE 0 END "
        "WHERE id = ?"));
}

bool OutboxStore::fire(OutboundEvent &event, const QString &source,
                       const QList<qint64> &subscriptionIds, qint64 nowUs,
                       QList<qint64> *deliveryIds)
{
    deliveryIds->clear();
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    QSqlQuery e(m_db);
    e.prepare(QStringLiteral(
        "INSERT INTO events (uid, type, data, source, created_us) VALUES (?, ?, ?, ?, ?)"));
    e.addBindValue(QString::fromUtf8(event.uid));
    e.addBindValue(text(event.type));
    e.addBindValue(blob(event.data));
    e.addBindValue(text(source));
    e.addBindValue(event.createdUs);
    bool ok = e.exec();
    if (!ok)
        m_lastError = e.lastError().text();
    if (ok) {
        event.id = e.lastInsertId().toLongLong();
        QSqlQuery d(m_db);
        d.prepare(QStringLiteral("INSERT INTO deliveries (event_id, subscription_id, status, "
                                 "next_attempt_us, created_us, updated_us) "
                                 "VALUES (?, ?, 'pending', ?, ?, ?)"));
        for (const qint64 subscriptionId : subscriptionIds) {
            d.addBindValue(event.id);
            d.addBindValue(subscriptionId);
            d.addBindValue(nowUs);
            d.addBindValue(nowUs);
            d.addBindValue(nowUs);
            if (!d.exec()) {
                m_lastError = d.lastError().text();
                ok = false;
                break;
            }
            deliveryIds->append(d.lastInsertId().toLongLong());
        }
    }
    if (!ok || !m_db.commit()) {
        if (ok)
            m_lastError = m_db.lastError().text();
        m_db.rollback();
        deliveryIds->clear();
        event.id = 0;
        return false;
    }
    return true;
}

std::optional<qint64> OutboxStore::addDelivery(qint64 eventId, qint64 subscriptionId, qint64 nowUs)
{
    QSqlQuery d(m_db);
    d.prepare(QStringLiteral("INSERT INTO deliveries (event_id, subscription_id, status, "
                             "next_attempt_us, created_us, updated_us) "
                             "VALUES (?, ?, 'pending', ?, ?, ?)"));
    d.addBindValue(eventId);
    d.addBindValue(subscriptionId);
    d.addBindValue(nowUs);
    d.addBindValue(nowUs);
    d.addBindValue(nowUs);
    if (!d.exec()) {
        m_lastError = d.lastError().text();
        return std::nullopt;
    }
    return d.lastInsertId().toLongLong();
}

std::optional<OutboundEvent> OutboxStore::findEvent(const QString &uid) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, uid, type, data, created_us FROM events WHERE uid = ?"));
    q.addBindValue(uid);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return OutboundEvent{q.value(0).toLongLong(), q.value(1).toString().toUtf8(),
                         q.value(2).toString(), q.value(3).toByteArray(), q.value(4).toLongLong()};
}

QList<OutboundEvent> OutboxStore::events(int limit, qint64 beforeId) const
{
    QList<OutboundEvent> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, uid, type, data, created_us FROM events WHERE id < ? "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max());
    q.addBindValue(limit);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString().toUtf8(), q.value(2).toString(),
                    q.value(3).toByteArray(), q.value(4).toLongLong()});
    }
    return out;
}

QHash<qint64, QPair<int, int>> OutboxStore::deliverySummary(const QList<qint64> &eventIds) const
{
    QHash<qint64, QPair<int, int>> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*), coalesce(sum(status = 'delivered'), 0) FROM "
                             "deliveries WHERE event_id = ?"));
    for (const qint64 id : eventIds) {
        q.addBindValue(id);
        if (q.exec() && q.next())
            out.insert(id, {q.value(1).toInt(), q.value(0).toInt()});
    }
    return out;
}

QList<DeliveryRow> OutboxStore::due(qint64 nowUs, int limit, const QSet<qint64> &exclude,
                                    const QSet<qint64> &skipSubscriptions) const
{
    QList<DeliveryRow> out;
    QStringList skipped;
    for (const qint64 id : skipSubscriptions)
        skipped.append(QString::number(id)); // integers: safe to inline
    const QString skip = skipped.isEmpty() ? QString()
                                           : QStringLiteral(" AND d.subscription_id NOT IN (%1)")
                                                 .arg(skipped.join(QLatin1Char(',')));
    QSqlQuery q(m_db);
    // Read past the in-flight rows, which are still pending in the table.
    q.prepare(QStringLiteral("SELECT %1 %2 WHERE d.status IN ('pending', 'scheduled') AND "
                             "d.next_attempt_us <= ? AND s.active = 1%3 "
                             "ORDER BY d.next_attempt_us, d.id LIMIT ?")
                  .arg(deliveryColumns, deliveryFrom, skip));
    q.addBindValue(nowUs);
    q.addBindValue(limit + int(exclude.size()));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next() && out.size() < limit) {
        if (!exclude.contains(q.value(0).toLongLong()))
            out.append(deliveryFromRow(q));
    }
    return out;
}

std::optional<qint64> OutboxStore::nextDueUs() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT min(d.next_attempt_us) FROM deliveries d JOIN subscriptions s ON "
            "s.id = d.subscription_id WHERE d.status IN ('pending', 'scheduled') AND s.active = "
            "1")) ||
        !q.next() || q.value(0).isNull())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool OutboxStore::recordOutcome(const AttemptOutcome &outcome, qint64 nowUs)
{
    const AttemptRow &a = outcome.attempt;
    m_insertAttempt.addBindValue(a.deliveryId);
    m_insertAttempt.addBindValue(a.attempt);
    m_insertAttempt.addBindValue(a.startedUs);
    m_insertAttempt.addBindValue(a.durationUs);
    m_insertAttempt.addBindValue(text(a.url));
    m_insertAttempt.addBindValue(blob(a.requestHeaders));
    m_insertAttempt.addBindValue(blob(a.requestBody));
    m_insertAttempt.addBindValue(a.responseStatus);
    m_insertAttempt.addBindValue(blob(a.responseHeaders));
    m_insertAttempt.addBindValue(blob(a.responseBody));
    m_insertAttempt.addBindValue(text(a.error));
    if (!m_insertAttempt.exec()) {
        m_lastError = m_insertAttempt.lastError().text();
        return false;
    }
    m_updateDelivery.addBindValue(a.attempt);
    m_updateDelivery.addBindValue(text(outcome.status));
    m_updateDelivery.addBindValue(outcome.nextAttemptUs);
    m_updateDelivery.addBindValue(a.responseStatus);
    m_updateDelivery.addBindValue(text(a.error));
    m_updateDelivery.addBindValue(a.durationUs);
    m_updateDelivery.addBindValue(nowUs);
    m_updateDelivery.addBindValue(text(outcome.status));
    m_updateDelivery.addBindValue(nowUs);
    m_updateDelivery.addBindValue(a.deliveryId);
    if (!m_updateDelivery.exec()) {
        m_lastError = m_updateDelivery.lastError().text();
        return false;
    }
    return true;
}

QList<DeliveryRow> OutboxStore::selectDeliveries(const QString &where, const QVariantList &values,
                                                 int limit) const
{
    QList<DeliveryRow> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 %2 %3 ORDER BY d.id DESC LIMIT %4")
                  .arg(deliveryColumns, deliveryFrom, where)
                  .arg(limit));
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(deliveryFromRow(q));
    return out;
}

std::optional<DeliveryRow> OutboxStore::delivery(qint64 id) const
{
    const QList<DeliveryRow> rows =
        selectDeliveries(QStringLiteral("WHERE d.id = ?"), {QVariant(id)}, 1);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

QList<DeliveryRow> OutboxStore::deliveries(const DeliveryFilter &filter) const
{
    QStringList clauses;
    QVariantList values;
    if (filter.subscriptionId > 0) {
        clauses.append(QStringLiteral("d.subscription_id = ?"));
        values.append(filter.subscriptionId);
    }
    if (!filter.status.isEmpty()) {
        clauses.append(QStringLiteral("d.status = ?"));
        values.append(filter.status);
    }
    if (!filter.eventType.isEmpty()) {
        clauses.append(QStringLiteral("e.type GLOB ?"));
        values.append(filter.eventType);
    }
    if (!filter.eventUid.isEmpty()) {
        clauses.append(QStringLiteral("e.uid = ?"));
        values.append(filter.eventUid);
    }
    if (filter.beforeId > 0) {
        clauses.append(QStringLiteral("d.id < ?"));
        values.append(filter.beforeId);
    }
    const QString where = clauses.isEmpty()
                              ? QString()
                              : QStringLiteral("WHERE ") + clauses.join(QStringLiteral(" AND "));
    return selectDeliveries(where, values, qBound(1, filter.limit, 1000));
}

QList<AttemptRow> OutboxStore::attempts(qint64 deliveryId) const
{
    return attempts(QList<qint64>{deliveryId}).value(deliveryId);
}

QHash<qint64, QList<AttemptRow>> OutboxStore::attempts(const QList<qint64> &deliveryIds) const
{
    QHash<qint64, QList<AttemptRow>> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM attempts WHERE delivery_id = ? ORDER BY attempt, id")
                  .arg(attemptColumns));
    for (const qint64 id : deliveryIds) {
        q.addBindValue(id);
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            continue;
        }
        QList<AttemptRow> &list = out[id];
        while (q.next())
            list.append(attemptFromRow(q));
    }
    return out;
}

bool OutboxStore::retryNow(qint64 deliveryId, qint64 nowUs, QString *why)
{
    const std::optional<DeliveryRow> row = delivery(deliveryId);
    if (!row) {
        *why = QStringLiteral("no delivery %1").arg(deliveryId);
        return false;
    }
    if (row->status == QLatin1String("delivered")) {
        *why = QStringLiteral("delivery %1 was already delivered; resend the event instead")
                   .arg(deliveryId);
        return false;
    }
    return updateOne(QStringLiteral("status = CASE WHEN attempts = 0 THEN 'pending' ELSE "
                                    "'scheduled' END, next_attempt_us = ?, completed_us = 0"),
                     deliveryId, nowUs, why);
}

bool OutboxStore::updateOne(const QString &assignments, qint64 deliveryId, qint64 nowUs,
                            QString *why)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE deliveries SET %1, updated_us = ? WHERE id = ?").arg(assignments));
    q.addBindValue(nowUs);
    q.addBindValue(nowUs);
    q.addBindValue(deliveryId);
    if (!q.exec()) {
        m_lastError = *why = q.lastError().text();
        return false;
    }
    return true;
}

qint64 OutboxStore::updateMany(const QString &assignments, const QString &statuses,
                               qint64 subscriptionId, qint64 nowUs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE deliveries SET %1, updated_us = ? WHERE status IN (%2) AND "
                             "(? = 0 OR subscription_id = ?)")
                  .arg(assignments, statuses));
    q.addBindValue(nowUs);
    q.addBindValue(nowUs);
    q.addBindValue(subscriptionId);
    q.addBindValue(subscriptionId);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return q.numRowsAffected();
}

qint64 OutboxStore::retryFailed(qint64 subscriptionId, qint64 nowUs)
{
    return updateMany(QStringLiteral("status = 'scheduled', next_attempt_us = ?, completed_us = 0"),
                      QStringLiteral("'failed'"), subscriptionId, nowUs);
}

bool OutboxStore::cancel(qint64 deliveryId, qint64 nowUs, QString *why)
{
    const std::optional<DeliveryRow> row = delivery(deliveryId);
    if (!row) {
        *why = QStringLiteral("no delivery %1").arg(deliveryId);
        return false;
    }
    if (row->status != QLatin1String("pending") && row->status != QLatin1String("scheduled")) {
        *why = QStringLiteral("delivery %1 is %2; only pending or scheduled ones can be cancelled")
                   .arg(deliveryId)
                   .arg(row->status);
        return false;
    }
    return updateOne(QStringLiteral("status = 'cancelled', completed_us = ?"), deliveryId, nowUs,
                     why);
}

qint64 OutboxStore::cancelPending(qint64 subscriptionId, qint64 nowUs)
{
    return updateMany(QStringLiteral("status = 'cancelled', completed_us = ?"),
                      QStringLiteral("'pending', 'scheduled'"), subscriptionId, nowUs);
}

SubscriptionStats OutboxStore::subscriptionStats(qint64 subscriptionId) const
{
    SubscriptionStats stats;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*), coalesce(sum(status = 'delivered'), 0), "
                             "coalesce(sum(status = 'failed'), 0), "
                             "coalesce(sum(status IN ('pending', 'scheduled')), 0) "
                             "FROM deliveries WHERE subscription_id = ?"));
    q.addBindValue(subscriptionId);
    if (q.exec() && q.next()) {
        stats.deliveries = q.value(0).toLongLong();
        stats.succeeded = q.value(1).toLongLong();
        stats.failed = q.value(2).toLongLong();
        stats.pending = q.value(3).toLongLong();
    } else {
        m_lastError = q.lastError().text();
    }
    const qint64 ended = stats.succeeded + stats.failed;
    stats.successRate = ended > 0 ? double(stats.succeeded) / double(ended) : 0.0;

    QSqlQuery a(m_db);
    a.prepare(QStringLiteral(
        "SELECT a.duration_us, a.response_status, a.started_us FROM attempts a "
        "WHERE a.delivery_id IN (SELECT id FROM deliveries WHERE subscription_id = ?) "
        "ORDER BY a.id DESC LIMIT 1000"));
    a.addBindValue(subscriptionId);
    QList<qint64> durations;
    if (a.exec()) {
        while (a.next()) {
            if (durations.isEmpty()) {
                stats.lastStatus = a.value(1).toInt();
                stats.lastAttemptUs = a.value(2).toLongLong();
            }
            durations.append(a.value(0).toLongLong());
        }
    }
    if (!durations.isEmpty()) {
        double sum = 0;
        for (const qint64 d : durations)
            sum += double(d);
        stats.averageDurationMs = sum / double(durations.size()) / 1000.0;
        std::sort(durations.begin(), durations.end());
        const qsizetype index =
            std::min<qsizetype>(durations.size() - 1, (durations.size() * 95 + 99) / 100 - 1);
        stats.p95DurationMs = double(durations.at(std::max<qsizetype>(0, index))) / 1000.0;
    }
    QSqlQuery s(m_db);
    s.prepare(QStringLiteral("SELECT consecutive_failures FROM subscriptions WHERE id = ?"));
    s.addBindValue(subscriptionId);
    if (s.exec() && s.next())
        stats.consecutiveFailures = s.value(0).toInt();
    return stats;
}

QueueStats OutboxStore::queueStats(qint64 nowUs) const
{
    QueueStats stats;
    QString error;
    const auto count = [&](const QString &sql, const QVariantList &values = {}) {
        return scalar(m_db, sql, values, &error);
    };
    stats.pending = count(QStringLiteral(
        "SELECT count(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        "WHERE d.status = 'pending' AND s.active = 1"));
    stats.scheduled = count(QStringLiteral(
        "SELECT count(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        "WHERE d.status = 'scheduled' AND s.active = 1"));
    stats.paused = count(QStringLiteral(
        "SELECT count(*) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
        "WHERE d.status IN ('pending', 'scheduled') AND s.active = 0"));
    stats.failed = count(QStringLiteral("SELECT count(*) FROM deliveries WHERE status = 'failed'"));
    stats.cancelled =
        count(QStringLiteral("SELECT count(*) FROM deliveries WHERE status = 'cancelled'"));
    stats.deliveredLastHour = count(QStringLiteral("SELECT count(*) FROM deliveries WHERE "
                                                   "status = 'delivered' AND completed_us >= ?"),
                                    {QVariant(nowUs - HourUs)});
    if (!error.isEmpty())
        m_lastError = error;
    return stats;
}

} // namespace hookscope
