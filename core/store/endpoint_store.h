#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

namespace hookscope {

// The endpoints table: inbound rules in match order. A rule is kept as its JSON spec
// (the format of `serve --rules`); name, methods and path are also columns for queries.
// A rule's signature secrets are kept apart in endpoint_secrets: specs go in and come out
// with "signature.secrets", the stored spec never has them.
class EndpointStore
{
public:
    explicit EndpointStore(const QSqlDatabase &db);

    // Specs in position order, each with its row "id".
    QList<QJsonObject> all() const;
    // Replaces every rule in one transaction; on failure the old rules stay.
    bool replaceAll(const QList<QJsonObject> &specs);
    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace hookscope
