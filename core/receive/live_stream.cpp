#include "live_stream.h"

#include "http_connection.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace hookscope {

namespace {

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

} // namespace

LiveStream::LiveStream(const QSqlDatabase &readConnection, QObject *parent)
    : QObject(parent), m_store(readConnection), m_heartbeat(this)
{
    m_heartbeat.setInterval(HeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &LiveStream::heartbeat);
}

QByteArray LiveStream::formatEvent(const StoredRequest &r)
{
    QJsonObject headers;
    for (const HeaderField &h : r.headers) {
        const QString name = QString::fromLatin1(h.name);
        const QString value = QString::fromUtf8(h.value);
        const QJsonValue existing = headers.value(name);
        headers.insert(
            name, existing.isString() ? existing.toString() + QStringLiteral(", ") + value : value);
    }
    const qint64 ms = r.receivedUs / 1000;
    QJsonObject event{
        {QStringLiteral("type"), QStringLiteral("webhook_message")},
        {QStringLiteral("id"), QString::number(r.id)},
        {QStringLiteral("timestamp"), ms},
        {QStringLiteral("receivedAt"),
         QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("method"), QString::fromLatin1(r.method)},
        {QStringLiteral("path"), QString::fromUtf8(r.path)},
        {QStringLiteral("query"), QString::fromUtf8(r.query)},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("status"), r.responseStatus},
        {QStringLiteral("size"), r.bodySize},
    };
    if (isUtf8(r.body)) {
        event.insert(QStringLiteral("body"), QString::fromUtf8(r.body));
        event.insert(QStringLiteral("bodyEncoding"), QStringLiteral("utf-8"));
    } else {
        event.insert(QStringLiteral("body"), QString::fromLatin1(r.body.toBase64()));
        event.insert(QStringLiteral("bodyEncoding"), QStringLiteral("base64"));
    }
    if (r.truncated)
        event.insert(QStringLiteral("truncated"), true);
    if (!r.sessionId.isEmpty())
        event.insert(QStringLiteral("sessionId"), r.sessionId);
    if (!r.eventType.isEmpty())
        event.insert(QStringLiteral("eventType"), r.eventType);
    // seed 002's chat relay reads "message" from the event
    if (r.body.contains("\"message\"")) {
        const QJsonValue message =
            QJsonDocument::fromJson(r.body).object().value(QStringLiteral("message"));
        if (message.isString())
            event.insert(QStringLiteral("message"), message);
    }
    return "id: " + QByteArray::number(r.id) +
           "\ndata: " + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n";
}

void LiveStream::addStream(HttpConnection *connection, const QString &sessionId,
                           std::optional<qint64> lastEventId)
{
    Stream stream;
    stream.connection = connection;
    stream.sessionId = sessionId;
    const QJsonObject connected{
        {QStringLiteral("type"), QStringLiteral("connected")},
        {QStringLiteral("timestamp"), QDateTime::currentMSecsSinceEpoch()},
    };
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-cache\r\n"
                      "X-Accel-Buffering: no\r\n"
                      "Connection: keep-alive\r\n\r\n"
                      "retry: 2000\n";
    if (!sessionId.isEmpty()) {
        QJsonObject withSession = connected;
        withSession.insert(QStringLiteral("sessionId"), sessionId);
        head += "data: " + QJsonDocument(withSession).toJson(QJsonDocument::Compact) + "\n\n";
    } else {
        head += "data: " + QJsonDocument(connected).toJson(QJsonDocument::Compact) + "\n\n";
    }
    connection->startEventStream(head);

    if (lastEventId) {
        stream.lastSentId = *lastEventId;
    } else {
        // Replay the last ReplayCount; the cursor starts just before the oldest of them.
        const QList<StoredRequest> recent = m_store.latest(ReplayCount, sessionId);
        stream.lastSentId = recent.isEmpty() ? m_store.maxId() : recent.first().id - 1;
    }
    stream.lagging = true;
    auto it = m_streams.insert(connection, stream);
    catchUp(it.value());
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void LiveStream::removeStream(HttpConnection *connection)
{
    m_streams.remove(connection);
    if (m_streams.isEmpty())
        m_heartbeat.stop();
}

void LiveStream::resume(HttpConnection *connection)
{
    auto it = m_streams.find(connection);
    if (it != m_streams.end() && it->lagging)
        catchUp(it.value());
}

void LiveStream::catchUp(Stream &stream)
{
    while (stream.connection &&
           stream.connection->bytesToWrite() < HttpConnection::StreamHighWater) {
        const QList<StoredRequest> page =
            m_store.after(stream.lastSentId, PageSize, stream.sessionId);
        QByteArray out;
        for (const StoredRequest &r : page) {
            out += formatEvent(r);
            stream.lastSentId = r.id;
        }
        if (!out.isEmpty())
            stream.connection->send(out);
        if (page.size() < PageSize) {
            stream.lagging = false;
            return;
        }
    }
}

void LiveStream::publish(const QList<const StoredRequest *> &requests)
{
    if (m_streams.isEmpty() || requests.isEmpty())
        return;
    QHash<qint64, QByteArray> formatted; // each event formatted once for all streams
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        Stream &stream = it.value();
        if (stream.lagging || !stream.connection)
            continue;
        if (stream.connection->bytesToWrite() >= HttpConnection::StreamHighWater) {
            stream.lagging = true;
            continue;
        }
        QByteArray out;
        for (const StoredRequest *r : requests) {
            if (r->id <= stream.lastSentId)
                continue;
            if (!stream.sessionId.isEmpty() && r->sessionId != stream.sessionId)
                continue;
            auto cached = formatted.find(r->id);
            if (cached == formatted.end())
                cached = formatted.insert(r->id, formatEvent(*r));
            out += cached.value();
        }
        stream.lastSentId = qMax(stream.lastSentId, requests.last()->id);
        if (!out.isEmpty())
            stream.connection->send(out);
    }
}

void LiveStream::heartbeat()
{
    for (const Stream &stream : std::as_const(m_streams)) {
        if (stream.connection &&
            stream.connection->bytesToWrite() < HttpConnection::StreamHighWater)
            stream.connection->send(": heartbeat\n\n");
    }
}

} // namespace hookscope
