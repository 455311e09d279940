#include "request_id_loader.h"

#include "store/database.h"
#include "store/request_browser.h"

#include <QMutex>
#include <memory>

namespace hookscope {

// Lives on the loader's thread, where its connection was opened (Qt requires that).
class RequestIdLoader::Worker : public QObject
{
public:
    Worker(const QString &path, std::atomic<quint64> *latest) : m_path(path), m_latest(latest) {}

    void run(quint64 generation, const RequestFilter &filter, qint64 maxId, RequestIdLoader *owner)
    {
        if (generation != m_latest->load())
            return; // a newer load is queued behind this one
        if (!m_browser && !open(owner, generation))
            return;
        QList<qint64> ids;
        {
            QMutexLocker lock(&m_runningMutex);
            m_running = generation;
        }
        bool ok = m_browser->ids(filter, &ids, 0, 0, maxId);
        // An interrupt meant for an older load can land on this one: run it again.
        if (!ok && generation == m_latest->load())
            ok = m_browser->ids(filter, &ids, 0, 0, maxId);
        {
            QMutexLocker lock(&m_runningMutex);
            m_running = 0;
        }
        if (generation != m_latest->load())
            return;
        const QString error = ok ? QString() : m_browser->lastError();
        QMetaObject::invokeMethod(owner, [owner, generation, ids = std::move(ids), error] {
            emit owner->loaded(generation, ids, error);
        });
    }

    // Called on the GUI thread: stops the running query if it is older than `generation`.
    void interruptOlderThan(quint64 generation)
    {
        QMutexLocker lock(&m_runningMutex);
        if (m_running && m_running < generation && m_interrupt)
            m_interrupt();
    }

    void close()
    {
        {
            QMutexLocker lock(&m_runningMutex);
            m_interrupt = nullptr;
        }
        m_browser.reset();
        m_db.reset();
    }

private:
    bool open(RequestIdLoader *owner, quint64 generation)
    {
        m_db = std::make_unique<Database>(
            m_path, QStringLiteral("hookscope-id-loader-%1").arg(quintptr(this), 0, 16));
        if (!m_db->open()) {
            const QString error = m_db->lastError();
            m_db.reset();
            QMetaObject::invokeMethod(
                owner, [owner, generation, error] { emit owner->loaded(generation, {}, error); });
            return false;
        }
        m_browser = std::make_unique<RequestBrowser>(m_db->connection());
        QMutexLocker lock(&m_runningMutex);
        m_interrupt = m_browser->interrupter();
        return true;
    }

    QString m_path;
    std::atomic<quint64> *m_latest;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestBrowser> m_browser;
    QMutex m_runningMutex;
    quint64 m_running = 0;
    std::function<void()> m_interrupt;
};

RequestIdLoader::RequestIdLoader(const QString &databasePath, QObject *parent)
    : QObject(parent), m_worker(new Worker(databasePath, &m_latest))
{
    m_thread.setObjectName(QStringLiteral("hookscope-id-loader"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

RequestIdLoader::~RequestIdLoader()
{
    m_latest = ~quint64(0);
    m_worker->interruptOlderThan(~quint64(0));
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); });
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

void RequestIdLoader::load(quint64 generation, const RequestFilter &filter, qint64 maxId)
{
    m_latest = generation;
    m_worker->interruptOlderThan(generation);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, generation, filter, maxId, this] {
        worker->run(generation, filter, maxId, this);
    });
}

} // namespace hookscope
