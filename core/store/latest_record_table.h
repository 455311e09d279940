#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <functional>

struct sqlite3_stmt;

namespace hookscope {

// Collapses records to the latest version per key (`--key id`) in a temporary table on disk,
// so an export of a million entities keeps constant memory: put() keeps, per key, the
// record with the highest order (received time, then id); each() reads them back in that
// order. The table lives as long as this object, on the caller's connection.
class LatestRecordTable
{
public:
    explicit LatestRecordTable(const QSqlDatabase &db);
    ~LatestRecordTable();
    LatestRecordTable(const LatestRecordTable &) = delete;
    LatestRecordTable &operator=(const LatestRecordTable &) = delete;

    bool create();
    bool put(const QByteArray &key, qint64 order, qint64 tieBreak, const QByteArray &json);
    qint64 count() const;
    // visit returns false to stop.
    bool each(const std::function<bool(const QByteArray &json)> &visit) const;
    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    QByteArray m_name;
    sqlite3_stmt *m_put = nullptr;
    bool m_created = false;
    mutable QString m_lastError;
};

} // namespace hookscope
