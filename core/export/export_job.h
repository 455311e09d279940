#pragma once

#include "exporter.h"
#include "store/export_log_store.h"

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

class QThread;

namespace hookscope {

// Runs exports and previews off the caller's (GUI) thread, each on a thread of its own with
// its own read connection to the database (Qt requires one per thread; SQLite WAL lets it
// read while capture writes). Results come back as queued signals; cancel() stops a run at
// the next row, and a newer preview cancels the one before it.
class ExportJob : public QObject
{
    Q_OBJECT

public:
    explicit ExportJob(QObject *parent = nullptr);
    ~ExportJob() override; // cancels and waits

    void setDatabasePath(const QString &path) { m_databasePath = path; }
    QString databasePath() const { return m_databasePath; }

    // Writes the file through Exporter::exportToFile (atomic, audit-logged); ignored while an
    // export runs.
    void startExport(const ExportOptions &options, const QString &path,
                     const QString &origin = QStringLiteral("gui"));
    void cancelExport();
    bool isExporting() const { return m_exportThread != nullptr; }

    // The first `limit` rows and the detected columns; `generation` comes back with them so
    // a caller can drop answers to questions it no longer asks.
    void startPreview(const ExportOptions &options, int limit, quint64 generation);

    // The audit log, newest first, read on a short-lived connection of the calling thread.
    QList<ExportLogEntry> auditLog(int limit, QString *error = nullptr) const;

    // Blocks until the running export (if any) has finished; for tests and shutdown.
    void waitForExport();

signals:
    void progress(qint64 done, qint64 total);
    void exportFinished(const hookscope::ExportResult &result, const QString &path);
    void previewReady(const hookscope::Exporter::Preview &preview, quint64 generation);

private:
    void stopPreview();

    QString m_databasePath;
    QThread *m_exportThread = nullptr;
    QThread *m_previewThread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_exportCancel;
    std::shared_ptr<std::atomic<bool>> m_previewCancel;
};

} // namespace hookscope
