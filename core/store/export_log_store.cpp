#include "export_log_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hookscope {

ExportLogStore::ExportLogStore(const QSqlDatabase &db) : m_db(db) {}

bool ExportLogStore::insert(ExportLogEntry *e)
{
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral(
            "INSERT INTO exports (started_us, finished_us, origin, source, format, options, "
            "columns, rows, bytes, path, sha256, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?)"))) {
        m_lastError = q.lastError().text();
        return false;
    }
    const QByteArray columns =
        QJsonDocument(QJsonArray::fromStringList(e->columns)).toJson(QJsonDocument::Compact);
    const QVariantList values = {e->startedUs,
                                 e->finishedUs,
                                 e->origin,
                                 e->source,
                                 e->format,
                                 e->options,
                                 QString::fromUtf8(columns),
                                 e->rows,
                                 e->bytes,
                                 e->path,
                                 e->sha256,
                                 e->status,
                                 e->error};
    for (qsizetype i = 0; i < values.size(); ++i) {
        // A null QString would bind as SQL NULL; the columns are NOT NULL text.
        const QVariant &v = values.at(i);
        q.bindValue(int(i), v.typeId() == QMetaType::QString && v.toString().isNull()
                                ? QVariant(QStringLiteral(""))
                                : v);
    }
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return false;
    }
    e->id = q.lastInsertId().toLongLong();
    return true;
}

QList<ExportLogEntry> ExportLogStore::latest(int limit) const
{
    QList<ExportLogEntry> entries;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QString sql = QStringLiteral(
        "SELECT id, started_us, finished_us, origin, source, format, options, columns, rows, "
        "bytes, path, sha256, status, error FROM exports ORDER BY id DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT ") + QString::number(limit);
    if (!q.exec(sql)) {
        m_lastError = q.lastError().text();
        return entries;
    }
    while (q.next()) {
        ExportLogEntry e;
        e.id = q.value(0).toLongLong();
        e.startedUs = q.value(1).toLongLong();
        e.finishedUs = q.value(2).toLongLong();
        e.origin = q.value(3).toString();
        e.source = q.value(4).toString();
        e.format = q.value(5).toString();
        e.options = q.value(6).toString();
        for (const QJsonValue &c : QJsonDocument::fromJson(q.value(7).toByteArray()).array())
            e.columns.append(c.toString());
        e.rows = q.value(8).toLongLong();
        e.bytes = q.value(9).toLongLong();
        e.path = q.value(10).toString();
        e.sha256 = q.value(11).toString();
        e.status = q.value(12).toString();
        e.error = q.value(13).toString();
        entries.append(e);
    }
    return entries;
}

} // namespace hookscope
