#pragma once

#include "store/request_store.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace hookscope {

class HttpConnection;

// GET /api/webhook/stream: Server-Sent Events of captured requests (seed 002). A new
// stream gets {"type":"connected"}, then the last 100 requests (or everything after
// Last-Event-ID), then live ones, and a ": heartbeat" comment every 2 s.
//
// Each stream has a cursor (the last id it was sent). Live batches go straight out to
// streams that are caught up; a stream whose socket is backed up stops taking them and
// later catches up from the database in pages, so a stalled reader never holds memory or
// slows capture, and nothing is sent twice or skipped.
class LiveStream : public QObject
{
    Q_OBJECT

public:
    explicit LiveStream(const QSqlDatabase &readConnection, QObject *parent = nullptr);

    void addStream(HttpConnection *connection, const QString &sessionId,
                   std::optional<qint64> lastEventId);
    void removeStream(HttpConnection *connection);
    // Room again in the connection's write buffer.
    void resume(HttpConnection *connection);
    // Newly committed requests, in id order.
    void publish(const QList<const StoredRequest *> &requests);
    int streamCount() const { return int(m_streams.size()); }

    static QByteArray formatEvent(const StoredRequest &request);

    static constexpr int ReplayCount = 100;
    static constexpr int PageSize = 200;
    static constexpr int HeartbeatMs = 2000;

private:
    struct Stream
    {
        QPointer<HttpConnection> connection;
        QString sessionId;
        qint64 lastSentId = 0;
        bool lagging = false; // behind: reads from the database until caught up
    };

    void catchUp(Stream &stream);
    void heartbeat();

    RequestStore m_store;
    QHash<HttpConnection *, Stream> m_streams;
    QTimer m_heartbeat;
};

} // namespace hookscope
