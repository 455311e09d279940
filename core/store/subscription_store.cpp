#include "subscription_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

namespace {

// QSqlQuery binds a null QString as SQL NULL; the columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

const QString columns = QStringLiteral(
    "s.id, s.name, s.url, s.description, s.events, s.active, s.scheme, s.envelope, s.headers, "
    "s.retry_attempts, s.retry_delay_ms, s.timeout_ms, s.rate_limit, s.disable_after, "
    "s.consecutive_failures, s.disabled_reason, s.created_us, s.updated_us, k.secret");

Subscription fromRow(const QSqlQuery &q)
{
    Subscription s;
    s.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.url = q.value(2).toString();
    s.description = q.value(3).toString();
    s.events.clear();
    for (const QJsonValue &value : QJsonDocument::fromJson(q.value(4).toByteArray()).array())
        s.events.append(value.toString());
    s.active = q.value(5).toBool();
    s.scheme = q.value(6).toString();
    s.envelope = q.value(7).toString();
    // Headers are kept as [[name, value], ...] so their order survives.
    for (const QJsonValue &pair : QJsonDocument::fromJson(q.value(8).toByteArray()).array())
        s.headers.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
    s.retryAttempts = q.value(9).toInt();
    s.retryDelayMs = q.value(10).toLongLong();
    s.timeoutMs = q.value(11).toInt();
    s.rateLimit = q.value(12).toDouble();
    s.disableAfter = q.value(13).toInt();
    s.consecutiveFailures = q.value(14).toInt();
    s.disabledReason = q.value(15).toString();
    s.createdUs = q.value(16).toLongLong();
    s.updatedUs = q.value(17).toLongLong();
    s.secret = q.value(18).toString().toUtf8();
    return s;
}

QByteArray headersJson(const Subscription &s)
{
    QJsonArray array;
    for (const auto &[name, value] : s.headers)
        array.append(QJsonArray{name, value});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

void bindFields(QSqlQuery &q, const Subscription &s)
{
    q.addBindValue(text(s.name));
    q.addBindValue(text(s.url));
    q.addBindValue(text(s.description));
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(s.events)).toJson(QJsonDocument::Compact)));
    q.addBindValue(s.active ? 1 : 0);
    q.addBindValue(text(s.scheme));
    q.addBindValue(text(s.envelope));
    q.addBindValue(QString::fromUtf8(headersJson(s)));
    q.addBindValue(s.retryAttempts);
    q.addBindValue(s.retryDelayMs);
    q.addBindValue(s.timeoutMs);
    q.addBindValue(s.rateLimit);
    q.addBindValue(s.disableAfter);
    q.addBindValue(s.consecutiveFailures);
    q.addBindValue(text(s.disabledReason));
}

} // namespace

SubscriptionStore::SubscriptionStore(const QSqlDatabase &db) : m_db(db) {}

QList<Subscription> SubscriptionStore::all() const
{
    QList<Subscription> out;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM subscriptions s LEFT JOIN subscription_secrets k "
                               "ON k.subscription_id = s.id ORDER BY s.id")
                    .arg(columns))) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(fromRow(q));
    return out;
}

std::optional<Subscription> SubscriptionStore::find(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM subscriptions s LEFT JOIN subscription_secrets k "
                             "ON k.subscription_id = s.id WHERE s.id = ?")
                  .arg(columns));
    q.addBindValue(id);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return fromRow(q);
}

bool SubscriptionStore::insert(Subscription &s, qint64 nowUs)
{
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO subscriptions (name, url, description, events, active, scheme, envelope, "
        "headers, retry_attempts, retry_delay_ms, timeout_ms, rate_limit, disable_after, "
        "consecutive_failures, disabled_reason, created_us, updated_us) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindFields(q, s);
    q.addBindValue(nowUs);
    q.addBindValue(nowUs);
    bool ok = q.exec();
    if (ok) {
        s.id = q.lastInsertId().toLongLong();
        QSqlQuery k(m_db);
        k.prepare(QStringLiteral(
            "INSERT INTO subscription_secrets (subscription_id, secret) VALUES (?, ?)"));
        k.addBindValue(s.id);
        k.addBindValue(QString::fromUtf8(s.secret));
        ok = k.exec();
        if (!ok)
            m_lastError = k.lastError().text();
    } else {
        m_lastError = q.lastError().text();
    }
    if (!ok || !m_db.commit()) {
        if (ok)
            m_lastError = m_db.lastError().text();
        m_db.rollback();
        s.id = 0;
        return false;
    }
    s.createdUs = s.updatedUs = nowUs;
    return true;
}

bool SubscriptionStore::update(Subscription &s, qint64 nowUs)
{
    m_lastError.clear();
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "UPDATE subscriptions SET name = ?, url = ?, description = ?, events = ?, active = ?, "
        "scheme = ?, envelope = ?, headers = ?, retry_attempts = ?, retry_delay_ms = ?, "
        "timeout_ms = ?, rate_limit = ?, disable_after = ?, consecutive_failures = ?, "
        "disabled_reason = ?, updated_us = ? WHERE id = ?"));
    bindFields(q, s);
    q.addBindValue(nowUs);
    q.addBindValue(s.id);
    bool ok = q.exec();
    const bool found = ok && q.numRowsAffected() > 0;
    if (found) {
        QSqlQuery k(m_db);
        k.prepare(QStringLiteral("INSERT OR REPLACE INTO subscription_secrets (subscription_id, "
                                 "secret) VALUES (?, ?)"));
        k.addBindValue(s.id);
        k.addBindValue(QString::fromUtf8(s.secret));
        ok = k.exec();
        if (!ok)
            m_lastError = k.lastError().text();
    } else if (!ok) {
        m_lastError = q.lastError().text();
    }
    if (!ok || !found || !m_db.commit()) {
        if (ok && found)
            m_lastError = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    s.updatedUs = nowUs;
    return true;
}

bool SubscriptionStore::remove(qint64 id)
{
    m_lastError.clear();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM subscriptions WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    return q.numRowsAffected() > 0;
}

bool SubscriptionStore::setFailureState(qint64 id, int consecutiveFailures, bool active,
                                        const QString &reason, qint64 nowUs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE subscriptions SET consecutive_failures = ?, active = ?, "
                             "disabled_reason = ?, updated_us = ? WHERE id = ?"));
    q.addBindValue(consecutiveFailures);
    q.addBindValue(active ? 1 : 0);
    q.addBindValue(text(reason));
    q.addBindValue(nowUs);
    q.addBindValue(id);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace hookscope
