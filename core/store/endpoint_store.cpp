#include "endpoint_store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

EndpointStore::EndpointStore(const QSqlDatabase &db) : m_db(db) {}

QList<QJsonObject> EndpointStore::all() const
{
    QList<QJsonObject> specs;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, spec FROM endpoints ORDER BY position, id"))) {
        m_lastError = q.lastError().text();
        return specs;
    }
    while (q.next()) {
        QJsonObject spec = QJsonDocument::fromJson(q.value(1).toByteArray()).object();
        spec.insert(QStringLiteral("id"), q.value(0).toLongLong());
        specs.append(spec);
    }
    return specs;
}

bool EndpointStore::replaceAll(const QList<QJsonObject> &specs)
{
    if (!m_db.transaction()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    bool ok = q.exec(QStringLiteral("DELETE FROM endpoints"));
    if (ok) {
        ok = q.prepare(QStringLiteral(
            "INSERT INTO endpoints (position, name, enabled, methods, path_glob, spec, "
            "created_us, updated_us) VALUES (?,?,?,?,?,?,?,?)"));
    }
    const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    for (int i = 0; ok && i < specs.size(); ++i) {
        QJsonObject spec = specs.at(i);
        spec.remove(QStringLiteral("id"));
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
    }
    if (!ok) {
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
