#pragma once

#include "http_request_parser.h"

#include <QElapsedTimer>
#include <QObject>
#include <deque>

class QTcpSocket;

namespace hookscope {

class HttpConnection;

// What a connection reports to its owner (the Receiver), by direct call on its thread.
class HttpConnectionHandler
{
public:
    virtual ~HttpConnectionHandler() = default;
    // A complete request; answer it with respond(sequence, ...), in any order.
    virtual void handleRequest(HttpConnection *connection, quint64 sequence,
                               ParsedRequest &&request) = 0;
    // An event stream's write buffer went down: it can take more.
    virtual void handleDrained(HttpConnection *connection) = 0;
    // The socket is gone; the connection deletes itself right after.
    virtual void handleClosed(HttpConnection *connection) = 0;
};

// One client connection: parses requests as they arrive, keeps a slot per request so
// responses leave in request order (pipelining), and switches to a one-way event stream
// for SSE. Lives on the receiver thread.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, quint64 id, qint64 maxBodyBytes,
                   HttpConnectionHandler *handler, QObject *parent = nullptr);
    ~HttpConnection() override;

    quint64 id() const { return m_id; }
    QString peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }

    // Fills the slot of request `sequence`; `close` ends the connection after it.
    void respond(quint64 sequence, const QByteArray &bytes, bool close);
    // Turns the connection into an event stream: writes `head`, ignores further input.
    void startEventStream(const QByteArray &head);
    bool isStreaming() const { return m_streaming; }
    void send(const QByteArray &bytes);
    qint64 bytesToWrite() const;

    bool hasPendingResponses() const { return !m_slots.empty(); }
    // No request in progress and none waiting for its answer.
    bool isIdle() const;
    bool isReceivingRequest() const { return m_parser.inMessage(); }
    qint64 msSinceActivity() const { return m_activity.elapsed(); }
    // Answers `status` to a request that never completed (timeouts), then closes.
    void abortRequest(const QByteArray &response);
    void close();

    static constexpr qint64 StreamHighWater = 1 << 20; // bytes queued before a stream lags

private:
    struct Slot
    {
        quint64 sequence = 0;
        QByteArray bytes;
        bool ready = false;
        bool close = false;
    };

    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void flushSlots();
    void protocolError();
    void finishIfClosing();

    QTcpSocket *m_socket;
    quint64 m_id;
    HttpConnectionHandler *m_handler;
    HttpRequestParser m_parser;
    QString m_peerAddress;
    quint16 m_peerPort = 0;
    std::deque<Slot> m_slots;
    quint64 m_nextSequence = 0;
    QList<ParsedRequest> m_parsed;
    QElapsedTimer m_activity;
    bool m_streaming = false;
    bool m_closing = false;     // no more requests: the last slot closes
    qint64 m_discardBudget = 0; // body bytes of a rejected request to read and drop
    bool m_closed = false;
};

} // namespace hookscope
