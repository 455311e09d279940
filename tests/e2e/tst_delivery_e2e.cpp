// Outbound deliveries end to end: the real `hookscope serve` sends to real local HTTP servers
// in their own processes (delivery/sink.py, Python's standard library; delivery/
// verify_server.mjs, the official `standardwebhooks` npm package), driven through the
// management API with curl. Checks attempt counts, retry spacing, Retry-After, timeouts, 410,
// redirects, auto-disable and re-enable, and that a kill -9 mid-queue loses nothing.
#include "serve_process.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

namespace {

// A helper server in its own process; it prints "listening PORT" and ends when its stdin does.
class HelperServer
{
public:
    bool start(const QString &program, const QStringList &arguments)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer timer;
        timer.start();
        while (!m_process.canReadLine() && timer.elapsed() < 15000)
            m_process.waitForReadyRead(200);
        const QByteArray line = m_process.readLine().trimmed();
        if (!line.startsWith("listening "))
            return false;
        m_port = quint16(line.mid(10).toUInt());
        return m_port != 0;
    }
    ~HelperServer()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    QJsonArray log() const
    {
        const CurlReply reply = curl({url(QStringLiteral("/log"))});
        return QJsonDocument::fromJson(reply.body).array();
    }
    QJsonArray logFor(const QString &path) const
    {
        QJsonArray out;
        for (const QJsonValue &entry : log()) {
            if (entry.toObject().value(QStringLiteral("path")).toString() == path)
                out.append(entry);
        }
        return out;
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

QString header(const QJsonObject &entry, const QString &name)
{
    for (const QJsonValue &pair : entry.value(QStringLiteral("headers")).toArray()) {
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1).toString();
    }
    return {};
}

} // namespace

class TestDeliveryE2e : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void wrongTokenIsRefused();
    void flakyEndpointIsRetriedWithBackoff();
    void retriesStopAfterTheConfiguredAttempts();
    void stallTimesOut();
    void retryAfterIsRespected();
    void goneDisablesTheSubscription();
    void redirectsAreNotFollowed();
    void autoDisableAndReenable();
    void officialLibraryVerifiesTheSignature();
    void killDuringTheQueueLosesNothing();
    void exportRoute();
    void rateLimitSpacesDeliveriesWithoutBlockingOthers();

private:
    CurlReply api(const QByteArray &method, const QString &path, const QByteArray &json = {},
                  ServeProcess *serve = nullptr);
    QJsonObject data(const CurlReply &reply);
    qint64 subscribe(const QJsonObject &fields);
    QString fire(const QString &type, qint64 subscriptionId);
    // Waits until the event's delivery reaches one of the final states; returns it.
    QJsonObject waitForDelivery(qint64 subscriptionId, const QString &eventId,
                                const QStringList &states, int timeoutMs = 20000);
    QJsonObject delivery(qint64 subscriptionId, const QString &eventId);

    std::unique_ptr<ServeProcess> m_serve;
    std::unique_ptr<ServeProcess> m_killed;
    HelperServer m_sink;
    QByteArray m_token;
};

void TestDeliveryE2e::initTestCase()
{
    QVERIFY(m_sink.start(QStringLiteral("python3"), {QStringLiteral(SINK_SCRIPT)}));
    m_serve = std::make_unique<ServeProcess>();
    QVERIFY(m_serve->start());
    const ServeProcess::Result token = ServeProcess::run(
        {QStringLiteral("token"), QStringLiteral("--data-dir"), m_serve->dataDir()});
    QCOMPARE(token.exitCode, 0);
    m_token = token.out.trimmed();
    QVERIFY(m_token.size() >= 32);
    // The token file is the owner's alone.
    QFile file(m_serve->dataDir() + QStringLiteral("/api-token"));
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                   QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
}

void TestDeliveryE2e::cleanupTestCase()
{
    m_serve.reset();
    m_killed.reset();
}

CurlReply TestDeliveryE2e::api(const QByteArray &method, const QString &path,
                               const QByteArray &json, ServeProcess *serve)
{
    serve = serve ? serve : m_serve.get();
    QStringList args{QStringLiteral("-X"), QString::fromLatin1(method), QStringLiteral("-H"),
                     QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(m_token)};
    if (!json.isEmpty())
        args += {QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                 QStringLiteral("--data-binary"), QStringLiteral("@-")};
    args.append(QStringLiteral("http://127.0.0.1:%1%2").arg(serve->port()).arg(path));
    return curl(args, json);
}

QJsonObject TestDeliveryE2e::data(const CurlReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("data")).toObject();
}

qint64 TestDeliveryE2e::subscribe(const QJsonObject &fields)
{
    QJsonObject json = fields;
    json.insert(QStringLiteral("name"), fields.value(QStringLiteral("url")).toString());
    const CurlReply reply = api("POST", QStringLiteral("/api/webhooks"),
                                QJsonDocument(json).toJson(QJsonDocument::Compact));
    if (reply.status != 201)
        qWarning("subscribe: %d %s", reply.status, reply.body.constData());
    return data(reply).value(QStringLiteral("id")).toInteger();
}

QString TestDeliveryE2e::fire(const QString &type, qint64 subscriptionId)
{
    const QJsonObject json{
        {QStringLiteral("type"), type},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), QStringLiteral("usr_1")}}},
        {QStringLiteral("webhookIds"), QJsonArray{subscriptionId}}};
    const CurlReply reply = api("POST", QStringLiteral("/api/events"),
                                QJsonDocument(json).toJson(QJsonDocument::Compact));
    return data(reply).value(QStringLiteral("id")).toString();
}

QJsonObject TestDeliveryE2e::delivery(qint64 subscriptionId, const QString &eventId)
{
    const CurlReply reply =
        api("GET", QStringLiteral("/api/webhooks/%1/deliveries?limit=1000").arg(subscriptionId));
    for (const QJsonValue &value : data(reply).value(QStringLiteral("deliveries")).toArray()) {
        if (value.toObject().value(QStringLiteral("eventId")).toString() == eventId)
            return value.toObject();
    }
    return {};
}

QJsonObject TestDeliveryE2e::waitForDelivery(qint64 subscriptionId, const QString &eventId,
                                             const QStringList &states, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QJsonObject row;
    while (timer.elapsed() < timeoutMs) {
        row = delivery(subscriptionId, eventId);
        if (states.contains(row.value(QStringLiteral("status")).toString()))
            return row;
        QTest::qWait(100);
    }
    return row;
}

void TestDeliveryE2e::wrongTokenIsRefused()
{
    const CurlReply none =
        curl({QStringLiteral("http://127.0.0.1:%1/api/webhooks").arg(m_serve->port())});
    QCOMPARE(none.status, 401);
    QCOMPARE(
        QJsonDocument::fromJson(none.body).object().value(QStringLiteral("success")).toBool(true),
        false);
    const CurlReply wrong =
        curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer nope"),
              QStringLiteral("http://127.0.0.1:%1/api/events").arg(m_serve->port())});
    QCOMPARE(wrong.status, 401);
    const CurlReply bad = api("POST", QStringLiteral("/api/webhooks"), "{not json");
    QCOMPARE(bad.status, 400);
    // Management calls are not captured as webhooks.
    const CurlReply openapi =
        curl({QStringLiteral("http://127.0.0.1:%1/api/openapi.json").arg(m_serve->port())});
    QCOMPARE(openapi.status, 200);
    QVERIFY(QJsonDocument::fromJson(openapi.body).object().contains(QStringLiteral("paths")));
}

void TestDeliveryE2e::flakyEndpointIsRetriedWithBackoff()
{
    const qint64 id =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/flaky/backoff?fail=2"))},
                   {QStringLiteral("retryAttempts"), 5},
                   {QStringLiteral("retryDelay"), 0.3}});
    QVERIFY(id > 0);
    const QString event = fire(QStringLiteral("user.created"), id);
    QVERIFY(event.startsWith(QLatin1String("evt_")));
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    QCOMPARE(row.value(QStringLiteral("attempts")).toInt(), 3);
    const QJsonArray attempts = row.value(QStringLiteral("attemptLog")).toArray();
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("responseStatus")).toInt(), 500);
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("responseBody")).toString(),
             QStringLiteral("{\"error\":\"flaky\"}"));
    QCOMPARE(attempts.at(2).toObject().value(QStringLiteral("responseStatus")).toInt(), 200);

    // Backoff from the base delay: 0.3 s then 0.6 s, each +-20 %; never earlier, and later only
    // by the attempt itself and a loaded machine (the upper bound is loose for CI).
    const auto started = [&](int i) {
        return QDateTime::fromString(
                   attempts.at(i).toObject().value(QStringLiteral("startedAt")).toString(),
                   Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
    };
    const qint64 gap1 = started(1) - started(0);
    const qint64 gap2 = started(2) - started(1);
    QVERIFY2(gap1 >= 240 && gap1 <= 360 + 1500, qPrintable(QString::number(gap1)));
    QVERIFY2(gap2 >= 480 && gap2 <= 720 + 1500, qPrintable(QString::number(gap2)));

    // Every attempt: the same id (idempotency), the attempt's own timestamp and signature,
    // the attempt number.
    const QJsonArray received = m_sink.logFor(QStringLiteral("/flaky/backoff"));
    QCOMPARE(received.size(), 3);
    QSet<QString> ids;
    for (int i = 0; i < received.size(); ++i) {
        const QJsonObject entry = received.at(i).toObject();
        ids.insert(header(entry, QStringLiteral("webhook-id")));
        const double sentAt = header(entry, QStringLiteral("webhook-timestamp")).toDouble();
        const double receivedAt = entry.value(QStringLiteral("time")).toDouble();
        QVERIFY2(qAbs(receivedAt - sentAt) < 2.0, qPrintable(QString::number(receivedAt - sentAt)));
        QVERIFY(
            header(entry, QStringLiteral("webhook-signature")).startsWith(QLatin1String("v1,")));
        QCOMPARE(header(entry, QStringLiteral("X-Hookscope-Attempt")), QString::number(i + 1));
        QCOMPARE(QJsonDocument::fromJson(entry.value(QStringLiteral("body")).toString().toUtf8())
                     .object()
                     .value(QStringLiteral("type"))
                     .toString(),
                 QStringLiteral("user.created"));
    }
    QCOMPARE(ids, QSet<QString>{event});

    const QJsonObject stats = data(api("GET", QStringLiteral("/api/webhooks/%1/stats").arg(id)));
    QCOMPARE(stats.value(QStringLiteral("succeeded")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("successRate")).toDouble(), 1.0);
    QCOMPARE(stats.value(QStringLiteral("lastStatus")).toInt(), 200);
}

void TestDeliveryE2e::retriesStopAfterTheConfiguredAttempts()
{
    const qint64 id =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/flaky/exhaust?fail=100"))},
                   {QStringLiteral("retryAttempts"), 2},
                   {QStringLiteral("retryDelay"), 0.05}});
    const QString event = fire(QStringLiteral("payment.failed"), id);
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(row.value(QStringLiteral("attempts")).toInt(), 3);
    QTest::qWait(500); // nothing more is sent
    QCOMPARE(m_sink.logFor(QStringLiteral("/flaky/exhaust")).size(), 3);

    // Retry all failed of this subscription: one more attempt, failed again.
    const CurlReply retried = api("POST", QStringLiteral("/api/webhooks/queue/retry-failed"),
                                  QStringLiteral("{\"webhookId\":%1}").arg(id).toUtf8());
    QCOMPARE(data(retried).value(QStringLiteral("retried")).toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_sink.logFor(QStringLiteral("/flaky/exhaust")).size(), 4, 10000);
    QCOMPARE(waitForDelivery(id, event, {QStringLiteral("failed")})
                 .value(QStringLiteral("attempts"))
                 .toInt(),
             4);
}

void TestDeliveryE2e::stallTimesOut()
{
    const qint64 id = subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/stall"))},
                                 {QStringLiteral("retryAttempts"), 0},
                                 {QStringLiteral("timeoutMs"), 700}});
    const QString event = fire(QStringLiteral("session.started"), id);
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    const QJsonObject attempt =
        row.value(QStringLiteral("attemptLog")).toArray().first().toObject();
    QCOMPARE(attempt.value(QStringLiteral("responseStatus")).toInt(), 0);
    QCOMPARE(attempt.value(QStringLiteral("error")).toString(),
             QStringLiteral("timed out after 700 ms without an answer"));
    const double duration = attempt.value(QStringLiteral("durationMs")).toDouble();
    QVERIFY2(duration >= 650 && duration < 5000, qPrintable(QString::number(duration)));
}

void TestDeliveryE2e::retryAfterIsRespected()
{
    const qint64 id =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/limited/a?after=2"))},
                   {QStringLiteral("retryDelay"), 0.05}});
    const QString event = fire(QStringLiteral("storage.quota_warning"), id);
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    const QJsonArray received = m_sink.logFor(QStringLiteral("/limited/a"));
    QCOMPARE(received.size(), 2);
    const double gap = received.at(1).toObject().value(QStringLiteral("time")).toDouble() -
                       received.at(0).toObject().value(QStringLiteral("time")).toDouble();
    QVERIFY2(gap >= 1.9, qPrintable(QString::number(gap))); // not the 50 ms backoff
}

void TestDeliveryE2e::goneDisablesTheSubscription()
{
    const qint64 id = subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/gone"))}});
    const QString event = fire(QStringLiteral("user.deleted"), id);
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(row.value(QStringLiteral("attempts")).toInt(), 1); // no retries after 410
    const QJsonObject subscription = data(api("GET", QStringLiteral("/api/webhooks/%1").arg(id)));
    QCOMPARE(subscription.value(QStringLiteral("active")).toBool(true), false);
    QCOMPARE(subscription.value(QStringLiteral("disabledReason")).toString(),
             QStringLiteral("the endpoint answered 410 Gone"));
    QCOMPARE(api("POST", QStringLiteral("/api/webhooks/%1/test").arg(id)).status, 409);
}

void TestDeliveryE2e::redirectsAreNotFollowed()
{
    const qint64 id = subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/redirect"))},
                                 {QStringLiteral("retryAttempts"), 0}});
    const QString event = fire(QStringLiteral("project.created"), id);
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QCOMPARE(row.value(QStringLiteral("lastStatus")).toInt(), 302);
    QCOMPARE(row.value(QStringLiteral("lastError")).toString(),
             QStringLiteral("HTTP 302: redirect to /ok not followed"));
    QCOMPARE(m_sink.logFor(QStringLiteral("/ok")).size(), 0);
}

void TestDeliveryE2e::autoDisableAndReenable()
{
    const qint64 id =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/flaky/disable?fail=2"))},
                   {QStringLiteral("retryAttempts"), 0},
                   {QStringLiteral("disableAfter"), 2}});
    const QString first = fire(QStringLiteral("agent.connected"), id);
    QCOMPARE(waitForDelivery(id, first, {QStringLiteral("failed")})
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("failed"));
    const QString second = fire(QStringLiteral("agent.connected"), id);
    QCOMPARE(waitForDelivery(id, second, {QStringLiteral("failed")})
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("failed"));
    QTRY_VERIFY_WITH_TIMEOUT(!data(api("GET", QStringLiteral("/api/webhooks/%1").arg(id)))
                                  .value(QStringLiteral("active"))
                                  .toBool(),
                             5000);
    const QJsonObject disabled = data(api("GET", QStringLiteral("/api/webhooks/%1").arg(id)));
    QVERIFY2(disabled.value(QStringLiteral("disabledReason"))
                 .toString()
                 .startsWith(QLatin1String("2 consecutive failed deliveries")),
             qPrintable(disabled.value(QStringLiteral("disabledReason")).toString()));
    // While disabled, a targeted event waits in the queue (paused), then goes on re-enable.
    const QString third = fire(QStringLiteral("agent.connected"), id);
    QTest::qWait(500);
    QCOMPARE(delivery(id, third).value(QStringLiteral("status")).toString(),
             QStringLiteral("pending"));
    QCOMPARE(data(api("GET", QStringLiteral("/api/webhooks/queue/stats")))
                 .value(QStringLiteral("paused"))
                 .toInt(),
             1);
    const CurlReply enabled =
        api("PATCH", QStringLiteral("/api/webhooks/%1").arg(id), R"({"active":true})");
    QCOMPARE(data(enabled).value(QStringLiteral("consecutiveFailures")).toInt(), 0);
    QCOMPARE(waitForDelivery(id, third, {QStringLiteral("delivered"), QStringLiteral("failed")})
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("delivered"));
}

void TestDeliveryE2e::officialLibraryVerifiesTheSignature()
{
    // The subscription's generated whsec_ secret, checked by the reference implementation.
    const CurlReply created = api("POST", QStringLiteral("/api/webhooks"),
                                  R"({"name":"std","url":"http://127.0.0.1:1/placeholder"})");
    const QString secret = data(created).value(QStringLiteral("secret")).toString();
    const qint64 id = data(created).value(QStringLiteral("id")).toInteger();
    QVERIFY(secret.startsWith(QLatin1String("whsec_")));
    HelperServer verifier;
    QVERIFY(verifier.start(QStringLiteral("node"), {QStringLiteral(VERIFY_SCRIPT), secret}));
    QCOMPARE(api("PATCH", QStringLiteral("/api/webhooks/%1").arg(id),
                 QJsonDocument(
                     QJsonObject{{QStringLiteral("url"), verifier.url(QStringLiteral("/hook"))}})
                     .toJson(QJsonDocument::Compact))
                 .status,
             200);
    const CurlReply test = api("POST", QStringLiteral("/api/webhooks/%1/test").arg(id),
                               R"({"event_type":"booking.created"})");
    QCOMPARE(test.status, 202);
    const QString event = data(test).value(QStringLiteral("id")).toString();
    const QJsonObject row =
        waitForDelivery(id, event, {QStringLiteral("delivered"), QStringLiteral("failed")});
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    const QJsonArray verdicts = verifier.log();
    QCOMPARE(verdicts.size(), 1);
    QCOMPARE(verdicts.first().toObject().value(QStringLiteral("verified")).toBool(), true);
    QCOMPARE(verdicts.first().toObject().value(QStringLiteral("id")).toString(), event);
    QCOMPARE(verdicts.first().toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("booking.created"));
}

void TestDeliveryE2e::killDuringTheQueueLosesNothing()
{
    const int events = 40;
    // Each delivery takes 1 s at the sink: at 10 in parallel the queue takes ~4 s. The events
    // queue up while the subscription is disabled, then all become due at once.
    const qint64 id =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/slow?ms=1000"))},
                   {QStringLiteral("active"), false}});
    QStringList fired;
    for (int i = 0; i < events; ++i)
        fired.append(fire(QStringLiteral("item.create"), id));
    QCOMPARE(api("PATCH", QStringLiteral("/api/webhooks/%1").arg(id), R"({"active":true})").status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(m_sink.logFor(QStringLiteral("/slow")).size() >= 3, 10000);
    m_serve->process().kill(); // SIGKILL: no chance to finish anything
    m_serve->process().waitForFinished();
    const int beforeRestart = int(m_sink.logFor(QStringLiteral("/slow")).size());
    QVERIFY2(beforeRestart < events, "the queue ended before the kill; make the sink slower");

    auto restarted = std::make_unique<ServeProcess>(m_serve->dataDir());
    QVERIFY(restarted->start());
    QElapsedTimer timer;
    timer.start();
    int delivered = 0;
    while (timer.elapsed() < 30000) {
        const CurlReply reply =
            api("GET",
                QStringLiteral("/api/webhooks/%1/deliveries?status=delivered&limit=1000").arg(id),
                {}, restarted.get());
        delivered = int(data(reply).value(QStringLiteral("deliveries")).toArray().size());
        if (delivered == events)
            break;
        QTest::qWait(200);
    }
    QCOMPARE(delivered, events);
    // At least once: every event arrived; a repeat (in flight at the kill) has the same id.
    QSet<QString> ids;
    const QJsonArray received = m_sink.logFor(QStringLiteral("/slow"));
    for (const QJsonValue &entry : received)
        ids.insert(header(entry.toObject(), QStringLiteral("webhook-id")));
    QCOMPARE(ids, QSet<QString>(fired.begin(), fired.end()));
    QVERIFY(received.size() >= events);
    qInfo("kill -9 after %d of %d received; %lld received in all (%lld repeats)", beforeRestart,
          events, qint64(received.size()), qint64(received.size()) - events);
    // The first process owns the data folder (a temporary one): it stays until the end.
    m_killed = std::move(m_serve);
    m_serve = std::move(restarted);
}

void TestDeliveryE2e::exportRoute()
{
    // Two captured webhooks, then the management API's export of them.
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_serve->port());
    for (const char *body :
         {R"({"type":"user.created","data":{"user":{"id":"u1","email":"a@example.com"}}})",
          R"({"type":"user.updated","data":{"user":{"id":"u1","email":"b@example.com"}}})"}) {
        QCOMPARE(curl({QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                       QStringLiteral("--data-binary"), QString::fromLatin1(body),
                       base + QStringLiteral("/hooks/crm")})
                     .status,
                 200);
    }
    const CurlReply csv = api("GET", QStringLiteral("/api/export/records.csv?root=data.user&key=id&"
                                                    "event=user.*&columns=id,email"));
    QVERIFY2(csv.status == 200, csv.body.constData());
    QCOMPARE(csv.body, QByteArray("id,email\r\nu1,b@example.com\r\n")); // the latest per key
    const CurlReply ndjson =
        api("GET", QStringLiteral("/api/export/requests.ndjson?path=/hooks/crm"));
    QCOMPARE(ndjson.status, 200);
    QCOMPARE(ndjson.body.count('\n'), 2);
    QCOMPARE(api("GET", QStringLiteral("/api/export/records.csv?where=email%20~%20x")).status, 400);
    QCOMPARE(api("GET", QStringLiteral("/api/export/requests.har")).status, 400);
    QCOMPARE(api("GET", QStringLiteral("/api/export/nothing.csv")).status, 400);
    QCOMPARE(api("POST", QStringLiteral("/api/export/requests.csv"), "{}").status, 405);
    QCOMPARE(curl({base + QStringLiteral("/api/export/requests.csv")}).status, 401);
    // Every API export is in the audit log.
    const ServeProcess::Result log =
        ServeProcess::run({QStringLiteral("exports"), QStringLiteral("--json"),
                           QStringLiteral("--data-dir"), m_serve->dataDir()});
    QCOMPARE(log.exitCode, 0);
    QVERIFY2(log.out.contains("GET /api/export/records.csv"), log.out.constData());
}

void TestDeliveryE2e::rateLimitSpacesDeliveriesWithoutBlockingOthers()
{
    // 2 a second: the first two at once, then one every 500 ms.
    const qint64 limited =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/ok/limited"))},
                   {QStringLiteral("rateLimit"), 2}});
    const qint64 other =
        subscribe({{QStringLiteral("url"), m_sink.url(QStringLiteral("/ok/other"))}});
    QStringList backlog;
    for (int i = 0; i < 6; ++i)
        backlog.append(fire(QStringLiteral("tag.added"), limited));
    const QString quick = fire(QStringLiteral("tag.added"), other);
    // The other subscription is not stuck behind the limited one's backlog.
    QCOMPARE(waitForDelivery(other, quick, {QStringLiteral("delivered")}, 10000)
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("delivered"));
    QVERIFY(m_sink.logFor(QStringLiteral("/ok/limited")).size() < 6);
    QCOMPARE(waitForDelivery(limited, backlog.last(), {QStringLiteral("delivered")}, 20000)
                 .value(QStringLiteral("status"))
                 .toString(),
             QStringLiteral("delivered"));
    const QJsonArray received = m_sink.logFor(QStringLiteral("/ok/limited"));
    QCOMPARE(received.size(), 6);
    const double span = received.last().toObject().value(QStringLiteral("time")).toDouble() -
                        received.first().toObject().value(QStringLiteral("time")).toDouble();
    QVERIFY2(span >= 1.9, qPrintable(QString::number(span))); // 4 more after the burst of 2
}

QTEST_GUILESS_MAIN(TestDeliveryE2e)
#include "tst_delivery_e2e.moc"
