#include "request_store.h"

#include <QSqlError>
#include <QVariant>
#include <algorithm>

namespace hookscope {

namespace {

const auto columns = QStringLiteral(
    "id, received_us, method, path, query, http_version, headers, body, body_size, truncated, "
    "remote_address, remote_port, endpoint_id, endpoint_name, response_status, response_body, "
    "session_id, event_type");

// NOT NULL text columns: a null QString would bind as NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

StoredRequest fromRow(const QSqlQuery &q)
{
    StoredRequest r;
    r.id = q.value(0).toLongLong();
    r.receivedUs = q.value(1).toLongLong();
    r.method = q.value(2).toString().toLatin1();
    r.path = q.value(3).toString().toUtf8();
    r.query = q.value(4).toString().toUtf8();
    r.httpVersion = q.value(5).toString().toLatin1();
    r.headers = StoredRequest::decodeHeaders(q.value(6).toByteArray());
    r.body = q.value(7).toByteArray();
    r.bodySize = q.value(8).toLongLong();
    r.truncated = q.value(9).toBool();
    r.remoteAddress = q.value(10).toString();
    r.remotePort = quint16(q.value(11).toUInt());
    r.endpointId = q.value(12).toLongLong();
    r.endpointName = q.value(13).toString();
    r.responseStatus = q.value(14).toInt();
    r.responseBody = q.value(15).toByteArray();
    r.sessionId = q.value(16).toString();
    r.eventType = q.value(17).toString();
    return r;
}

} // namespace

RequestStore::RequestStore(const QSqlDatabase &db) : m_db(db), m_insert(db) {}

bool RequestStore::insert(StoredRequest &r)
{
    if (m_insert.lastQuery().isEmpty()) {
        m_insert.setForwardOnly(true);
        if (!m_insert.prepare(QStringLiteral(
                "INSERT INTO requests (id, received_us, method, path, query, http_version, "
                "headers, body, body_size, truncated, content_type, remote_address, "
                "remote_port, endpoint_id, endpoint_name, response_status, response_body, "
                "session_id, event_type) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"))) {
            m_lastError = m_insert.lastError().text();
            return false;
        }
    }
    int i = 0;
    m_insert.bindValue(i++, r.id > 0 ? QVariant(r.id) : QVariant());
    m_insert.bindValue(i++, r.receivedUs);
    m_insert.bindValue(i++, text(QString::fromLatin1(r.method)));
    m_insert.bindValue(i++, text(QString::fromUtf8(r.path)));
    m_insert.bindValue(i++, text(QString::fromUtf8(r.query)));
    m_insert.bindValue(i++, text(QString::fromLatin1(r.httpVersion)));
    m_insert.bindValue(i++, StoredRequest::encodeHeaders(r.headers));
    m_insert.bindValue(i++, r.body.isNull() ? QByteArray("") : r.body);
    m_insert.bindValue(i++, r.bodySize);
    m_insert.bindValue(i++, int(r.truncated));
    m_insert.bindValue(i++, text(QString::fromLatin1(r.contentType())));
    m_insert.bindValue(i++, text(r.remoteAddress));
    m_insert.bindValue(i++, int(r.remotePort));
    m_insert.bindValue(i++, r.endpointId > 0 ? QVariant(r.endpointId) : QVariant());
    m_insert.bindValue(i++, text(r.endpointName));
    m_insert.bindValue(i++, r.responseStatus);
    m_insert.bindValue(i++, r.responseBody.isNull() ? QByteArray("") : r.responseBody);
    m_insert.bindValue(i++, text(r.sessionId));
    m_insert.bindValue(i++, text(r.eventType));
    if (!m_insert.exec()) {
        m_lastError = m_insert.lastError().text();
        return false;
    }
    r.id = m_insert.lastInsertId().toLongLong();
    return true;
}

QList<StoredRequest> RequestStore::select(const QString &where, const QVariantList &values,
                                          const QString &order, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM requests");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY id ") + order + QStringLiteral(" LIMIT ") +
           QString::number(limit);
    QList<StoredRequest> rows;
    if (!q.prepare(sql)) {
        m_lastError = q.lastError().text();
        return rows;
    }
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return rows;
    }
    while (q.next())
        rows.append(fromRow(q));
    return rows;
}

std::optional<StoredRequest> RequestStore::fetch(qint64 id) const
{
    const QList<StoredRequest> rows = select(QStringLiteral("id = ?"), {id}, {}, 1);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

QList<StoredRequest> RequestStore::after(qint64 afterId, int limit, const QString &sessionId) const
{
    if (sessionId.isEmpty())
        return select(QStringLiteral("id > ?"), {afterId}, QStringLiteral("ASC"), limit);
    return select(QStringLiteral("session_id = ? AND id > ?"), {sessionId, afterId},
                  QStringLiteral("ASC"), limit);
}

QList<StoredRequest> RequestStore::latest(int limit, const QString &sessionId) const
{
    QList<StoredRequest> rows =
        sessionId.isEmpty()
            ? select({}, {}, QStringLiteral("DESC"), limit)
            : select(QStringLiteral("session_id = ?"), {sessionId}, QStringLiteral("DESC"), limit);
    std::reverse(rows.begin(), rows.end());
    return rows;
}

qint64 RequestStore::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM requests")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

qint64 RequestStore::maxId() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM requests")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace hookscope
