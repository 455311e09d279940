#pragma once

#include "deliver/rate_limiter.h"
#include "deliver/subscription.h"
#include "store/outbox_store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace hookscope {

class Database;
class SubscriptionStore;

// Sends due deliveries. Lives on the delivery thread with the outbox's connection: reads
// due rows, signs each attempt afresh (new timestamp, same event id), posts it with
// QNetworkAccessManager, and writes every attempt and the delivery's new state in small
// batched transactions. A delivery in flight stays pending in the table until its outcome is
// committed, so a crash or quit means it is sent again on the next start (at least once).
class DeliveryWorker : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultConcurrency = 10;
    static constexpr int ResponseBodyLimit = 64 * 1024;
    // QNetworkAccessManager opens at most 6 connections per host: one manager per 6 slots.
    static constexpr int ConnectionsPerManager = 6;

    DeliveryWorker(Database &db, SubscriptionStore &subscriptions, OutboxStore &outbox,
                   QObject *parent = nullptr);
    ~DeliveryWorker() override;

    void start();
    // Aborts what is in flight without logging it (it stays pending), commits what ended.
    void stop();
    // New or changed work (also a cancel): forget the rows read ahead and look again now.
    void wake();
    void reloadSubscriptions();
    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }
    int inFlight() const { return int(m_flights.size()); }
    quint64 attemptsLogged() const { return m_logged; }

    // Test hook: the jitter source in [0, 1); default: QRandomGenerator.
    void setJitterSource(std::function<double()> source) { m_jitter = std::move(source); }

signals:
    // Attempts were committed (count); the GUI refreshes from the table.
    void attemptsCommitted(int count);
    void subscriptionDisabled(qint64 subscriptionId, const QString &reason);
    // A delivery ended failed (its last attempt failed, or the endpoint answered 410).
    void deliveryFailed(const QString &subscriptionName, const QString &eventType,
                        const QString &error);
    void storeFailed(const QString &message);

private:
    struct Flight
    {
        DeliveryRow row;
        Subscription subscription;
        AttemptRow attempt;
        QElapsedTimer clock;
        bool timedOut = false;
    };

    void schedulePump(qint64 inMs);
    void pump();
    void send(const DeliveryRow &row, const Subscription &subscription);
    void finished(QNetworkReply *reply);
    void conclude(Flight &flight, int status, const QByteArray &retryAfter);
    void flush();
    QNetworkAccessManager *nextManager();

    Database &m_db;
    SubscriptionStore &m_subscriptionStore;
    OutboxStore &m_outbox;
    QList<QNetworkAccessManager *> m_managers;
    int m_nextManager = 0;
    QHash<qint64, Subscription> m_subscriptions;
    QHash<QNetworkReply *, std::shared_ptr<Flight>> m_flights;
    QSet<qint64> m_busy;        // in flight or ended but not committed yet
    QList<DeliveryRow> m_ready; // due rows read ahead; cleared by wake()
    qsizetype m_readyIndex = 0;
    QList<AttemptOutcome> m_outcomes;
    QSet<qint64> m_changedSubscriptions;
    RateLimiter m_rates;
    QTimer m_pumpTimer;
    QTimer m_flushTimer;
    std::function<double()> m_jitter;
    int m_concurrency = DefaultConcurrency;
    quint64 m_logged = 0;
    bool m_running = false;
};

} // namespace hookscope
