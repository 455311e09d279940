#pragma once

#include "receive/capture_summary.h"
#include "receive/endpoint_rule.h"
#include "receive/receiver_config.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace hookscope {

class CaptureWriter;
class ManagementApi;
class OutboxService;
class Receiver;

// Owns the threads and services; the one object app/ and ui/ talk to. Capture runs on a
// receiver thread and a writer thread; this object lives on the caller's (GUI) thread and
// only ever receives queued signals from them.
class Engine : public QObject
{
    Q_OBJECT

public:
    enum class StartError
    {
        None,
        AddressInUse,
        ListenFailed,
        DatabaseFailed
    };

    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Opens (creating and migrating) the database in dataDir and starts the writer thread,
    // without listening: the inspector reads and deletes stored requests even when the
    // receiver cannot start. False with errorString().
    bool open(const QString &dataDir, Database::Sync sync = Database::Sync::Normal);
    // open() if needed, then listen with this configuration (its dataDir and sync apply only
    // when not yet open).
    StartError startReceiver(const ReceiverConfig &config);
    // open(), optionally replace the endpoint rules, then startReceiver(): `serve`.
    StartError start(const ReceiverConfig &config,
                     const std::optional<QList<EndpointRule>> &replaceRules = std::nullopt);
    // Stops accepting, answers and commits what is in flight, then emits receiverStopped().
    // The database stays open.
    void stopReceiver();
    // Stops the receiver (if listening) and closes the database, then emits stopped().
    void stop();
    // stop() and wait for it; for destructors and tests.
    void stopAndWait();
    bool isOpen() const { return bool(m_writer); }
    bool isRunning() const { return m_running; }

    QString errorString() const { return m_error; }
    QString dataDir() const { return m_config.dataDir; }
    QString databasePath() const;
    quint16 port() const { return m_port; }
    QUrl receiverUrl() const;
    ReceiverConfig config() const { return m_config; }

    // Replaces the endpoint rules in the database and applies them without a restart.
    bool setRules(const QList<EndpointRule> &rules, QString *error);
    // The stored endpoint rules in match order, read on a short-lived connection (after
    // start()). Rules that no longer parse are skipped, as the receiver skips them.
    std::optional<QList<EndpointRule>> rules(QString *error) const;

    // Writes to the requests table run on the writer thread; the outcome comes back as
    // requestsDeleted() / requestsCleared() / writeFailed(). Need open().
    void deleteRequests(const QList<qint64> &ids);
    void clearRequests();
    // Keeps at most keepCount requests (0: any number) received in the last keepDays days
    // (0: any age), deleting the oldest in small transactions so capture never waits long.
    void pruneRequests(qint64 keepCount, int keepDays);

    static QString defaultDataDir();

    // The sending side (after open()): runs on the delivery thread. Call it there, e.g.
    // outboxCall(this, [](OutboxService &o) { return o.queueStats(); }, [](auto stats) {...}).
    OutboxService *outbox() const { return m_outbox; }
    QByteArray apiToken() const { return m_apiToken; }
    // Runs fn(outbox) on the delivery thread, then done(result) on context's thread (not
    // when context is gone by then). Never blocks the caller.
    template <typename Fn, typename Done>
    void outboxCall(QObject *context, Fn fn, Done done)
    {
        OutboxService *outbox = m_outbox;
        if (!outbox)
            return;
        QMetaObject::invokeMethod(
            outbox,
            [outbox, context = QPointer<QObject>(context), fn, done] {
                auto result = fn(*outbox);
                if (context)
                    QMetaObject::invokeMethod(
                        context.data(), [done, result] { done(result); }, Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }
    // Parallel delivery attempts (default 10); applies at once.
    void setDeliveryConcurrency(int concurrency);

signals:
    // Newly committed requests, batched per commit, in id order.
    void requestsCaptured(const QList<hookscope::CaptureSummary> &batch);
    void requestsDeleted(const QList<qint64> &ids);
    void requestsCleared();
    void writeFailed(const QString &message);
    void receiverStopped();
    void stopped();
    // Something in the outbox changed (subscriptions, events, deliveries); coalesce.
    void outboxChanged();
    void subscriptionDisabled(qint64 subscriptionId, const QString &reason);
    void deliveryFailed(const QString &subscriptionName, const QString &eventType,
                        const QString &error);

private:
    void finishReceiverStop();
    void closeStore();
    void pruneStep(qint64 keepCount, qint64 beforeUs);
    bool writeRules(const QList<EndpointRule> &rules, QString *error);
    bool openOutbox();
    void closeOutbox();

    ReceiverConfig m_config;
    std::unique_ptr<CaptureWriter> m_writer;
    Receiver *m_receiver = nullptr;
    std::atomic<Receiver *> m_liveReceiver = nullptr;
    QThread *m_receiverThread = nullptr;
    QThread *m_deliveryThread = nullptr;
    OutboxService *m_outbox = nullptr;
    ManagementApi *m_api = nullptr;
    QByteArray m_apiToken;
    int m_deliveryConcurrency = 10;
    QString m_error;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_stopping = false;
    bool m_closeAfterStop = false;
};

} // namespace hookscope
