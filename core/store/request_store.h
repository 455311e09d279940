#pragma once

#include "stored_request.h"

#include <QSqlDatabase>
#include <optional>

struct sqlite3_stmt;

namespace hookscope {

// The requests table. Works on the caller's connection; the capture writer inserts
// inside its own batch transaction, readers page by id.
class RequestStore
{
public:
    explicit RequestStore(const QSqlDatabase &db);
    ~RequestStore();
    RequestStore(const RequestStore &) = delete;
    RequestStore &operator=(const RequestStore &) = delete;

    // Uses request.id when set (the capture writer allocates ids), else lets SQLite pick;
    // sets request.id on success.
    bool insert(StoredRequest &request);
    std::optional<StoredRequest> fetch(qint64 id) const;
    // Up to limit requests with id > afterId, oldest first; sessionId filters when not empty.
    QList<StoredRequest> after(qint64 afterId, int limit, const QString &sessionId = {}) const;
    // The newest `limit` requests, oldest first.
    QList<StoredRequest> latest(int limit, const QString &sessionId = {}) const;
    qint64 count() const;
    qint64 maxId() const;

    // Deletes these requests (their full-text entries go with them); sets *deleted to the
    // ids that existed. Each is one transaction of the caller's.
    bool remove(const QList<qint64> &ids, QList<qint64> *deleted);
    // Deletes every request. Ids are still never reused (sqlite_sequence keeps the mark).
    bool removeAll();
    // Deletes up to `limit` of the oldest requests beyond the newest keepCount (0: no count
    // limit) or received before beforeUs (0: no age limit); *deleted gets their ids.
    bool pruneOldest(qint64 keepCount, qint64 beforeUs, int limit, QList<qint64> *deleted);

    // Full-text indexing runs behind capture (see schema step 3): every request up to
    // indexedUpto() is in requests_fts. indexPending() indexes up to `limit` more, in the
    // caller's transaction, and returns the new mark (-1 on failure).
    qint64 indexedUpto() const;
    qint64 indexPending(int limit);
    QString lastError() const { return m_lastError; }

private:
    QList<StoredRequest> select(const QString &where, const QVariantList &values,
                                const QString &order, int limit) const;

    QSqlDatabase m_db;
    // The capture hot path binds through SQLite's C API on the connection Qt opened:
    // QSqlQuery's per-value QVariant conversions cost more than the insert itself.
    sqlite3_stmt *m_insert = nullptr;
    mutable QString m_lastError;
};

} // namespace hookscope
