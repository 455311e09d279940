#pragma once

#include "stored_request.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <optional>

namespace hookscope {

// The requests table. Works on the caller's connection; the capture writer inserts
// inside its own batch transaction, readers page by id.
class RequestStore
{
public:
    explicit RequestStore(const QSqlDatabase &db);

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
    QString lastError() const { return m_lastError; }

private:
    QList<StoredRequest> select(const QString &where, const QVariantList &values,
                                const QString &order, int limit) const;

    QSqlDatabase m_db;
    QSqlQuery m_insert;
    mutable QString m_lastError;
};

} // namespace hookscope
