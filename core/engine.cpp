#include "engine.h"

#include "api/api_token.h"
#include "api/management_api.h"
#include "deliver/delivery_worker.h"
#include "deliver/outbox_service.h"
#include "receive/capture_writer.h"
#include "receive/receiver.h"
#include "store/database.h"
#include "store/endpoint_store.h"
#include "store/request_store.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QPointer>
#include <QStandardPaths>
#include <QThread>

namespace hookscope {

Engine::Engine(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<hookscope::CaptureSummary>();
    qRegisterMetaType<QList<hookscope::CaptureSummary>>();
}

Engine::~Engine()
{
    stopAndWait();
}

QString Engine::defaultDataDir()
{
    const QString fromEnv = qEnvironmentVariable("HOOKSCOPE_DATA_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString Engine::databasePath() const
{
    return Database::fileIn(m_config.dataDir);
}

QUrl Engine::receiverUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.bindAddress.toString());
    url.setPort(m_port);
    return url;
}

bool Engine::writeRules(const QList<EndpointRule> &rules, QString *error)
{
    Database db(databasePath(), QStringLiteral("hookscope-engine-rules"));
    if (!db.open(m_config.sync) || !db.migrate()) {
        *error = db.lastError();
        return false;
    }
    QList<QJsonObject> specs;
    for (const EndpointRule &rule : rules)
        specs.append(rule.toJson());
    EndpointStore store(db.connection());
    if (!store.replaceAll(specs)) {
        *error = store.lastError();
        return false;
    }
    return true;
}

bool Engine::open(const QString &dataDir, Database::Sync sync)
{
    if (m_writer)
        return true;
    m_config.dataDir = dataDir.isEmpty() ? defaultDataDir() : dataDir;
    m_config.sync = sync;
    if (!QDir().mkpath(m_config.dataDir)) {
        m_error = QStringLiteral("cannot create the data folder %1").arg(m_config.dataDir);
        return false;
    }
    {
        Database db(databasePath(), QStringLiteral("hookscope-engine-migrate"));
        if (!db.open(m_config.sync) || !db.migrate()) {
            m_error = QStringLiteral("cannot open %1: %2").arg(databasePath(), db.lastError());
            return false;
        }
    }
    m_writer = std::make_unique<CaptureWriter>(
        databasePath(), m_config.sync, [this](QList<CaptureJobPtr> batch) {
            // Batches come only from a listening receiver, which outlives its last batch.
            Receiver *receiver = m_liveReceiver.load();
            if (!receiver)
                return;
            QMetaObject::invokeMethod(
                receiver, [receiver, batch = std::move(batch)] { receiver->onCommitted(batch); },
                Qt::QueuedConnection);
        });
    if (!m_writer->startWriter()) {
        m_error = QStringLiteral("cannot open %1: %2").arg(databasePath(), m_writer->openError());
        m_writer.reset();
        return false;
    }
    if (!openOutbox()) {
        closeStore();
        return false;
    }
    return true;
}

bool Engine::openOutbox()
{
    QString error;
    m_apiToken = ApiToken::loadOrCreate(m_config.dataDir, &error);
    if (m_apiToken.isEmpty()) {
        m_error = QStringLiteral("the management API token: %1").arg(error);
        return false;
    }
    m_deliveryThread = new QThread(this);
    m_deliveryThread->setObjectName(QStringLiteral("hookscope-delivery"));
    m_outbox = new OutboxService;
    m_outbox->moveToThread(m_deliveryThread);
    m_api = new ManagementApi(m_outbox, m_apiToken, m_config.dataDir);
    m_api->moveToThread(m_deliveryThread);
    connect(m_deliveryThread, &QThread::finished, m_api, &QObject::deleteLater);
    connect(m_outbox, &OutboxService::changed, this, &Engine::outboxChanged, Qt::QueuedConnection);
    m_deliveryThread->start();
    bool ok = false;
    OutboxService *outbox = m_outbox;
    const QString dataDir = m_config.dataDir;
    const Database::Sync sync = m_config.sync;
    QMetaObject::invokeMethod(
        outbox,
        [&] {
            ok = outbox->open(dataDir, sync, &error);
            if (ok)
                outbox->worker()->setConcurrency(m_deliveryConcurrency);
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        m_error = QStringLiteral("cannot open the outbox: %1").arg(error);
        closeOutbox();
        return false;
    }
    connect(outbox->worker(), &DeliveryWorker::subscriptionDisabled, this,
            &Engine::subscriptionDisabled, Qt::QueuedConnection);
    connect(outbox->worker(), &DeliveryWorker::deliveryFailed, this, &Engine::deliveryFailed,
            Qt::QueuedConnection);
    return true;
}

void Engine::closeOutbox()
{
    if (!m_deliveryThread)
        return;
    OutboxService *outbox = m_outbox;
    // The service closes on its own thread: its connection and network managers live there.
    QMetaObject::invokeMethod(
        outbox,
        [outbox] {
            outbox->close();
            delete outbox;
        },
        Qt::BlockingQueuedConnection);
    m_outbox = nullptr;
    m_deliveryThread->quit();
    m_deliveryThread->wait();
    delete m_deliveryThread;
    m_deliveryThread = nullptr;
    m_api = nullptr;
}

void Engine::setDeliveryConcurrency(int concurrency)
{
    m_deliveryConcurrency = concurrency;
    if (OutboxService *outbox = m_outbox) {
        QMetaObject::invokeMethod(
            outbox, [outbox, concurrency] { outbox->worker()->setConcurrency(concurrency); },
            Qt::QueuedConnection);
    }
}

Engine::StartError Engine::start(const ReceiverConfig &config,
                                 const std::optional<QList<EndpointRule>> &replaceRules)
{
    if (!open(config.dataDir, config.sync))
        return StartError::DatabaseFailed;
    if (replaceRules && !writeRules(*replaceRules, &m_error))
        return StartError::DatabaseFailed;
    return startReceiver(config);
}

Engine::StartError Engine::startReceiver(const ReceiverConfig &config)
{
    if (m_running)
        return StartError::None;
    if (!open(config.dataDir, config.sync))
        return StartError::DatabaseFailed;
    const QString dataDir = m_config.dataDir;
    const Database::Sync sync = m_config.sync;
    m_config = config;
    m_config.dataDir = dataDir;
    m_config.sync = sync;

    m_receiverThread = new QThread(this);
    m_receiverThread->setObjectName(QStringLiteral("hookscope-receiver"));
    m_receiver = new Receiver(m_config, m_writer.get());
    m_receiver->setManagementApi(m_api);
    m_receiver->moveToThread(m_receiverThread);
    connect(m_receiverThread, &QThread::finished, m_receiver, &QObject::deleteLater);
    connect(m_receiver, &Receiver::captured, this, &Engine::requestsCaptured, Qt::QueuedConnection);
    connect(m_receiver, &Receiver::drained, this, &Engine::finishReceiverStop,
            Qt::QueuedConnection);
    m_liveReceiver.store(m_receiver);
    m_receiverThread->start();

    Receiver::ListenResult result = Receiver::ListenResult::Failed;
    QString error;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_receiver,
        [&] {
            result = m_receiver->listen(&error);
            port = m_receiver->port();
        },
        Qt::BlockingQueuedConnection);
    if (result != Receiver::ListenResult::Ok) {
        m_error = error;
        m_liveReceiver.store(nullptr);
        m_receiverThread->quit();
        m_receiverThread->wait();
        delete m_receiverThread;
        m_receiverThread = nullptr;
        m_receiver = nullptr;
        return result == Receiver::ListenResult::AddressInUse ? StartError::AddressInUse
                                                              : StartError::ListenFailed;
    }
    m_port = port;
    m_running = true;
    return StartError::None;
}

bool Engine::setRules(const QList<EndpointRule> &rules, QString *error)
{
    if (!writeRules(rules, error))
        return false;
    if (m_receiver) {
        Receiver *receiver = m_receiver;
        QMetaObject::invokeMethod(
            receiver, [receiver] { receiver->reloadRules(); }, Qt::QueuedConnection);
    }
    return true;
}

void Engine::deleteRequests(const QList<qint64> &ids)
{
    if (!m_writer || ids.isEmpty())
        return;
    QPointer<Engine> self(this);
    m_writer->submitTask([self, ids](Database &db) {
        RequestStore store(db.connection());
        QList<qint64> deleted;
        const bool ok = db.connection().transaction() && store.remove(ids, &deleted) &&
                        db.connection().commit();
        const QString error = ok ? QString() : store.lastError();
        if (!ok)
            db.connection().rollback();
        QMetaObject::invokeMethod(self, [self, ok, deleted, error] {
            if (!self)
                return;
            if (ok)
                emit self->requestsDeleted(deleted);
            else
                emit self->writeFailed(QStringLiteral("deleting requests failed: %1").arg(error));
        });
    });
}

void Engine::clearRequests()
{
    if (!m_writer)
        return;
    QPointer<Engine> self(this);
    m_writer->submitTask([self](Database &db) {
        RequestStore store(db.connection());
        const bool ok =
            db.connection().transaction() && store.removeAll() && db.connection().commit();
        const QString error = ok ? QString() : store.lastError();
        if (!ok)
            db.connection().rollback();
        QMetaObject::invokeMethod(self, [self, ok, error] {
            if (!self)
                return;
            if (ok)
                emit self->requestsCleared();
            else
                emit self->writeFailed(QStringLiteral("clearing requests failed: %1").arg(error));
        });
    });
}

void Engine::pruneRequests(qint64 keepCount, int keepDays)
{
    if (keepCount <= 0 && keepDays <= 0)
        return;
    const qint64 beforeUs =
        keepDays > 0 ? (QDateTime::currentMSecsSinceEpoch() - qint64(keepDays) * 86400000) * 1000
                     : 0;
    pruneStep(keepCount, beforeUs);
}

void Engine::pruneStep(qint64 keepCount, qint64 beforeUs)
{
    if (!m_writer)
        return;
    QPointer<Engine> self(this);
    m_writer->submitTask([self, keepCount, beforeUs](Database &db) {
        // Small transactions: capture batches get the write lock between them.
        constexpr int Chunk = 500;
        RequestStore store(db.connection());
        QList<qint64> deleted;
        const bool ok = db.connection().transaction() &&
                        store.pruneOldest(keepCount, beforeUs, Chunk, &deleted) &&
                        db.connection().commit();
        const QString error = ok ? QString() : store.lastError();
        if (!ok)
            db.connection().rollback();
        QMetaObject::invokeMethod(self, [self, ok, deleted, error, keepCount, beforeUs] {
            if (!self)
                return;
            if (!ok) {
                emit self->writeFailed(
                    QStringLiteral("pruning old requests failed: %1").arg(error));
                return;
            }
            if (deleted.isEmpty())
                return;
            emit self->requestsDeleted(deleted);
            if (deleted.size() >= Chunk)
                self->pruneStep(keepCount, beforeUs);
        });
    });
}

std::optional<QList<EndpointRule>> Engine::rules(QString *error) const
{
    if (m_config.dataDir.isEmpty()) {
        *error = QStringLiteral("the engine has not been started");
        return std::nullopt;
    }
    Database db(databasePath(), QStringLiteral("hookscope-engine-rules-read"));
    if (!db.open(m_config.sync)) {
        *error = db.lastError();
        return std::nullopt;
    }
    EndpointStore store(db.connection());
    const QList<QJsonObject> specs = store.all();
    if (!store.lastError().isEmpty()) {
        *error = store.lastError();
        return std::nullopt;
    }
    QList<EndpointRule> rules;
    for (const QJsonObject &spec : specs) {
        QString why;
        if (std::optional<EndpointRule> rule = EndpointRule::fromJson(spec, &why))
            rules.append(*rule);
        else
            qWarning("hookscope: skipping stored endpoint rule %lld: %s",
                     spec.value(QStringLiteral("id")).toInteger(), qUtf8Printable(why));
    }
    return rules;
}

void Engine::stopReceiver()
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    Receiver *receiver = m_receiver;
    QMetaObject::invokeMethod(
        receiver, [receiver] { receiver->shutdown(); }, Qt::QueuedConnection);
}

void Engine::stop()
{
    if (m_running) {
        m_closeAfterStop = true;
        stopReceiver();
        return;
    }
    if (m_writer) {
        closeStore();
        emit stopped();
    }
}

void Engine::finishReceiverStop()
{
    if (!m_running)
        return;
    // Everything submitted has been committed and answered.
    m_receiverThread->quit();
    m_receiverThread->wait();
    delete m_receiverThread;
    m_receiverThread = nullptr;
    m_receiver = nullptr;
    m_liveReceiver.store(nullptr);
    m_running = false;
    m_stopping = false;
    emit receiverStopped();
    if (m_closeAfterStop) {
        m_closeAfterStop = false;
        closeStore();
        emit stopped();
    }
}

void Engine::closeStore()
{
    closeOutbox();
    // Commits what is still queued (requests whose answers could not be delivered too).
    if (m_writer)
        m_writer->stopWriter();
    m_writer.reset();
}

void Engine::stopAndWait()
{
    if (m_running) {
        QEventLoop loop;
        connect(this, &Engine::stopped, &loop, &QEventLoop::quit);
        stop();
        if (m_running || m_writer)
            loop.exec();
    } else {
        stop();
    }
}

} // namespace hookscope
