#include "request_store.h"

#include "database.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <sqlite3.h>

namespace hookscope {

namespace {

const auto columns = QStringLiteral(
    "id, received_us, method, path, query, http_version, headers, body, body_size, truncated, "
    "remote_address, remote_port, endpoint_id, endpoint_name, response_status, response_body, "
    "session_id, event_type, verification, verification_detail");

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
    r.verification = signatureStatusFrom(q.value(18).toInt());
    r.verificationDetail = q.value(19).toString();
    return r;
}

} // namespace

RequestStore::RequestStore(const QSqlDatabase &db) : m_db(db) {}

RequestStore::~RequestStore()
{
    sqlite3_finalize(m_insert);
}

bool RequestStore::insert(StoredRequest &r)
{
    if (!m_insert) {
        sqlite3 *connection = Database::nativeHandle(m_db);
        if (!connection) {
            m_lastError = QStringLiteral("not an open SQLite connection");
            return false;
        }
        static const char sql[] =
            "INSERT INTO requests (id, received_us, method, path, query, http_version, headers, "
            "body, body_size, truncated, content_type, remote_address, remote_port, endpoint_id, "
            "endpoint_name, response_status, response_body, session_id, event_type, "
            "verification, verification_detail) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        if (sqlite3_prepare_v3(connection, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_insert,
                               nullptr) != SQLITE_OK) {
            m_lastError = QString::fromUtf8(sqlite3_errmsg(connection));
            return false;
        }
    }
    sqlite3_stmt *st = m_insert;
    // Every bound buffer outlives sqlite3_step below, so SQLITE_STATIC avoids copies.
    const auto text = [st](int index, QByteArrayView value) {
        sqlite3_bind_text(st, index, value.isNull() ? "" : value.data(), int(value.size()),
                          SQLITE_STATIC);
    };
    const auto blob = [st](int index, QByteArrayView value) {
        sqlite3_bind_blob(st, index, value.isNull() ? "" : value.data(), int(value.size()),
                          SQLITE_STATIC);
    };
    const QByteArray headers = StoredRequest::encodeHeaders(r.headers);
    const QByteArray contentType = r.contentType();
    const QByteArray remoteAddress = r.remoteAddress.toUtf8();
    const QByteArray endpointName = r.endpointName.toUtf8();
    const QByteArray sessionId = r.sessionId.toUtf8();
    const QByteArray eventType = r.eventType.toUtf8();
    const QByteArray verificationDetail = r.verificationDetail.toUtf8();
    if (r.id > 0)
        sqlite3_bind_int64(st, 1, r.id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, r.receivedUs);
    text(3, r.method);
    text(4, r.path);
    text(5, r.query);
    text(6, r.httpVersion);
    blob(7, headers);
    blob(8, r.body);
    sqlite3_bind_int64(st, 9, r.bodySize);
    sqlite3_bind_int(st, 10, r.truncated ? 1 : 0);
    text(11, contentType);
    text(12, remoteAddress);
    sqlite3_bind_int(st, 13, r.remotePort);
    if (r.endpointId > 0)
        sqlite3_bind_int64(st, 14, r.endpointId);
    else
        sqlite3_bind_null(st, 14);
    text(15, endpointName);
    sqlite3_bind_int(st, 16, r.responseStatus);
    blob(17, r.responseBody);
    text(18, sessionId);
    text(19, eventType);
    sqlite3_bind_int(st, 20, int(r.verification));
    text(21, verificationDetail);
    const int rc = sqlite3_step(st);
    sqlite3 *connection = sqlite3_db_handle(st);
    if (rc != SQLITE_DONE)
        m_lastError = QString::fromUtf8(sqlite3_errmsg(connection));
    else
        r.id = sqlite3_last_insert_rowid(connection);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE;
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

bool RequestStore::remove(const QList<qint64> &ids, QList<qint64> *deleted)
{
    deleted->clear();
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("DELETE FROM requests WHERE id = ? RETURNING id"))) {
        m_lastError = q.lastError().text();
        return false;
    }
    for (qint64 id : ids) {
        q.bindValue(0, id);
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        if (q.next())
            deleted->append(q.value(0).toLongLong());
        q.finish();
    }
    return true;
}

bool RequestStore::removeAll()
{
    // Row by row, the FTS delete trigger would re-tokenize every body: take the trigger out,
    // empty both tables at once and put the trigger back as it was (all in the caller's
    // transaction, so nothing is half done).
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = "
                               "'requests_fts_delete'"))) {
        m_lastError = q.lastError().text();
        return false;
    }
    const QString trigger = q.next() ? q.value(0).toString() : QString();
    q.finish();
    const QStringList steps = {
        trigger.isEmpty() ? QString() : QStringLiteral("DROP TRIGGER requests_fts_delete"),
        QStringLiteral("DELETE FROM requests"),
        trigger.isEmpty()
            ? QString()
            : QStringLiteral("INSERT INTO requests_fts(requests_fts) VALUES ('delete-all')"),
        trigger,
    };
    for (const QString &sql : steps) {
        if (!sql.isEmpty() && !q.exec(sql)) {
            m_lastError = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool RequestStore::pruneOldest(qint64 keepCount, qint64 beforeUs, int limit, QList<qint64> *deleted)
{
    deleted->clear();
    qint64 budget = 0;
    if (keepCount > 0) {
        const qint64 total = count();
        if (total < 0) {
            m_lastError = QStringLiteral("cannot count the stored requests");
            return false;
        }
        budget = qMax<qint64>(0, total - keepCount);
    }
    QSqlQuery q(m_db);
    const auto run = [&](const QString &sql, const QVariantList &values) {
        if (!q.prepare(sql)) {
            m_lastError = q.lastError().text();
            return false;
        }
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        while (q.next())
            deleted->append(q.value(0).toLongLong());
        q.finish();
        return true;
    };
    if (budget > 0 &&
        !run(QStringLiteral("DELETE FROM requests WHERE id IN (SELECT id FROM requests ORDER BY "
                            "id LIMIT ?) RETURNING id"),
             {qMin<qint64>(budget, limit)}))
        return false;
    const qint64 left = limit - deleted->size();
    if (beforeUs > 0 && left > 0 &&
        !run(QStringLiteral("DELETE FROM requests WHERE id IN (SELECT id FROM requests INDEXED BY "
                            "requests_browse WHERE received_us < ? ORDER BY received_us LIMIT ?) "
                            "RETURNING id"),
             {beforeUs, left}))
        return false;
    return true;
}

qint64 RequestStore::indexedUpto() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT indexed_upto FROM fts_progress")) || !q.next()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 RequestStore::indexPending(int limit)
{
    const qint64 from = indexedUpto();
    if (from < 0)
        return -1;
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("SELECT max(id) FROM (SELECT id FROM requests WHERE id > ? "
                                  "ORDER BY id LIMIT ?)"))) {
        m_lastError = q.lastError().text();
        return -1;
    }
    q.addBindValue(from);
    q.addBindValue(limit);
    if (!q.exec() || !q.next()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    if (q.value(0).isNull())
        return from;
    const qint64 to = q.value(0).toLongLong();
    q.finish();
    // These values must be exactly the ones the delete trigger of schema step 3 computes.
    static const QString index = QStringLiteral(
        "INSERT INTO requests_fts(rowid, path, headers, body) SELECT id, path, "
        "CAST(headers AS TEXT), CASE WHEN content_type = '' OR content_type LIKE '%json%' "
        "OR content_type LIKE 'text/%' OR content_type LIKE '%xml%' OR content_type LIKE "
        "'%form%' THEN CAST(substr(body, 1, 262144) AS TEXT) ELSE '' END FROM requests "
        "WHERE id > ? AND id <= ?");
    if (!q.prepare(index)) {
        m_lastError = q.lastError().text();
        return -1;
    }
    q.addBindValue(from);
    q.addBindValue(to);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    if (!q.prepare(QStringLiteral("UPDATE fts_progress SET indexed_upto = ?"))) {
        m_lastError = q.lastError().text();
        return -1;
    }
    q.addBindValue(to);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return to;
}

qint64 RequestStore::maxId() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM requests")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace hookscope
