#pragma once

#include "capture_job.h"
#include "store/database.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <functional>

namespace hookscope {

// The one thread that inserts captured requests, with its own connection. Group commit:
// it takes everything queued since the last commit (up to MaxBatch) into one transaction,
// so a burst costs one COMMIT, and hands the committed batch to onCommitted (called on
// this thread; the receiver posts it back to its own). Full-text indexing runs here too,
// behind capture: in large chunks once capture has paused for IdleAfterMs, in small ones at
// most every IndexIntervalMs under load, so it never costs capture its throughput.
class CaptureWriter : public QThread
{
    Q_OBJECT

public:
    using Callback = std::function<void(QList<CaptureJobPtr> batch)>;
    // Other writes to the requests table (delete, clear, prune) run here too, between
    // capture batches, so they never contend with capture for SQLite's write lock.
    using Task = std::function<void(Database &db)>;
    static constexpr int MaxBatch = 512;
    static constexpr int IdleIndexChunk = 256;
    static constexpr int BusyIndexChunk = 32;
    static constexpr qint64 IndexIntervalMs = 100;
    static constexpr qint64 IdleAfterMs = 200; // no capture for this long: index in bulk

    CaptureWriter(const QString &databasePath, Database::Sync sync, Callback onCommitted,
                  QObject *parent = nullptr);
    ~CaptureWriter() override;

    // Starts the thread and waits until its connection is open; false with openError().
    bool startWriter();
    QString openError() const { return m_openError; }

    void submit(CaptureJobPtr job);
    void submitTask(Task task);
    // Commits what is queued, then ends the thread.
    void stopWriter();

    quint64 batchesCommitted() const { return m_batches; }

protected:
    void run() override;

private:
    void writeBatch(class RequestStore &store, Database &db, QList<CaptureJobPtr> &batch);
    qint64 nextFreeId(Database &db);
    bool indexBacklog() const { return !m_indexFailed && m_indexedUpto < m_nextId - 1; }
    void indexChunk(class RequestStore &store, Database &db, int limit);

    QString m_path;
    Database::Sync m_sync;
    Callback m_onCommitted;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_opened;
    QList<CaptureJobPtr> m_queue;
    QList<Task> m_tasks;
    bool m_stopping = false;
    bool m_ready = false;
    QString m_openError;
    qint64 m_nextId = 0;
    qint64 m_indexedUpto = 0;
    bool m_indexFailed = false;
    quint64 m_batches = 0;
};

} // namespace hookscope
