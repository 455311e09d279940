#include "engine.h"

#include "receive/capture_writer.h"
#include "receive/receiver.h"
#include "store/database.h"
#include "store/endpoint_store.h"

#include <QDir>
#include <QEventLoop>
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

Engine::StartError Engine::start(const ReceiverConfig &config,
                                 const std::optional<QList<EndpointRule>> &replaceRules)
{
    if (m_running)
        return StartError::None;
    m_config = config;
    if (m_config.dataDir.isEmpty())
        m_config.dataDir = defaultDataDir();
    if (!QDir().mkpath(m_config.dataDir)) {
        m_error = QStringLiteral("cannot create the data folder %1").arg(m_config.dataDir);
        return StartError::DatabaseFailed;
    }
    {
        Database db(databasePath(), QStringLiteral("hookscope-engine-migrate"));
        if (!db.open(m_config.sync) || !db.migrate()) {
            m_error = QStringLiteral("cannot open %1: %2").arg(databasePath(), db.lastError());
            return StartError::DatabaseFailed;
        }
    }
    if (replaceRules && !writeRules(*replaceRules, &m_error))
        return StartError::DatabaseFailed;

    m_receiverThread = new QThread(this);
    m_receiverThread->setObjectName(QStringLiteral("hookscope-receiver"));
    m_writer = std::make_unique<CaptureWriter>(
        databasePath(), m_config.sync, [this](QList<CaptureJobPtr> batch) {
            Receiver *receiver = m_receiver;
            QMetaObject::invokeMethod(
                receiver, [receiver, batch = std::move(batch)] { receiver->onCommitted(batch); },
                Qt::QueuedConnection);
        });
    m_receiver = new Receiver(m_config, m_writer.get());
    m_receiver->moveToThread(m_receiverThread);
    connect(m_receiverThread, &QThread::finished, m_receiver, &QObject::deleteLater);
    connect(m_receiver, &Receiver::captured, this, &Engine::requestsCaptured, Qt::QueuedConnection);
    connect(m_receiver, &Receiver::drained, this, &Engine::finishStop, Qt::QueuedConnection);

    if (!m_writer->startWriter()) {
        m_error = QStringLiteral("cannot open %1: %2").arg(databasePath(), m_writer->openError());
        m_writer.reset();
        delete m_receiver;
        m_receiver = nullptr;
        delete m_receiverThread;
        m_receiverThread = nullptr;
        return StartError::DatabaseFailed;
    }
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
        m_receiverThread->quit();
        m_receiverThread->wait();
        delete m_receiverThread;
        m_receiverThread = nullptr;
        m_receiver = nullptr;
        m_writer.reset();
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

void Engine::stop()
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    Receiver *receiver = m_receiver;
    QMetaObject::invokeMethod(
        receiver, [receiver] { receiver->shutdown(); }, Qt::QueuedConnection);
}

void Engine::finishStop()
{
    if (!m_running)
        return;
    // Everything submitted has been committed and answered; the writer's queue is empty
    // or holds requests whose answers could not be delivered, which it still commits.
    m_writer->stopWriter();
    m_receiverThread->quit();
    m_receiverThread->wait();
    delete m_receiverThread;
    m_receiverThread = nullptr;
    m_receiver = nullptr;
    m_writer.reset();
    m_running = false;
    m_stopping = false;
    emit stopped();
}

void Engine::stopAndWait()
{
    if (!m_running)
        return;
    QEventLoop loop;
    connect(this, &Engine::stopped, &loop, &QEventLoop::quit);
    stop();
    if (m_running)
        loop.exec();
}

} // namespace hookscope
