#pragma once

#include "export_options.h"

#include <QByteArray>
#include <QMetaType>
#include <QSqlDatabase>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>

class QIODevice;

namespace hookscope {

struct ExportResult
{
    enum class Status
    {
        Completed,
        Cancelled,
        BadInput, // bad options or an unknown column: the caller's mistake (exit 2, HTTP 400)
        Failed    // database or file trouble
    };

    Status status = Status::Completed;
    QString error;
    qint64 rows = 0;   // rows (CSV lines after the header, JSON values, HAR entries) written
    qint64 bytes = 0;  // bytes written
    QByteArray sha256; // hex, of exactly the bytes written
    QStringList columns;
    qint64 skipped = 0; // records source: source rows without a record at the root or key
    qint64 auditId = 0; // the audit log row, when one was written

    bool ok() const { return status == Status::Completed; }
    static ExportResult rejected(const QString &message)
    {
        ExportResult r;
        r.status = Status::BadInput;
        r.error = message;
        return r;
    }
};

// One export run over the connection of the calling thread: reads the source row by row,
// collapses to the latest per key, filters, flattens and writes CSV / JSON / NDJSON / HAR
// to a sink in chunks, with constant memory besides the id list of a requests source
// (8 bytes a row). Cancel and progress are checked and reported as it goes.
class Exporter
{
public:
    // Receives the output in chunks of up to 256 KiB; returns false when it cannot take more
    // (the run then fails).
    using Sink = std::function<bool(QByteArrayView chunk)>;
    // Units done and total (source rows read, once per pass).
    using Progress = std::function<void(qint64 done, qint64 total)>;

    Exporter(const QSqlDatabase &db, const ExportOptions &options);
    ~Exporter();
    Exporter(const Exporter &) = delete;
    Exporter &operator=(const Exporter &) = delete;

    ExportResult run(const Sink &sink, const std::atomic<bool> *cancel = nullptr,
                     const Progress &progress = {});
    ExportResult run(QIODevice *device, const std::atomic<bool> *cancel = nullptr,
                     const Progress &progress = {});

    // The first `limit` rows as the table a CSV export would write (the Exports pane's
    // preview), and every column the records scanned for it have.
    struct Preview
    {
        QStringList columns;  // the table's columns: the chosen ones, else detected
        QStringList detected; // every flattened key of the records scanned, first seen first
        QList<QStringList> rows;
        QString error;
    };
    Preview preview(int limit, const std::atomic<bool> *cancel = nullptr);

    // Writes to path through QSaveFile (a temporary file renamed at the end: a cancelled or
    // failed export leaves nothing under path) and records the run in the audit log.
    static ExportResult exportToFile(const QSqlDatabase &db, const ExportOptions &options,
                                     const QString &path, const QString &origin,
                                     const std::atomic<bool> *cancel = nullptr,
                                     const Progress &progress = {});
    // Streams to sink (stdout, an HTTP response) and records the run in the audit log with
    // target as its path. The management API's GET /api/export/{source}.{format}:
    //   QString error;
    //   const auto options = ExportOptions::fromUrlQuery(url.query(), &error, "records.csv");
    //   if (!options) -> 400 {"error": error}
    //   const ExportResult r = Exporter::exportToSink(db, *options, sendChunk,
    //                              "GET /api/export/records.csv?...", "api");
    //   BadInput -> 400, Failed -> 500; Content-Type options->contentType().
    // db is a connection of the calling thread (run it off the router's thread for big
    // exports); sendChunk returns false when the client went away, which ends the run.
    static ExportResult exportToSink(const QSqlDatabase &db, const ExportOptions &options,
                                     const Sink &sink, const QString &target, const QString &origin,
                                     const std::atomic<bool> *cancel = nullptr,
                                     const Progress &progress = {});

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace hookscope

Q_DECLARE_METATYPE(hookscope::ExportResult)
Q_DECLARE_METATYPE(hookscope::Exporter::Preview)
