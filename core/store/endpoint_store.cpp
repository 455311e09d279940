#include "endpoint_store.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

namespace {

const QString signatureKey = QStringLiteral("signature");
const QString secretsKey = QStringLiteral("secrets");

} // namespace

EndpointStore::EndpointStore(const QSqlDatabase &db) : m_db(db) {}

QList<QJsonObject> EndpointStore::all() const
{
    QList<QJsonObject> specs;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, spec FROM endpoints ORDER BY position, id"))) {
        m_lastError = q.lastError().text();
        return specs;
    }
    QHash<qint64, QJsonArray> secrets;
    QSqlQuery s(m_db);
    if (!s.exec(QStringLiteral(
            "SELECT endpoint_id, secret FROM endpoint_secrets ORDER BY endpoint_id, position"))) {
        m_lastError = s.lastError().text();
        return specs;
    }
    while (s.next())
        secrets[s.value(0).toLongLong()].append(s.value(1).toString());
    while (q.next()) {
        QJsonObject spec = QJsonDocument::fromJson(q.value(1).toByteArray()).object();
        const qint64 id = q.value(0).toLongLong();
        spec.insert(QStringLiteral("id"), id);
        if (spec.value(signatureKey).isObject()) {
            QJsonObject signature = spec.value(signatureKey).toObject();
            signature.insert(secretsKey, secrets.value(id));
            spec.insert(signatureKey, signature);
        }
        specs.append(spec);
    }
    return specs;
}

bool EndpointStore::replaceAll(const QList<QJsonObject> &specs)
{
    m_lastError.clear();
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    QSqlQuery s(m_db);
    bool ok = q.exec(QStringLiteral("DELETE FROM endpoint_secrets")) &&
              q.exec(QStringLiteral("DELETE FROM endpoints"));
    if (ok) {
        ok = q.prepare(QStringLiteral(
            "INSERT INTO endpoints (position, name, enabled, methods, path_glob, spec, "
            "created_us, updated_us) VALUES (?,?,?,?,?,?,?,?)"));
    }
    if (ok) {
        ok = s.prepare(QStringLiteral(
            "INSERT INTO endpoint_secrets (endpoint_id, position, secret) VALUES (?,?,?)"));
        if (!ok)
            m_lastError = s.lastError().text();
    }
    const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    for (int i = 0; ok && i < specs.size(); ++i) {
        QJsonObject spec = specs.at(i);
        spec.remove(QStringLiteral("id"));
        // The secrets go to endpoint_secrets; the spec keeps only the rest of the check.
        QJsonArray secrets;
        if (spec.value(signatureKey).isObject()) {
            QJsonObject signature = spec.value(signatureKey).toObject();
            secrets = signature.take(secretsKey).toArray();
            spec.insert(signatureKey, signature);
        }
        const QJsonValue methods = spec.value(QStringLiteral("methods"));
        QString methodText = QStringLiteral("*");
        if (methods.isArray()) {
            QStringList list;
            for (const QJsonValue &m : methods.toArray())
                list.append(m.toString());
            methodText = list.join(QLatin1Char(','));
        } else if (methods.isString()) {
            methodText = methods.toString();
        }
        q.bindValue(0, i);
        q.bindValue(1, spec.value(QStringLiteral("name")).toString());
        q.bindValue(2, int(spec.value(QStringLiteral("enabled")).toBool(true)));
        q.bindValue(3, methodText);
        q.bindValue(4, spec.value(QStringLiteral("path")).toString(QStringLiteral("/**")));
        q.bindValue(5, QJsonDocument(spec).toJson(QJsonDocument::Compact));
        q.bindValue(6, nowUs);
        q.bindValue(7, nowUs);
        ok = q.exec();
        const qint64 endpointId = q.lastInsertId().toLongLong();
        for (int position = 0; ok && position < secrets.size(); ++position) {
            s.bindValue(0, endpointId);
            s.bindValue(1, position);
            s.bindValue(2, secrets.at(position).toString());
            ok = s.exec();
            if (!ok)
                m_lastError = s.lastError().text();
        }
    }
    if (!ok) {
        if (m_lastError.isEmpty())
            m_lastError = q.lastError().text();
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        m_lastError = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

} // namespace hookscope
