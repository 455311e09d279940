#include "export_job.h"

#include "store/database.h"

#include <QThread>
#include <atomic>

namespace hookscope {

namespace {

std::atomic<int> connectionCounter = 0;

QString connectionName(const char *what)
{
    return QStringLiteral("export-job-%1-%2").arg(QLatin1String(what)).arg(++connectionCounter);
}

} // namespace

ExportJob::ExportJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hookscope::ExportResult>();
    qRegisterMetaType<hookscope::Exporter::Preview>();
}

ExportJob::~ExportJob()
{
    cancelExport();
    waitForExport();
    stopPreview();
}

void ExportJob::startExport(const ExportOptions &options, const QString &path,
                            const QString &origin)
{
    if (m_exportThread)
        return;
    m_exportCancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<std::atomic<bool>> cancel = m_exportCancel;
    const QString databasePath = m_databasePath;
    m_exportThread = QThread::create([this, options, path, origin, cancel, databasePath] {
        ExportResult result;
        {
            Database db(databasePath, connectionName("export"));
            if (!db.open()) {
                result.status = ExportResult::Status::Failed;
                result.error = db.lastError();
            } else {
                qint64 lastReported = -1;
                result = Exporter::exportToFile(
                    db.connection(), options, path, origin, cancel.get(),
                    [this, &lastReported](qint64 done, qint64 total) {
                        // A few hundred updates at most: the bar has that many pixels.
                        if (done == total || done - lastReported >= qMax<qint64>(1, total / 200)) {
                            lastReported = done;
                            emit progress(done, total);
                        }
                    });
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, result, path] {
                if (m_exportThread) {
                    m_exportThread->wait();
                    delete m_exportThread;
                    m_exportThread = nullptr;
                }
                emit exportFinished(result, path);
            },
            Qt::QueuedConnection);
    });
    m_exportThread->start();
}

void ExportJob::cancelExport()
{
    if (m_exportCancel)
        m_exportCancel->store(true);
}

void ExportJob::waitForExport()
{
    if (!m_exportThread)
        return;
    m_exportThread->wait();
    delete m_exportThread;
    m_exportThread = nullptr;
}

void ExportJob::stopPreview()
{
    if (!m_previewThread)
        return;
    m_previewCancel->store(true);
    m_previewThread->wait();
    delete m_previewThread;
    m_previewThread = nullptr;
}

void ExportJob::startPreview(const ExportOptions &options, int limit, quint64 generation)
{
    stopPreview();
    m_previewCancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<std::atomic<bool>> cancel = m_previewCancel;
    const QString databasePath = m_databasePath;
    m_previewThread = QThread::create([this, options, limit, generation, cancel, databasePath] {
        Exporter::Preview preview;
        {
            Database db(databasePath, connectionName("preview"));
            if (!db.open()) {
                preview.error = db.lastError();
            } else {
                Exporter exporter(db.connection(), options);
                preview = exporter.preview(limit, cancel.get());
            }
        }
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            this, [this, preview, generation] { emit previewReady(preview, generation); },
            Qt::QueuedConnection);
    });
    m_previewThread->start();
}

QList<ExportLogEntry> ExportJob::auditLog(int limit, QString *error) const
{
    Database db(m_databasePath, connectionName("log"));
    if (!db.open()) {
        if (error)
            *error = db.lastError();
        return {};
    }
    ExportLogStore log(db.connection());
    const QList<ExportLogEntry> entries = log.latest(limit);
    if (error)
        *error = log.lastError();
    return entries;
}

} // namespace hookscope
