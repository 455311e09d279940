#pragma once

#include "receive/capture_summary.h"
#include "receive/endpoint_rule.h"
#include "receive/receiver_config.h"

#include <QObject>
#include <QUrl>
#include <memory>
#include <optional>

class QThread;

namespace hookscope {

class CaptureWriter;
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

    // Opens (creating and migrating) the database, optionally replaces the endpoint
    // rules, then starts listening. Returns None or what went wrong (see errorString()).
    StartError start(const ReceiverConfig &config,
                     const std::optional<QList<EndpointRule>> &replaceRules = std::nullopt);
    // Stops accepting, answers and commits what is in flight, then emits stopped().
    void stop();
    // stop() and wait for it; for destructors and tests.
    void stopAndWait();
    bool isRunning() const { return m_running; }

    QString errorString() const { return m_error; }
    QString dataDir() const { return m_config.dataDir; }
    QString databasePath() const;
    quint16 port() const { return m_port; }
    QUrl receiverUrl() const;

    // Replaces the endpoint rules in the database and applies them without a restart.
    bool setRules(const QList<EndpointRule> &rules, QString *error);
    // The stored endpoint rules in match order, read on a short-lived connection (after
    // start()). Rules that no longer parse are skipped, as the receiver skips them.
    std::optional<QList<EndpointRule>> rules(QString *error) const;

    static QString defaultDataDir();

signals:
    // Newly committed requests, batched per commit, in id order.
    void requestsCaptured(const QList<hookscope::CaptureSummary> &batch);
    void stopped();

private:
    void finishStop();
    bool writeRules(const QList<EndpointRule> &rules, QString *error);

    ReceiverConfig m_config;
    std::unique_ptr<CaptureWriter> m_writer;
    Receiver *m_receiver = nullptr;
    QThread *m_receiverThread = nullptr;
    QString m_error;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_stopping = false;
};

} // namespace hookscope
