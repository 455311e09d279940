#pragma once

#include "capture_job.h"
#include "capture_summary.h"
#include "http_connection.h"
#include "receiver_config.h"
#include "rule_engine.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>

class QTcpServer;

namespace hookscope {

class CaptureWriter;
class Database;
class LiveStream;
class ManagementApi;

// The inbound HTTP server. Lives on its own thread: accepts connections, answers the
// built-in routes, applies endpoint rules, hands every captured request to the capture
// writer and answers it once the writer has committed it.
class Receiver : public QObject, private HttpConnectionHandler
{
    Q_OBJECT

public:
    enum class ListenResult
    {
        Ok,
        AddressInUse,
        Failed
    };

    Receiver(const ReceiverConfig &config, CaptureWriter *writer, QObject *parent = nullptr);
    ~Receiver() override;

    // Called on the receiver thread (Engine uses a blocking queued call).
    ListenResult listen(QString *error);
    quint16 port() const;
    // The management API's routes (/api/webhooks, /api/events, ...) go to it instead of being
    // captured; none: they are captured like any other path. Set before listen().
    void setManagementApi(ManagementApi *api) { m_api = api; }
    // Reloads the endpoint rules from the database.
    void reloadRules();
    // Stop accepting, answer what is in flight, then emit drained().
    void shutdown();
    // Posted from the writer thread.
    void onCommitted(const QList<CaptureJobPtr> &batch);

signals:
    void captured(const QList<hookscope::CaptureSummary> &batch);
    void drained();

private:
    void handleRequest(HttpConnection *connection, quint64 sequence,
                       ParsedRequest &&parsed) override;
    void handleDrained(HttpConnection *connection) override;
    void handleClosed(HttpConnection *connection) override;

    void handleApi(HttpConnection *connection, quint64 sequence, ParsedRequest &&parsed);
    void acceptConnections();
    void answer(const CaptureJobPtr &job);
    void answerDirect(HttpConnection *connection, quint64 sequence, const ResponsePlan &plan,
                      bool keepAlive, bool head = false);
    void sweepConnections();
    void checkDrained();

    ReceiverConfig m_config;
    CaptureWriter *m_writer;
    ManagementApi *m_api = nullptr;
    std::unique_ptr<Database> m_readDb;
    std::unique_ptr<LiveStream> m_live;
    QTcpServer *m_server = nullptr;
    RuleEngine m_rules;
    QHash<quint64, HttpConnection *> m_connections;
    quint64 m_nextConnectionId = 1;
    int m_inFlight = 0; // submitted, not yet answered
    bool m_stopping = false;
    bool m_drained = false;
    QTimer m_sweep;
    QTimer m_drainDeadline;
};

} // namespace hookscope
