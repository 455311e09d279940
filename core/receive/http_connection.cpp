#include "http_connection.h"

#include "http_response.h"
#include "response_plan.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

namespace hookscope {

namespace {

constexpr size_t MaxPipelined = 64;       // slots before we stop reading
constexpr qint64 MaxDiscard = 64ll << 20; // drain at most this much of a rejected body
constexpr int LingerMs = 3000;

QString plainAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, quint64 id, qint64 maxBodyBytes,
                               HttpConnectionHandler *handler, QObject *parent)
    : QObject(parent), m_socket(socket), m_id(id), m_handler(handler), m_parser(maxBodyBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(256 * 1024);
    m_peerAddress = plainAddress(m_socket->peerAddress());
    m_peerPort = m_socket->peerPort();
    m_activity.start();
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError ||
            m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

HttpConnection::~HttpConnection() = default;

qint64 HttpConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

bool HttpConnection::isIdle() const
{
    return m_slots.empty() && !m_parser.inMessage() && !m_streaming;
}

void HttpConnection::onReadyRead()
{
    if (m_closed)
        return;
    m_activity.restart();
    if (m_streaming) {
        m_socket->readAll(); // an event stream is one-way
        return;
    }
    if (m_discardBudget > 0 || m_closing) {
        const QByteArray dropped = m_socket->read(qMax<qint64>(m_discardBudget, 64 * 1024));
        m_discardBudget = qMax<qint64>(0, m_discardBudget - dropped.size());
        finishIfClosing();
        return;
    }
    while (m_socket->bytesAvailable() > 0 && m_slots.size() < MaxPipelined && !m_closing) {
        const QByteArray data = m_socket->read(64 * 1024);
        const bool ok = m_parser.feed(data, m_parsed);
        for (ParsedRequest &request : m_parsed) {
            const quint64 sequence = m_nextSequence++;
            m_slots.push_back({sequence, {}, false, false});
            if (!request.keepAlive)
                m_closing = true;
            m_handler->handleRequest(this, sequence, std::move(request));
            if (m_closed)
                return;
        }
        m_parsed.clear();
        if (!ok) {
            protocolError();
            return;
        }
        if (m_parser.wantsContinue() && m_slots.empty()) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_parser.continueSent();
        }
    }
}

void HttpConnection::protocolError()
{
    m_closing = true;
    if (m_parser.errorStatus() == 413) {
        // The over-limit request itself was handed over (stored, answered 413); read and
        // drop what the client still sends so it sees the answer instead of a reset.
        m_discardBudget =
            m_parser.bodyWithheld()
                ? 0
                : qint64(qMin<quint64>(m_parser.remainingContentLength(), MaxDiscard));
        QTimer::singleShot(LingerMs, this, [this] {
            m_discardBudget = 0;
            finishIfClosing();
        });
        onReadyRead();
        return;
    }
    const int status = m_parser.errorStatus();
    const ResponsePlan plan =
        ResponsePlan::error(status, QString::fromLatin1(HttpResponse::reasonPhrase(status)),
                            QStringLiteral("Malformed HTTP request: ") + m_parser.errorText());
    const quint64 sequence = m_nextSequence++;
    m_slots.push_back({sequence, {}, false, false});
    respond(sequence, HttpResponse::serialize(status, plan.headers, plan.bodyTemplate, false),
            true);
}

void HttpConnection::respond(quint64 sequence, const QByteArray &bytes, bool close)
{
    if (m_closed)
        return;
    for (Slot &slot : m_slots) {
        if (slot.sequence == sequence) {
            slot.bytes = bytes;
            slot.ready = true;
            slot.close = close;
            break;
        }
    }
    flushSlots();
}

void HttpConnection::flushSlots()
{
    bool wrote = false;
    while (!m_slots.empty() && m_slots.front().ready) {
        Slot slot = std::move(m_slots.front());
        m_slots.pop_front();
        m_socket->write(slot.bytes);
        wrote = true;
        if (slot.close) {
            m_closing = true;
            m_slots.clear();
            break;
        }
    }
    if (wrote)
        m_activity.restart();
    if (m_closing) {
        finishIfClosing();
        return;
    }
    if (m_slots.empty() && m_parser.wantsContinue()) {
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_parser.continueSent();
    }
    // Reading paused while too many answers were outstanding: resume.
    if (m_slots.size() < MaxPipelined && m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

void HttpConnection::finishIfClosing()
{
    if (m_closed || !m_closing || !m_slots.empty() || m_discardBudget > 0)
        return;
    m_socket->disconnectFromHost();
}

void HttpConnection::startEventStream(const QByteArray &head)
{
    m_streaming = true;
    m_slots.clear();
    m_socket->write(head);
}

void HttpConnection::send(const QByteArray &bytes)
{
    if (!m_closed)
        m_socket->write(bytes);
}

void HttpConnection::abortRequest(const QByteArray &response)
{
    m_closing = true;
    m_slots.clear();
    m_socket->write(response);
    finishIfClosing();
}

void HttpConnection::close()
{
    if (m_closed)
        return;
    m_closing = true;
    m_slots.clear();
    m_discardBudget = 0;
    m_socket->disconnectFromHost();
}

void HttpConnection::onBytesWritten()
{
    if (m_streaming && m_socket->bytesToWrite() < StreamHighWater / 2)
        m_handler->handleDrained(this);
}

void HttpConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_slots.clear();
    m_handler->handleClosed(this);
    deleteLater();
}

} // namespace hookscope
