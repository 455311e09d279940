#pragma once

#include "request_filter.h"
#include "request_row.h"

#include <QList>
#include <QSqlDatabase>

namespace hookscope {

// The read side of the requests table for the inspector. Lists are id lists, newest first,
// read from the covering index requests_browse (one index scan, no row bodies), and rows
// are then fetched by key a window at a time. Runs on the connection of the calling thread.
class RequestBrowser
{
public:
    explicit RequestBrowser(const QSqlDatabase &db);

    // Ids matching the filter, newest first; with afterId, only those newer than it.
    // Returns false with lastError() on a failed query (for example a broken database).
    bool ids(const RequestFilter &filter, QList<qint64> *out, qint64 afterId = 0) const;
    // The list columns of these requests, in the order of `ids` (missing ones skipped).
    QList<RequestRow> rows(const QList<qint64> &ids) const;
    // Every stored request, counted on an index.
    qint64 totalCount() const;
    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace hookscope
