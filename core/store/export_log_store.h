#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace hookscope {

// One line of the export audit log (table exports, schema step 6): what was exported, how,
// where to, and the SHA-256 of exactly the bytes written, so a file can later be proven to
// be (or not be) that export.
struct ExportLogEntry
{
    qint64 id = 0;
    qint64 startedUs = 0;
    qint64 finishedUs = 0;
    QString origin;  // cli, gui, api
    QString source;  // requests, events, deliveries, records
    QString format;  // csv, json, ndjson, har
    QString options; // JSON object: root, key, filters, explode, csv settings
    QStringList columns;
    qint64 rows = 0;
    qint64 bytes = 0;
    QString path;   // absolute file path, "-" for stdout, the request line for the API
    QString sha256; // hex
    QString status; // completed, cancelled, failed
    QString error;
};

class ExportLogStore
{
public:
    explicit ExportLogStore(const QSqlDatabase &db);

    bool insert(ExportLogEntry *entry);
    // Newest first; limit 0 for all.
    QList<ExportLogEntry> latest(int limit = 0) const;
    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    mutable QString m_lastError;
};

} // namespace hookscope
