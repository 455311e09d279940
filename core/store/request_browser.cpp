#include "request_browser.h"

#include "database.h"

#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

namespace hookscope {

namespace {

bool hasGlobWildcard(const QString &pattern)
{
    return pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'));
}

// A pattern without wildcards means "starts with": typing /hooks finds /hooks/stripe.
QString pathPattern(const QString &glob)
{
    if (hasGlobWildcard(glob))
        return glob;
    QString escaped = glob;
    escaped.replace(QLatin1Char('['), QStringLiteral("[[]"));
    return escaped + QLatin1Char('*');
}

// The part of a body that is searchable: the same expression as the full-text indexer's.
constexpr char textualBody[] =
    "CASE WHEN content_type = '' OR content_type LIKE '%json%' OR content_type LIKE 'text/%' "
    "OR content_type LIKE '%xml%' OR content_type LIKE '%form%' "
    "THEN CAST(substr(body, 1, 262144) AS TEXT) ELSE '' END";

struct Statement
{
    sqlite3_stmt *handle = nullptr;
    ~Statement() { sqlite3_finalize(handle); }
};

} // namespace

RequestBrowser::RequestBrowser(const QSqlDatabase &db) : m_db(db) {}

bool RequestBrowser::ids(const RequestFilter &filter, QList<qint64> *out, qint64 afterId, int limit,
                         qint64 maxId) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    if (!handle) {
        m_lastError = QStringLiteral("the database is not open");
        return false;
    }
    QList<QByteArray> texts;
    QList<qint64> numbers;
    QList<bool> isText;
    const auto bindText = [&](const QString &value) {
        texts.append(value.toUtf8());
        isText.append(true);
        numbers.append(0);
    };
    const auto bindNumber = [&](qint64 value) {
        texts.append(QByteArray());
        isText.append(false);
        numbers.append(value);
    };

    // A text search that matches few requests starts from FTS5's matches; probing with a
    // LIMIT stops early when it matches many, and then the index walk below is cheaper.
    const QString fts = RequestFilter::ftsQuery(filter.text);
    QList<qint64> ftsMatches;
    bool fewMatches = false;
    if (!fts.isEmpty() && afterId == 0) {
        if (!runIds(QByteArrayLiteral("SELECT rowid FROM requests_fts WHERE requests_fts MATCH ? "
                                      "LIMIT ") +
                        QByteArray::number(FewMatches + 1),
                    {fts.toUtf8()}, &ftsMatches))
            return false;
        fewMatches = ftsMatches.size() <= FewMatches;
    }

    // Three shapes. New arrivals: a short rowid range at the end of the table. A few text
    // matches: their rows by rowid, sorted afterwards. Anything else: a walk over
    // requests_browse in received order (forced: left alone, the planner may walk the table
    // and read every body).
    QByteArray sql;
    if (afterId > 0) {
        sql = "SELECT id FROM requests WHERE id > ?";
        bindNumber(afterId);
    } else if (fewMatches) {
        sql = "SELECT id FROM requests WHERE 1";
    } else {
        sql = "SELECT id FROM requests INDEXED BY requests_browse WHERE 1";
    }
    if (maxId > 0) {
        sql += " AND id <= ?";
        bindNumber(maxId);
    }
    if (!filter.methods.isEmpty()) {
        sql += " AND method IN (";
        for (qsizetype i = 0; i < filter.methods.size(); ++i) {
            sql += i ? ",?" : "?";
            bindText(QString::fromLatin1(filter.methods.at(i)));
        }
        sql += ')';
    }
    if (!filter.pathGlob.isEmpty()) {
        sql += " AND path GLOB ?";
        bindText(pathPattern(filter.pathGlob));
    }
    if (filter.statusClass >= 1 && filter.statusClass <= 5) {
        sql += " AND response_status BETWEEN ? AND ?";
        bindNumber(filter.statusClass * 100);
        bindNumber(filter.statusClass * 100 + 99);
    }
    if (!filter.eventType.isEmpty()) {
        sql += " AND event_type GLOB ?";
        bindText(filter.eventType);
    }
    if (filter.fromUs > 0) {
        sql += " AND received_us >= ?";
        bindNumber(filter.fromUs);
    }
    if (filter.toUs > 0) {
        sql += " AND received_us < ?";
        bindNumber(filter.toUs);
    }
    if (!fts.isEmpty()) {
        // Indexed rows through FTS5; the few newest, not indexed yet (see schema step 3),
        // by a case-insensitive substring scan of the same text.
        QSqlQuery progress(m_db);
        if (!progress.exec(QStringLiteral("SELECT indexed_upto FROM fts_progress")) ||
            !progress.next()) {
            m_lastError = progress.lastError().text();
            return false;
        }
        if (fewMatches) {
            sql += " AND (id IN (";
            for (qsizetype i = 0; i < ftsMatches.size(); ++i) {
                if (i)
                    sql += ',';
                sql += QByteArray::number(ftsMatches.at(i));
            }
            sql += ") OR (id > ?";
        } else {
            sql += " AND (id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?) OR "
                   "(id > ?";
            bindText(fts);
        }
        bindNumber(progress.value(0).toLongLong());
        static const QRegularExpression whitespace(QStringLiteral("\\s+"));
        for (const QString &word : filter.text.toLower().split(whitespace, Qt::SkipEmptyParts)) {
            sql += " AND (instr(lower(path), ?) > 0 OR instr(lower(CAST(headers AS TEXT)), ?) > 0 "
                   "OR instr(lower(" +
                   QByteArray(textualBody) + "), ?) > 0)";
            for (int i = 0; i < 3; ++i)
                bindText(word);
        }
        sql += "))";
    }
    // '+' keeps the few-matches shape off the index: its rows are found by rowid.
    sql += afterId > 0  ? " ORDER BY id DESC"
           : fewMatches ? " ORDER BY +received_us DESC"
                        : " ORDER BY received_us DESC";
    if (limit > 0)
        sql += " LIMIT " + QByteArray::number(limit);

    Statement st;
    if (sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle, nullptr) !=
        SQLITE_OK) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    for (qsizetype i = 0; i < isText.size(); ++i) {
        if (isText.at(i))
            sqlite3_bind_text(st.handle, int(i + 1), texts.at(i).constData(),
                              int(texts.at(i).size()), SQLITE_STATIC);
        else
            sqlite3_bind_int64(st.handle, int(i + 1), numbers.at(i));
    }
    return step(st.handle, out);
}

bool RequestBrowser::runIds(const QByteArray &sql, const QList<QByteArray> &texts,
                            QList<qint64> *out) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    Statement st;
    if (!handle || sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &st.handle,
                                      nullptr) != SQLITE_OK) {
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                             : QStringLiteral("the database is not open");
        return false;
    }
    for (qsizetype i = 0; i < texts.size(); ++i)
        sqlite3_bind_text(st.handle, int(i + 1), texts.at(i).constData(), int(texts.at(i).size()),
                          SQLITE_STATIC);
    return step(st.handle, out);
}

bool RequestBrowser::step(sqlite3_stmt *statement, QList<qint64> *out) const
{
    out->clear();
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
        out->append(sqlite3_column_int64(statement, 0));
    if (rc != SQLITE_DONE) {
        m_lastError = rc == SQLITE_INTERRUPT
                          ? QStringLiteral("interrupted")
                          : QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(statement)));
        out->clear();
        return false;
    }
    return true;
}

std::function<void()> RequestBrowser::interrupter() const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    return [handle] {
        if (handle)
            sqlite3_interrupt(handle);
    };
}

QList<RequestRow> RequestBrowser::rows(const QList<qint64> &ids) const
{
    QList<RequestRow> result;
    if (ids.isEmpty())
        return result;
    // Ids are integers, so they go into the statement as literals: one statement per window.
    QString in;
    in.reserve(ids.size() * 8);
    for (qint64 id : ids) {
        if (!in.isEmpty())
            in += QLatin1Char(',');
        in += QString::number(id);
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, received_us, method, path, query, response_status, "
                               "body_size, truncated, content_type, event_type, endpoint_name, "
                               "verification, verification_detail FROM requests WHERE id IN (") +
                in + QLatin1Char(')'))) {
        m_lastError = q.lastError().text();
        return result;
    }
    QHash<qint64, RequestRow> byId;
    byId.reserve(ids.size());
    while (q.next()) {
        RequestRow row;
        row.id = q.value(0).toLongLong();
        row.receivedUs = q.value(1).toLongLong();
        row.method = q.value(2).toString().toLatin1();
        row.path = q.value(3).toString().toUtf8();
        row.query = q.value(4).toString().toUtf8();
        row.responseStatus = q.value(5).toInt();
        row.bodySize = q.value(6).toLongLong();
        row.truncated = q.value(7).toBool();
        row.contentType = q.value(8).toString().toLatin1();
        row.eventType = q.value(9).toString();
        row.endpointName = q.value(10).toString();
        row.verification = signatureStatusFrom(q.value(11).toInt());
        row.verificationDetail = q.value(12).toString();
        byId.insert(row.id, row);
    }
    result.reserve(ids.size());
    for (qint64 id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd())
            result.append(*it);
    }
    return result;
}

qint64 RequestBrowser::totalCount() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM requests")) || !q.next()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace hookscope
