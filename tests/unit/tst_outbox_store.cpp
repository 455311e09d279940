// The outbox tables: subscriptions with their secrets kept apart, firing events into
// deliveries in one transaction, due rows, attempt outcomes, manual retry and cancel,
// statistics.
#include "store/database.h"
#include "store/outbox_store.h"
#include "store/subscription_store.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestOutboxStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void subscriptionRoundTrip();
    void secretsLiveApart();
    void fireWritesEventAndDeliveries();
    void dueSkipsBusyInactiveAndFuture();
    void outcomesAndStats();
    void cancelledInFlightStaysCancelled();
    void retryAndCancel();
    void deleteCascades();

private:
    qint64 addSubscription(const QString &name, bool active = true);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestOutboxStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db =
        std::make_unique<Database>(Database::fileIn(m_dir->path()), QStringLiteral("outbox-test"));
    QVERIFY(m_db->open());
    QVERIFY(m_db->migrate());
}

void TestOutboxStore::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

qint64 TestOutboxStore::addSubscription(const QString &name, bool active)
{
    SubscriptionStore store(m_db->connection());
    Subscription s;
    s.name = name;
    s.url = QStringLiteral("http://127.0.0.1:9/") + name;
    s.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    s.active = active;
    if (!store.insert(s, 1000))
        return 0;
    return s.id;
}

void TestOutboxStore::subscriptionRoundTrip()
{
    SubscriptionStore store(m_db->connection());
    Subscription s;
    s.name = QStringLiteral("CRM");
    s.url = QStringLiteral("https://example.com/hooks");
    s.description = QStringLiteral("seed 003");
    s.events = {QStringLiteral("user.*"), QStringLiteral("tag.added")};
    s.scheme = QStringLiteral("hmac-hex");
    s.envelope = QStringLiteral("seed-003");
    s.headers = {{QStringLiteral("X-Zeta"), QStringLiteral("z")},
                 {QStringLiteral("X-Alpha"), QStringLiteral("a")}};
    s.retryAttempts = 3;
    s.retryDelayMs = 60000;
    s.rateLimit = 2.5;
    s.secret = "s3cret";
    QVERIFY(store.insert(s, 5000));
    QVERIFY(s.id > 0);
    const std::optional<Subscription> back = store.find(s.id);
    QVERIFY(back);
    QCOMPARE(back->name, s.name);
    QCOMPARE(back->events, s.events);
    QCOMPARE(back->headers, s.headers); // order kept
    QCOMPARE(back->rateLimit, 2.5);
    QCOMPARE(back->retryDelayMs, 60000);
    QCOMPARE(back->secret, QByteArray("s3cret"));
    QCOMPARE(back->createdUs, 5000);

    Subscription changed = *back;
    changed.secret = "rotated";
    changed.active = false;
    QVERIFY(store.update(changed, 6000));
    QCOMPARE(store.find(s.id)->secret, QByteArray("rotated"));
    QCOMPARE(store.find(s.id)->updatedUs, 6000);
    QVERIFY(!store.find(s.id)->active);

    Subscription missing = changed;
    missing.id = 999;
    QVERIFY(!store.update(missing, 7000));
    QVERIFY(store.lastError().isEmpty());
    QVERIFY(!store.find(999));
}

void TestOutboxStore::secretsLiveApart()
{
    const qint64 id = addSubscription(QStringLiteral("a"));
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT * FROM subscriptions")));
    QVERIFY(q.next());
    for (int i = 0; i < q.record().count(); ++i)
        QVERIFY(!q.value(i).toString().contains(QLatin1String("whsec_")));
    QVERIFY(
        q.exec(QStringLiteral("SELECT secret FROM subscription_secrets WHERE subscription_id = %1")
                   .arg(id)));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toString().startsWith(QLatin1String("whsec_")));
}

void TestOutboxStore::fireWritesEventAndDeliveries()
{
    const qint64 a = addSubscription(QStringLiteral("a"));
    const qint64 b = addSubscription(QStringLiteral("b"));
    OutboxStore store(m_db->connection());
    OutboundEvent event{0, "evt_1", QStringLiteral("user.created"), R"({"id":1})", 2000};
    QList<qint64> deliveries;
    QVERIFY(store.fire(event, QStringLiteral("api"), {a, b}, 2000, &deliveries));
    QVERIFY(event.id > 0);
    QCOMPARE(deliveries.size(), 2);
    QCOMPARE(store.findEvent(QStringLiteral("evt_1"))->data, QByteArray(R"({"id":1})"));
    QCOMPARE(store.delivery(deliveries.first())->status, QStringLiteral("pending"));

    // A duplicate uid rolls the whole event back: no half-written outbox.
    OutboundEvent duplicate{0, "evt_1", QStringLiteral("user.created"), "{}", 3000};
    QList<qint64> none;
    QVERIFY(!store.fire(duplicate, QStringLiteral("api"), {a}, 3000, &none));
    QVERIFY(none.isEmpty());
    QCOMPARE(store.deliveries(DeliveryFilter{}).size(), 2);
}

void TestOutboxStore::dueSkipsBusyInactiveAndFuture()
{
    const qint64 active = addSubscription(QStringLiteral("on"));
    const qint64 paused = addSubscription(QStringLiteral("off"), false);
    OutboxStore store(m_db->connection());
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        OutboundEvent event{0, "evt_" + QByteArray::number(i), QStringLiteral("t.x"), "{}", 100};
        QList<qint64> d;
        QVERIFY(store.fire(event, QStringLiteral("api"), {active, paused}, 100 + i, &d));
        ids.append(d);
    }
    QList<DeliveryRow> due = store.due(1000, 10, {});
    QCOMPARE(due.size(), 3); // the inactive subscription's rows wait
    QCOMPARE(due.first().event.uid, QByteArray("evt_0"));
    due = store.due(1000, 10, {due.first().id});
    QCOMPARE(due.size(), 2);
    QCOMPARE(due.first().event.uid, QByteArray("evt_1"));
    QCOMPARE(store.due(1000, 1, {ids.at(0)}).size(), 1);
    QCOMPARE(store.due(50, 10, {}).size(), 0); // not due yet
    QCOMPARE(store.nextDueUs().value_or(-1), 100);
    const QueueStats stats = store.queueStats(1000);
    QCOMPARE(stats.pending, 3);
    QCOMPARE(stats.paused, 3);
}

void TestOutboxStore::outcomesAndStats()
{
    const qint64 sub = addSubscription(QStringLiteral("a"));
    OutboxStore store(m_db->connection());
    QList<qint64> d;
    OutboundEvent e1{0, "evt_a", QStringLiteral("t.x"), "{}", 100};
    OutboundEvent e2{0, "evt_b", QStringLiteral("t.x"), "{}", 100};
    QVERIFY(store.fire(e1, QStringLiteral("api"), {sub}, 100, &d));
    QVERIFY(store.fire(e2, QStringLiteral("api"), {sub}, 100, &d));
    const qint64 first = store.deliveries(DeliveryFilter{}).last().id;
    const qint64 second = store.deliveries(DeliveryFilter{}).first().id;

    const auto outcome = [](qint64 delivery, int attempt, int status, qint64 durationUs,
                            const QString &state, qint64 next) {
        AttemptOutcome o;
        o.attempt.deliveryId = delivery;
        o.attempt.attempt = attempt;
        o.attempt.startedUs = 1000 * attempt;
        o.attempt.durationUs = durationUs;
        o.attempt.url = QStringLiteral("http://127.0.0.1:9/a");
        o.attempt.requestHeaders = R"([["Content-Type","application/json"]])";
        o.attempt.requestBody = "{}";
        o.attempt.responseStatus = status;
        o.attempt.error = status >= 300 ? QStringLiteral("HTTP %1").arg(status) : QString();
        o.status = state;
        o.nextAttemptUs = next;
        return o;
    };
    QVERIFY(m_db->connection().transaction());
    QVERIFY(store.recordOutcome(outcome(first, 1, 503, 10000, QStringLiteral("scheduled"), 5000),
                                2000));
    QVERIFY(
        store.recordOutcome(outcome(first, 2, 200, 20000, QStringLiteral("delivered"), 0), 6000));
    QVERIFY(store.recordOutcome(outcome(second, 1, 500, 30000, QStringLiteral("failed"), 0), 6000));
    QVERIFY(m_db->connection().commit());

    const DeliveryRow row = *store.delivery(first);
    QCOMPARE(row.status, QStringLiteral("delivered"));
    QCOMPARE(row.attempts, 2);
    QCOMPARE(row.lastStatus, 200);
    QCOMPARE(row.completedUs, 6000);
    const QList<AttemptRow> attempts = store.attempts(first);
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts.at(0).responseStatus, 503);
    QCOMPARE(attempts.at(0).error, QStringLiteral("HTTP 503"));
    QCOMPARE(attempts.at(1).attempt, 2);

    const SubscriptionStats stats = store.subscriptionStats(sub);
    QCOMPARE(stats.deliveries, 2);
    QCOMPARE(stats.succeeded, 1);
    QCOMPARE(stats.failed, 1);
    QCOMPARE(stats.successRate, 0.5);
    QCOMPARE(stats.averageDurationMs, 20.0);
    QCOMPARE(stats.p95DurationMs, 30.0);
    QCOMPARE(stats.lastStatus, 500);

    const QueueStats queue = store.queueStats(6000);
    QCOMPARE(queue.failed, 1);
    QCOMPARE(queue.deliveredLastHour, 1);
    QCOMPARE(queue.pending, 0);

    DeliveryFilter failedOnly;
    failedOnly.status = QStringLiteral("failed");
    QCOMPARE(store.deliveries(failedOnly).size(), 1);
    DeliveryFilter byType;
    byType.eventType = QStringLiteral("t.*");
    QCOMPARE(store.deliveries(byType).size(), 2);
    byType.eventType = QStringLiteral("u.*");
    QCOMPARE(store.deliveries(byType).size(), 0);
    DeliveryFilter page;
    page.limit = 1;
    const QList<DeliveryRow> newest = store.deliveries(page);
    QCOMPARE(newest.first().id, second);
    page.beforeId = second;
    QCOMPARE(store.deliveries(page).first().id, first);
}

void TestOutboxStore::cancelledInFlightStaysCancelled()
{
    const qint64 sub = addSubscription(QStringLiteral("a"));
    OutboxStore store(m_db->connection());
    OutboundEvent e{0, "evt_c", QStringLiteral("t.x"), "{}", 100};
    QList<qint64> d;
    QVERIFY(store.fire(e, QStringLiteral("api"), {sub}, 100, &d));
    QString why;
    QVERIFY(store.cancel(d.first(), 200, &why));
    AttemptOutcome late;
    late.attempt.deliveryId = d.first();
    late.attempt.attempt = 1;
    late.attempt.responseStatus = 200;
    late.status = QStringLiteral("delivered");
    QVERIFY(store.recordOutcome(late, 300));
    QCOMPARE(store.delivery(d.first())->status, QStringLiteral("cancelled"));
    QCOMPARE(store.attempts(d.first()).size(), 1); // the attempt is still logged
}

void TestOutboxStore::retryAndCancel()
{
    const qint64 a = addSubscription(QStringLiteral("a"));
    const qint64 b = addSubscription(QStringLiteral("b"));
    OutboxStore store(m_db->connection());
    QList<qint64> d;
    OutboundEvent e{0, "evt_r", QStringLiteral("t.x"), "{}", 100};
    QVERIFY(store.fire(e, QStringLiteral("api"), {a, b}, 100, &d));
    for (const qint64 id : d) {
        AttemptOutcome failed;
        failed.attempt.deliveryId = id;
        failed.attempt.attempt = 6;
        failed.attempt.responseStatus = 500;
        failed.status = QStringLiteral("failed");
        QVERIFY(store.recordOutcome(failed, 200));
    }
    QString why;
    QVERIFY(!store.cancel(d.first(), 300, &why));
    QCOMPARE(why, QStringLiteral(
                      "delivery %1 is failed; only pending or scheduled ones can be cancelled")
                      .arg(d.first()));
    QCOMPARE(store.retryFailed(a, 400), 1);
    QCOMPARE(store.delivery(d.at(0))->status, QStringLiteral("scheduled"));
    QCOMPARE(store.delivery(d.at(0))->nextAttemptUs, 400);
    QCOMPARE(store.delivery(d.at(1))->status, QStringLiteral("failed"));
    QCOMPARE(store.retryFailed(0, 500), 1);
    QCOMPARE(store.retryFailed(0, 500), 0);
    QVERIFY(store.cancel(d.at(1), 600, &why));
    QVERIFY(store.retryNow(d.at(1), 700, &why));
    QCOMPARE(store.delivery(d.at(1))->status, QStringLiteral("scheduled"));
    QCOMPARE(store.cancelPending(0, 800), 2);

    AttemptOutcome delivered;
    delivered.attempt.deliveryId = d.at(0);
    delivered.attempt.attempt = 7;
    delivered.status = QStringLiteral("delivered");
    QVERIFY(store.retryNow(d.at(0), 900, &why));
    QVERIFY(store.recordOutcome(delivered, 950));
    QVERIFY(!store.retryNow(d.at(0), 1000, &why));
    QVERIFY(why.contains(QLatin1String("already delivered")));
    QVERIFY(!store.retryNow(12345, 1000, &why));
    QCOMPARE(why, QStringLiteral("no delivery 12345"));
}

void TestOutboxStore::deleteCascades()
{
    const qint64 sub = addSubscription(QStringLiteral("a"));
    OutboxStore store(m_db->connection());
    QList<qint64> d;
    OutboundEvent e{0, "evt_d", QStringLiteral("t.x"), "{}", 100};
    QVERIFY(store.fire(e, QStringLiteral("api"), {sub}, 100, &d));
    AttemptOutcome o;
    o.attempt.deliveryId = d.first();
    o.attempt.attempt = 1;
    o.status = QStringLiteral("scheduled");
    QVERIFY(store.recordOutcome(o, 200));
    SubscriptionStore subscriptions(m_db->connection());
    QVERIFY(subscriptions.remove(sub));
    QVERIFY(!subscriptions.remove(sub));
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM deliveries), (SELECT count(*) FROM "
                                  "attempts), (SELECT count(*) FROM subscription_secrets), (SELECT "
                                  "count(*) FROM events)")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(q.value(1).toInt(), 0);
    QCOMPARE(q.value(2).toInt(), 0);
    QCOMPARE(q.value(3).toInt(), 1); // the event stays: it can be resent elsewhere
}

QTEST_GUILESS_MAIN(TestOutboxStore)
#include "tst_outbox_store.moc"
