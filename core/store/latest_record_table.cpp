#include "latest_record_table.h"

#include "database.h"

#include <atomic>
#include <sqlite3.h>

namespace hookscope {

namespace {

std::atomic<int> tableCounter = 0;

bool run(sqlite3 *handle, const QByteArray &sql, QString *error)
{
    char *message = nullptr;
    if (sqlite3_exec(handle, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(handle));
        sqlite3_free(message);
        return false;
    }
    return true;
}

} // namespace

LatestRecordTable::LatestRecordTable(const QSqlDatabase &db)
    : m_db(db), m_name("export_latest_" + QByteArray::number(++tableCounter))
{}

LatestRecordTable::~LatestRecordTable()
{
    sqlite3_finalize(m_put);
    if (sqlite3 *handle = Database::nativeHandle(m_db); handle && m_created) {
        QString ignored;
        run(handle, "DROP TABLE IF EXISTS temp." + m_name, &ignored);
    }
}

bool LatestRecordTable::create()
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    if (!handle) {
        m_lastError = QStringLiteral("the database is not open");
        return false;
    }
    // Connections keep temporary tables in memory (Database::open); this one can be as large
    // as the export, so it goes to a temporary file. Changing temp_store drops the temporary
    // tables there are, so it changes only once per connection (1 is FILE).
    sqlite3_stmt *mode = nullptr;
    int storeMode = -1;
    if (sqlite3_prepare_v2(handle, "PRAGMA temp_store", -1, &mode, nullptr) == SQLITE_OK &&
        sqlite3_step(mode) == SQLITE_ROW)
        storeMode = sqlite3_column_int(mode, 0);
    sqlite3_finalize(mode);
    if (storeMode != 1 && !run(handle, "PRAGMA temp_store=FILE", &m_lastError))
        return false;
    if (!run(handle,
             "CREATE TEMP TABLE " + m_name +
                 " (key BLOB PRIMARY KEY, ord INTEGER NOT NULL, tie INTEGER NOT NULL, "
                 "record BLOB NOT NULL)",
             &m_lastError))
        return false;
    m_created = true;
    const QByteArray sql = "INSERT INTO temp." + m_name +
                           " (key, ord, tie, record) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO "
                           "UPDATE SET ord = excluded.ord, tie = excluded.tie, record = "
                           "excluded.record WHERE excluded.ord > ord OR (excluded.ord = ord AND "
                           "excluded.tie >= tie)";
    if (sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &m_put, nullptr) !=
        SQLITE_OK) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
        return false;
    }
    return true;
}

bool LatestRecordTable::put(const QByteArray &key, qint64 order, qint64 tieBreak,
                            const QByteArray &json)
{
    sqlite3_reset(m_put);
    sqlite3_bind_blob(m_put, 1, key.constData(), int(key.size()), SQLITE_STATIC);
    sqlite3_bind_int64(m_put, 2, order);
    sqlite3_bind_int64(m_put, 3, tieBreak);
    sqlite3_bind_blob(m_put, 4, json.constData(), int(json.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(m_put);
    sqlite3_reset(m_put);
    if (rc != SQLITE_DONE) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_put)));
        return false;
    }
    return true;
}

qint64 LatestRecordTable::count() const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    sqlite3_stmt *st = nullptr;
    const QByteArray sql = "SELECT count(*) FROM temp." + m_name;
    qint64 n = -1;
    if (handle && sqlite3_prepare_v2(handle, sql.constData(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QString();
    sqlite3_finalize(st);
    return n;
}

bool LatestRecordTable::each(const std::function<bool(const QByteArray &)> &visit) const
{
    sqlite3 *handle = Database::nativeHandle(m_db);
    sqlite3_stmt *st = nullptr;
    const QByteArray sql = "SELECT record FROM temp." + m_name + " ORDER BY ord, tie";
    if (!handle || sqlite3_prepare_v2(handle, sql.constData(), -1, &st, nullptr) != SQLITE_OK) {
        m_lastError = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QString();
        sqlite3_finalize(st);
        return false;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *data = static_cast<const char *>(sqlite3_column_blob(st, 0));
        const QByteArray json(data, sqlite3_column_bytes(st, 0));
        if (!visit(json)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        m_lastError = QString::fromUtf8(sqlite3_errmsg(handle));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

} // namespace hookscope
