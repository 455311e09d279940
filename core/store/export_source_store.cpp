#include "export_source_store.h"

#include "database.h"
#include "request_browser.h"

#include <QSet>
#include <algorithm>
#include <sqlite3.h>

namespace hookscope {

namespace {

struct Statement
{
    sqlite3_stmt *handle = nullptr;
    ~Statement() { sqlite3_finalize(handle); }
};

QByteArray blob(sqlite3_stmt *st, int column)
{
    const void *data = sqlite3_column_blob(st, column);
    const int size = sqlite3_column_bytes(st, column);
    return data ? QByteArray(static_cast<const char *>(data), size) : QByteArray();
}

// A WHERE clause built with its bound values, bound in order.
struct Where
{
    QByteArray sql;
    QList<QByteArray> texts;
    QList<qint64> numbers;
    QList<bool> isText;

    void text(const char *clause, const QString &value)
    {
        sql += clause;
        texts.append(value.toUtf8());
        numbers.append(0);
        isText.append(true);
    }
    void number(const char *clause, qint64 value)
    {
        sql += clause;
        texts.append(QByteArray());
        numbers.append(value);
        isText.append(false);
    }
    void bind(sqlite3_stmt *st) const
    {
        for (qsizetype i = 0; i < isText.size(); ++i) {
            if (isText.at(i))
                sqlite3_bind_text(st, int(i + 1), texts.at(i).constData(), int(texts.at(i).size()),
                                  SQLITE_STATIC);
            else
                sqlite3_bind_int64(st, int(i + 1), numbers.at(i));
        }
    }
};

Where eventWhere(const EventFilter &f)
{
    Where w;
    w.sql = " WHERE 1";
    if (f.fromUs > 0)
        w.number(" AND created_us >= ?", f.fromUs);
    if (f.toUs > 0)
        w.number(" AND created_us < ?", f.toUs);
    if (!f.typeGlob.isEmpty())
        w.text(" AND type GLOB ?", f.typeGlob);
    if (!f.text.isEmpty())
        w.text(" AND instr(lower(CAST(data AS TEXT)), lower(?)) > 0", f.text);
    return w;
}

Where deliveryWhere(const DeliveryFilter &f)
{
    Where w;
    w.sql = " WHERE 1";
    if (f.fromUs > 0)
        w.number(" AND d.created_us >= ?", f.fromUs);
    if (f.toUs > 0)
        w.number(" AND d.created_us < ?", f.toUs);
    if (!f.eventGlob.isEmpty())
        w.text(" AND e.type GLOB ?", f.eventGlob);
    if (!f.status.isEmpty())
        w.text(" AND d.status = ?", f.status);
    if (!f.subscription.isEmpty()) {
        bool isId = false;
        const qint64 id = f.subscription.toLongLong(&isId);
        if (isId)
            w.number(" AND d.subscription_id = ?", id);
        else
            w.text(" AND s.name GLOB ?", f.subscription);
    }
    return w;
}

constexpr char requestColumns[] =
    "id, received_us, method, path, query, http_version, headers, body, body_size, truncated, "
    "remote_address, remote_port, endpoint_id, endpoint_name, response_status, response_body, "
    "session_id, event_type, verification, verification_detail, content_type";

void readRequest(sqlite3_stmt *st, StoredRequest *r, QByteArray *rawHeaders,
                 QByteArray *contentType)
{
    r->id = sqlite3_column_int64(st, 0);
    r->receivedUs = sqlite3_column_int64(st, 1);
    r->method = blob(st, 2);
    r->path = blob(st, 3);
    r->query = blob(st, 4);
    r->httpVersion = blob(st, 5);
    if (rawHeaders) {
        *rawHeaders = blob(st, 6);
        r->headers.clear();
    } else {
        r->headers = StoredRequest::decodeHeaders(blob(st, 6));
    }
    r->body = blob(st, 7);
    r->bodySize = sqlite3_column_int64(st, 8);
    r->truncated = sqlite3_column_int(st, 9) != 0;
    r->remoteAddress = QString::fromUtf8(blob(st, 10));
    r->remotePort = quint16(sqlite3_column_int(st, 11));
    r->endpointId = sqlite3_column_int64(st, 12);
    r->endpointName = QString::fromUtf8(blob(st, 13));
    r->responseStatus = sqlite3_column_int(st, 14);
    r->responseBody = blob(st, 15);
    r->sessionId = QString::fromUtf8(blob(st, 16));
    r->eventType = QString::fromUtf8(blob(st, 17));
    r->verification = signatureStatusFrom(sqlite3_column_int(st, 18));
    r->verificationDetail = QString::fromUtf8(blob(st, 19));
    if (contentType)
        *contentType = blob(st, 20);
}

// SELECT count(*) ... with the filter's WHERE; -1 with *error.
qint64 countRows(sqlite3 *handle, const QByteArray &select, const Where &where, QString *error)
{
    const QByteArray sql = select + where.sql;
    Statement st;
    if (!handle || sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle,
                                      nullptr) != SQLITE_OK) {
        *error = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                        : QStringLiteral("the database is not open");
        return -1;
    }
    where.bind(st.handle);
    if (sqlite3_step(st.handle) != SQLITE_ROW) {
        *error = QString::fromUtf8(sqlite3_errmsg(handle));
        return -1;
    }
    return sqlite3_column_int64(st.handle, 0);
}

} // namespace

ExportSourceStore::ExportSourceStore(const QSqlDatabase &db) : m_db(db) {}

ExportSourceStore::~ExportSourceStore()
{
    sqlite3_finalize(m_fetch);
}

bool ExportSourceStore::requestIds(const RequestFilter &filter, const QList<qint64> &selected,
                                   QList<qint64> *out) const
{
    out->clear();
    if (!selected.isEmpty() && filter.isEmpty()) {
        *out = selected;
    } else {
        RequestBrowser browser(m_db);
        if (!browser.ids(filter, out)) {
            m_lastError = browser.lastError();
            return false;
        }
        if (!selected.isEmpty()) {
            const QSet<qint64> wanted(selected.cbegin(), selected.cend());
            out->removeIf([&](qint64 id) { return !wanted.contains(id); });
        }
    }
    // The browser lists newest first; an export reads in arrival order.
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
    return true;
}

bool ExportSourceStore::fetchRequest(qint64 id, StoredRequest *r, QByteArray *rawHeaders,
                                     QByteArray *contentType)
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    if (!handle) {
        m_lastError = QStringLiteral("the database is not open");
        return false;
    }
    if (!m_fetch) {
        const QByteArray sql =
            QByteArray("SELECT ") + requestColumns + " FROM requests WHERE id = ?";
        if (sqlite3_prepare_v2(handle, sql.constData(), -1, &m_fetch, nullptr) != SQLITE_OK) {
            m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
            return false;
        }
    }
    sqlite3_reset(m_fetch);
    sqlite3_bind_int64(m_fetch, 1, id);
    const int rc = sqlite3_step(m_fetch);
    if (rc != SQLITE_ROW) {
        m_lastError = rc == SQLITE_DONE ? QStringLiteral("request %1 is gone").arg(id)
                                        : QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    readRequest(m_fetch, r, rawHeaders, contentType);
    sqlite3_reset(m_fetch);
    return true;
}

bool ExportSourceStore::eachRequest(const RequestVisit &visit) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    const QByteArray sql = QByteArray("SELECT ") + requestColumns + " FROM requests ORDER BY id";
    Statement st;
    if (!handle || sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle,
                                      nullptr) != SQLITE_OK) {
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                             : QStringLiteral("the database is not open");
        return false;
    }
    StoredRequest request;
    QByteArray rawHeaders;
    QByteArray contentType;
    int rc;
    while ((rc = sqlite3_step(st.handle)) == SQLITE_ROW) {
        readRequest(st.handle, &request, &rawHeaders, &contentType);
        if (!visit(request, rawHeaders, contentType))
            return true;
    }
    if (rc != SQLITE_DONE) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    return true;
}

qint64 ExportSourceStore::countRequests() const
{
    return countRows(Database::nativeHandle(m_db), "SELECT count(*) FROM requests", Where(),
                     &m_lastError);
}

qint64 ExportSourceStore::countEvents(const EventFilter &filter) const
{
    return countRows(Database::nativeHandle(m_db), "SELECT count(*) FROM events",
                     eventWhere(filter), &m_lastError);
}

bool ExportSourceStore::eachEvent(const EventFilter &filter,
                                  const std::function<bool(const ExportedEvent &)> &visit) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    const Where w = eventWhere(filter);
    const QByteArray sql =
        "SELECT id, uid, type, data, source, created_us FROM events" + w.sql + " ORDER BY id";
    Statement st;
    if (!handle || sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle,
                                      nullptr) != SQLITE_OK) {
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                             : QStringLiteral("the database is not open");
        return false;
    }
    w.bind(st.handle);
    int rc;
    ExportedEvent e;
    while ((rc = sqlite3_step(st.handle)) == SQLITE_ROW) {
        e.id = sqlite3_column_int64(st.handle, 0);
        e.uid = blob(st.handle, 1);
        e.type = blob(st.handle, 2);
        e.data = blob(st.handle, 3);
        e.source = blob(st.handle, 4);
        e.createdUs = sqlite3_column_int64(st.handle, 5);
        if (!visit(e))
            return true;
    }
    if (rc != SQLITE_DONE) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    return true;
}

qint64 ExportSourceStore::countDeliveries(const DeliveryFilter &filter) const
{
    return countRows(Database::nativeHandle(m_db),
                     "SELECT count(*) FROM deliveries d JOIN events e ON e.id = d.event_id "
                     "JOIN subscriptions s ON s.id = d.subscription_id",
                     deliveryWhere(filter), &m_lastError);
}

bool ExportSourceStore::eachDelivery(
    const DeliveryFilter &filter, const std::function<bool(const ExportedDelivery &)> &visit) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    const Where w = deliveryWhere(filter);
    const QByteArray sql =
        "SELECT d.id, d.event_id, e.uid, e.type, d.subscription_id, s.name, s.url, d.status, "
        "d.attempts, d.next_attempt_us, d.last_status, d.last_error, d.last_duration_us, "
        "d.created_us, d.updated_us, d.completed_us FROM deliveries d "
        "JOIN events e ON e.id = d.event_id JOIN subscriptions s ON s.id = d.subscription_id" +
        w.sql + " ORDER BY d.id";
    static const char attemptSql[] =
        "SELECT attempt, started_us, duration_us, url, request_headers, request_body, "
        "response_status, response_headers, response_body, error FROM attempts "
        "WHERE delivery_id = ? ORDER BY attempt, id";
    Statement st;
    Statement attempts;
    if (!handle ||
        sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle, nullptr) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(handle, attemptSql, -1, &attempts.handle, nullptr) != SQLITE_OK) {
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                             : QStringLiteral("the database is not open");
        return false;
    }
    w.bind(st.handle);
    int rc;
    while ((rc = sqlite3_step(st.handle)) == SQLITE_ROW) {
        sqlite3_stmt *s = st.handle;
        ExportedDelivery d;
        d.id = sqlite3_column_int64(s, 0);
        d.eventId = sqlite3_column_int64(s, 1);
        d.eventUid = blob(s, 2);
        d.eventType = blob(s, 3);
        d.subscriptionId = sqlite3_column_int64(s, 4);
        d.subscriptionName = blob(s, 5);
        d.subscriptionUrl = blob(s, 6);
        d.status = blob(s, 7);
        d.attempts = sqlite3_column_int(s, 8);
        d.nextAttemptUs = sqlite3_column_int64(s, 9);
        d.lastStatus = sqlite3_column_int(s, 10);
        d.lastError = blob(s, 11);
        d.lastDurationUs = sqlite3_column_int64(s, 12);
        d.createdUs = sqlite3_column_int64(s, 13);
        d.updatedUs = sqlite3_column_int64(s, 14);
        d.completedUs = sqlite3_column_int64(s, 15);
        sqlite3_reset(attempts.handle);
        sqlite3_bind_int64(attempts.handle, 1, d.id);
        int arc;
        while ((arc = sqlite3_step(attempts.handle)) == SQLITE_ROW) {
            sqlite3_stmt *a = attempts.handle;
            ExportedAttempt t;
            t.attempt = sqlite3_column_int(a, 0);
            t.startedUs = sqlite3_column_int64(a, 1);
            t.durationUs = sqlite3_column_int64(a, 2);
            t.url = blob(a, 3);
            t.requestHeaders = blob(a, 4);
            t.requestBody = blob(a, 5);
            t.responseStatus = sqlite3_column_int(a, 6);
            t.responseHeaders = blob(a, 7);
            t.responseBody = blob(a, 8);
            t.error = blob(a, 9);
            d.attemptLog.append(t);
        }
        if (arc != SQLITE_DONE) {
            m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
            return false;
        }
        if (!visit(d))
            return true;
    }
    if (rc != SQLITE_DONE) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    return true;
}

} // namespace hookscope
