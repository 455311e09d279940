#include "receiver.h"

#include "api/management_api.h"
#include "capture_writer.h"
#include "http_response.h"
#include "live_stream.h"
#include "store/database.h"
#include "store/endpoint_store.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <chrono>

namespace hookscope {

namespace {

constexpr int SweepIntervalMs = 1000;
constexpr int DrainTimeoutMs = 10000;

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

Receiver::Receiver(const ReceiverConfig &config, CaptureWriter *writer, QObject *parent)
    : QObject(parent), m_config(config), m_writer(writer), m_sweep(this), m_drainDeadline(this)
{
    m_sweep.setInterval(SweepIntervalMs);
    connect(&m_sweep, &QTimer::timeout, this, &Receiver::sweepConnections);
    m_drainDeadline.setSingleShot(true);
    m_drainDeadline.setInterval(DrainTimeoutMs);
    connect(&m_drainDeadline, &QTimer::timeout, this, [this] {
        m_inFlight = 0; // give up on answers that cannot be delivered
        checkDrained();
    });
}

Receiver::~Receiver()
{
    // Connections reference the live stream and this handler: delete them first.
    for (HttpConnection *connection : std::as_const(m_connections))
        delete connection;
    m_connections.clear();
    m_live.reset();
}

Receiver::ListenResult Receiver::listen(QString *error)
{
    m_readDb = std::make_unique<Database>(Database::fileIn(m_config.dataDir),
                                          QStringLiteral("hookscope-receiver"));
    if (!m_readDb->open(m_config.sync)) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_readDb->path(), m_readDb->lastError());
        return ListenResult::Failed;
    }
    m_live = std::make_unique<LiveStream>(m_readDb->connection());
    reloadRules();

    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(4096);
    m_server->setListenBacklogSize(1024);
    connect(m_server, &QTcpServer::newConnection, this, &Receiver::acceptConnections);
    if (!m_server->listen(m_config.bindAddress, m_config.port)) {
        const bool inUse = m_server->serverError() == QAbstractSocket::AddressInUseError;
        *error = inUse ? QStringLiteral("port %1 is already in use on %2")
                             .arg(m_config.port)
                             .arg(m_config.bindAddress.toString())
                       : QStringLiteral("cannot listen on %1:%2: %3")
                             .arg(m_config.bindAddress.toString())
                             .arg(m_config.port)
                             .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return inUse ? ListenResult::AddressInUse : ListenResult::Failed;
    }
    m_sweep.start();
    return ListenResult::Ok;
}

quint16 Receiver::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void Receiver::reloadRules()
{
    EndpointStore store(m_readDb->connection());
    QList<EndpointRule> rules;
    for (const QJsonObject &spec : store.all()) {
        QString why;
        if (std::optional<EndpointRule> rule = EndpointRule::fromJson(spec, &why))
            rules.append(*rule);
        else
            qWarning("hookscope: skipping stored endpoint rule %lld: %s",
                     spec.value(QStringLiteral("id")).toInteger(), qUtf8Printable(why));
    }
    m_rules.setRules(rules);
}

void Receiver::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const quint64 id = m_nextConnectionId++;
        m_connections.insert(id, new HttpConnection(socket, id, m_config.maxBodyBytes, this, this));
    }
}

void Receiver::handleRequest(HttpConnection *connection, quint64 sequence, ParsedRequest &&parsed)
{
    StoredRequest &r = parsed.request;
    if (!parsed.tooLarge && r.method == "GET" && r.path == "/api/webhook") {
        ResponsePlan health;
        health.headers = {
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
        health.bodyTemplate = QByteArrayLiteral(R"({"status":"ok"})");
        answerDirect(connection, sequence, health, parsed.keepAlive && !m_stopping);
        return;
    }
    if (!parsed.tooLarge && r.method == "GET" && r.path == "/api/webhook/stream") {
        if (m_stopping) {
            answerDirect(connection, sequence,
                         ResponsePlan::error(503, QStringLiteral("Service Unavailable"),
                                             QStringLiteral("Hookscope is shutting down")),
                         false);
            return;
        }
        const QUrlQuery query(QString::fromUtf8(r.query));
        std::optional<qint64> lastEventId;
        QByteArray last = r.header("last-event-id");
        if (last.isNull())
            last = query.queryItemValue(QStringLiteral("lastEventId")).toLatin1();
        bool ok = false;
        const qint64 lastId = last.trimmed().toLongLong(&ok);
        if (ok && lastId >= 0)
            lastEventId = lastId;
        m_live->addStream(connection, query.queryItemValue(QStringLiteral("sessionId")),
                          lastEventId);
        return;
    }
    if (m_stopping) {
        answerDirect(connection, sequence,
                     ResponsePlan::error(503, QStringLiteral("Service Unavailable"),
                                         QStringLiteral("Hookscope is shutting down")),
                     false);
        return;
    }
    if (m_api && ManagementApi::handles(r.path)) {
        handleApi(connection, sequence, std::move(parsed));
        return;
    }

    auto job = std::make_shared<CaptureJob>();
    job->connectionId = connection->id();
    job->sequence = sequence;
    job->keepAlive = parsed.keepAlive;
    r.receivedUs = nowUs();
    r.remoteAddress = connection->peerAddress();
    r.remotePort = connection->peerPort();
    if (parsed.tooLarge) {
        for (const EndpointRule &rule : m_rules.rules()) {
            if (rule.matches(r.method, r.path)) {
                r.endpointId = rule.id;
                r.endpointName = rule.name;
                if (rule.signature) {
                    RuleEngine::verify(*rule.signature, r, &r.verification, &r.verificationDetail);
                }
                break;
            }
        }
        job->plan = ResponsePlan::error(
            413, QStringLiteral("Payload Too Large"),
            QStringLiteral("Request body exceeds the %1-byte limit").arg(m_config.maxBodyBytes));
        job->keepAlive = false;
    } else {
        RuleEngine::Decision decision = m_rules.decide(r);
        r.endpointId = decision.endpointId;
        r.endpointName = decision.endpointName;
        r.verification = decision.verification;
        r.verificationDetail = std::move(decision.verificationDetail);
        job->plan = std::move(decision.plan);
    }
    job->request = std::move(r);
    ++m_inFlight;
    m_writer->submit(std::move(job));
}

void Receiver::handleApi(HttpConnection *connection, quint64 sequence, ParsedRequest &&parsed)
{
    const bool keepAlive = parsed.keepAlive && !parsed.tooLarge;
    const auto send = [this, connectionId = connection->id(), sequence,
                       keepAlive](const ApiResponse &response) {
        HeaderList headers = response.headers;
        headers.prepend({QByteArrayLiteral("Content-Type"),
                         QByteArrayLiteral("application/json; charset=utf-8")});
        const bool open = keepAlive && !m_stopping;
        if (HttpConnection *target = m_connections.value(connectionId))
            target->respond(sequence,
                            HttpResponse::serialize(response.status, headers, response.body, open),
                            !open);
        m_inFlight = qMax(0, m_inFlight - 1);
        checkDrained();
    };
    ++m_inFlight;
    if (parsed.tooLarge) {
        send(ManagementApi::error(413, QStringLiteral("the request body exceeds the %1-byte limit")
                                           .arg(m_config.maxBodyBytes)));
        return;
    }
    StoredRequest &r = parsed.request;
    ApiRequest request{r.method, r.path, r.query, std::move(r.headers), std::move(r.body)};
    m_api->dispatch(request, this, send);
}

void Receiver::onCommitted(const QList<CaptureJobPtr> &batch)
{
    QList<const StoredRequest *> stored;
    QList<CaptureSummary> summaries;
    stored.reserve(batch.size());
    summaries.reserve(batch.size());
    for (const CaptureJobPtr &job : batch) {
        answer(job);
        if (!job->stored)
            continue;
        const StoredRequest &r = job->request;
        stored.append(&r);
        summaries.append({r.id, r.receivedUs, r.method, r.path, r.query, r.responseStatus,
                          r.bodySize, r.verification});
    }
    if (m_live)
        m_live->publish(stored);
    if (!summaries.isEmpty())
        emit captured(summaries);
}

void Receiver::answer(const CaptureJobPtr &job)
{
    const StoredRequest &r = job->request;
    const bool keepAlive = job->keepAlive && !m_stopping;
    const bool head = r.method == "HEAD";
    QByteArray bytes;
    if (job->stored) {
        bytes = HttpResponse::serialize(job->plan.status, job->plan.headers, r.responseBody,
                                        keepAlive, head);
    } else {
        const ResponsePlan failure =
            ResponsePlan::error(500, QStringLiteral("Internal Server Error"),
                                QStringLiteral("Could not store the request: ") + job->error);
        bytes = HttpResponse::serialize(500, failure.headers, failure.bodyTemplate, false, head);
    }
    const bool close = !keepAlive || !job->stored;
    const auto deliver = [this, connectionId = job->connectionId, sequence = job->sequence, bytes,
                          close] {
        if (HttpConnection *connection = m_connections.value(connectionId))
            connection->respond(sequence, bytes, close);
        m_inFlight = qMax(0, m_inFlight - 1);
        checkDrained();
    };
    if (job->stored && job->plan.delayMs > 0)
        QTimer::singleShot(job->plan.delayMs, this, deliver);
    else
        deliver();
}

void Receiver::answerDirect(HttpConnection *connection, quint64 sequence, const ResponsePlan &plan,
                            bool keepAlive, bool head)
{
    connection->respond(
        sequence,
        HttpResponse::serialize(plan.status, plan.headers, plan.bodyTemplate, keepAlive, head),
        !keepAlive);
}

void Receiver::handleDrained(HttpConnection *connection)
{
    if (m_live)
        m_live->resume(connection);
}

void Receiver::handleClosed(HttpConnection *connection)
{
    m_connections.remove(connection->id());
    if (m_live)
        m_live->removeStream(connection);
    checkDrained();
}

void Receiver::sweepConnections()
{
    static const ResponsePlan timeout =
        ResponsePlan::error(408, QStringLiteral("Request Timeout"),
                            QStringLiteral("The request did not complete in time"));
    const QList<HttpConnection *> connections = m_connections.values();
    for (HttpConnection *connection : connections) {
        if (connection->isStreaming())
            continue;
        const qint64 quiet = connection->msSinceActivity();
        if (connection->isReceivingRequest() && !connection->hasPendingResponses() &&
            quiet > m_config.requestTimeoutMs) {
            connection->abortRequest(
                HttpResponse::serialize(408, timeout.headers, timeout.bodyTemplate, false));
        } else if (connection->isIdle() && quiet > m_config.idleTimeoutMs) {
            connection->close();
        }
    }
}

void Receiver::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_server)
        m_server->close();
    const QList<HttpConnection *> connections = m_connections.values();
    for (HttpConnection *connection : connections) {
        if (connection->isIdle())
            connection->close();
    }
    m_drainDeadline.start();
    checkDrained();
}

void Receiver::checkDrained()
{
    if (!m_stopping || m_drained || m_inFlight > 0)
        return;
    m_drained = true;
    m_drainDeadline.stop();
    m_sweep.stop();
    const QList<HttpConnection *> connections = m_connections.values();
    for (HttpConnection *connection : connections)
        connection->close();
    emit drained();
}

} // namespace hookscope
