#pragma once

#include "request_filter.h"
#include "request_row.h"

#include <QList>
#include <QSqlDatabase>
#include <functional>

struct sqlite3_stmt;

namespace hookscope {

// The read side of the requests table for the inspector. Lists are id lists, newest first,
// read from the covering index requests_browse (one index scan, no row bodies), and rows
// are then fetched by key a window at a time. Runs on the connection of the calling thread.
class RequestBrowser
{
public:
    explicit RequestBrowser(const QSqlDatabase &db);

    // A text search matching at most this many requests starts from the full-text index.
    static constexpr int FewMatches = 5000;

    // Ids matching the filter, newest first; with afterId, only those newer than it; with
    // limit, the first `limit`; with maxId, none above it (a snapshot's high-water mark).
    // Returns false with lastError() on a failed or interrupted query.
    bool ids(const RequestFilter &filter, QList<qint64> *out, qint64 afterId = 0, int limit = 0,
             qint64 maxId = 0) const;
    // The list columns of these requests, in the order of `ids` (missing ones skipped).
    QList<RequestRow> rows(const QList<qint64> &ids) const;
    // Every stored request, counted on an index.
    qint64 totalCount() const;
    QString lastError() const { return m_lastError; }
    // Makes a query running on this connection in another thread stop (it then fails with
    // "interrupted"); callable from any thread while the connection is open.
    std::function<void()> interrupter() const;

private:
    bool runIds(const QByteArray &sql, const QList<QByteArray> &texts, QList<qint64> *out) const;
    bool step(sqlite3_stmt *statement, QList<qint64> *out) const;

    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace hookscope
