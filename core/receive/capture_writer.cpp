#include "capture_writer.h"

#include "envelope_fields.h"
#include "response_template.h"
#include "store/request_store.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace hookscope {

CaptureWriter::CaptureWriter(const QString &databasePath, Database::Sync sync, Callback onCommitted,
                             QObject *parent)
    : QThread(parent), m_path(databasePath), m_sync(sync), m_onCommitted(std::move(onCommitted))
{
    setObjectName(QStringLiteral("hookscope-capture-writer"));
}

CaptureWriter::~CaptureWriter()
{
    stopWriter();
}

bool CaptureWriter::startWriter()
{
    QMutexLocker lock(&m_mutex);
    start();
    while (!m_ready && m_openError.isEmpty())
        m_opened.wait(&m_mutex);
    return m_ready;
}

void CaptureWriter::submit(CaptureJobPtr job)
{
    QMutexLocker lock(&m_mutex);
    m_queue.append(std::move(job));
    if (m_queue.size() == 1)
        m_wake.wakeOne();
}

void CaptureWriter::submitTask(Task task)
{
    QMutexLocker lock(&m_mutex);
    m_tasks.append(std::move(task));
    m_wake.wakeOne();
}

void CaptureWriter::stopWriter()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }
    if (isRunning())
        wait();
}

qint64 CaptureWriter::nextFreeId(Database &db)
{
    // The writer hands out ids itself so the response body (which carries the id) is
    // rendered before the row is written: one INSERT per request. sqlite_sequence keeps
    // the high-water mark, so ids are never reused after deletes.
    QSqlQuery q(db.connection());
    q.exec(QStringLiteral("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE "
                          "name = 'requests'), 0), coalesce((SELECT max(id) FROM requests), 0))"));
    return q.next() ? q.value(0).toLongLong() + 1 : 1;
}

void CaptureWriter::run()
{
    Database db(m_path, QStringLiteral("hookscope-capture-writer"));
    {
        QMutexLocker lock(&m_mutex);
        if (!db.open(m_sync)) {
            m_openError = db.lastError();
            m_opened.wakeAll();
            return;
        }
        m_nextId = nextFreeId(db);
        m_ready = true;
        m_opened.wakeAll();
    }
    RequestStore store(db.connection());
    m_indexedUpto = store.indexedUpto();
    m_indexFailed = m_indexedUpto < 0;
    QElapsedTimer sinceIndex;
    sinceIndex.start();
    QElapsedTimer sinceCapture;
    sinceCapture.start();
    QList<CaptureJobPtr> batch;
    for (;;) {
        Task task;
        {
            QMutexLocker lock(&m_mutex);
            // With indexing to do, sleep only until it is due: IdleAfterMs after the last
            // capture (then in large chunks), or IndexIntervalMs after the last chunk.
            while (m_queue.isEmpty() && m_tasks.isEmpty() && !m_stopping) {
                if (!indexBacklog()) {
                    m_wake.wait(&m_mutex);
                    continue;
                }
                const qint64 due = qMin(IdleAfterMs - sinceCapture.elapsed(),
                                        IndexIntervalMs - sinceIndex.elapsed());
                if (due <= 0)
                    break;
                m_wake.wait(&m_mutex, QDeadlineTimer(due));
            }
            if (m_stopping && m_queue.isEmpty() && m_tasks.isEmpty())
                break;
            if (m_queue.size() <= MaxBatch) {
                batch.swap(m_queue);
            } else {
                batch = m_queue.mid(0, MaxBatch);
                m_queue.remove(0, MaxBatch);
            }
            // One task per round: capture goes first, a long prune is cut into tasks.
            if (!m_tasks.isEmpty())
                task = m_tasks.takeFirst();
        }
        if (!batch.isEmpty()) {
            writeBatch(store, db, batch);
            m_onCommitted(std::move(batch));
            batch = {};
            sinceCapture.restart();
        }
        if (task)
            task(db);
        if (indexBacklog()) {
            const bool idle = sinceCapture.elapsed() >= IdleAfterMs;
            if (idle || sinceIndex.elapsed() >= IndexIntervalMs) {
                indexChunk(store, db, idle ? IdleIndexChunk : BusyIndexChunk);
                sinceIndex.restart();
            }
        }
    }
}

void CaptureWriter::indexChunk(RequestStore &store, Database &db, int limit)
{
    QSqlDatabase &connection = db.connection();
    const qint64 before = m_indexedUpto;
    qint64 upto = -1;
    if (connection.transaction()) {
        upto = store.indexPending(limit);
        if (upto < 0 || !connection.commit()) {
            connection.rollback();
            upto = -1;
        }
    }
    if (upto < 0) {
        // Search still covers unindexed rows by scanning; indexing waits for a restart.
        qWarning("hookscope: full-text indexing stopped: %s", qPrintable(store.lastError()));
        m_indexFailed = true;
        return;
    }
    // Nothing left above the mark (the rest was deleted): up to date.
    m_indexedUpto = upto == before ? m_nextId - 1 : upto;
}

void CaptureWriter::writeBatch(RequestStore &store, Database &db, QList<CaptureJobPtr> &batch)
{
    QSqlDatabase &connection = db.connection();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (!connection.transaction()) {
        const QString error = connection.lastError().text();
        for (const CaptureJobPtr &job : batch)
            job->error = error;
        return;
    }
    for (const CaptureJobPtr &job : batch) {
        StoredRequest &r = job->request;
        const EnvelopeFields envelope = EnvelopeFields::scan(r.body);
        r.sessionId = envelope.sessionId;
        r.eventType = envelope.eventType.isEmpty() ? EnvelopeFields::eventTypeFromHeaders(r.headers)
                                                   : envelope.eventType;
        r.id = m_nextId;
        r.responseStatus = job->plan.status;
        r.responseBody =
            ResponseTemplate::render(job->plan.bodyTemplate, r, nowMs, job->plan.jsonBody);
        if (store.insert(r)) {
            ++m_nextId;
            job->stored = true;
        } else {
            job->error = store.lastError();
            m_nextId = qMax(m_nextId + 1, nextFreeId(db));
        }
    }
    if (!connection.commit()) {
        const QString error = connection.lastError().text();
        connection.rollback();
        for (const CaptureJobPtr &job : batch) {
            job->stored = false;
            job->error = error;
        }
        m_nextId = nextFreeId(db);
        return;
    }
    ++m_batches;
}

} // namespace hookscope
