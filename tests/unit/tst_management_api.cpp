// The management API's routing, token check, validation and error statuses, in process over
// a real OutboxService and database (the e2e suite drives the same routes over HTTP).
#include "api/management_api.h"
#include "deliver/delivery_worker.h"
#include "deliver/outbox_service.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

namespace {

const QByteArray token = "test-token-0123456789abcdef";

} // namespace

class TestManagementApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void routesThatBelongToTheApi();
    void tokenRequired_data();
    void tokenRequired();
    void unknownRouteAndMethod();
    void badBodies_data();
    void badBodies();
    void subscriptionLifecycle();
    void fireAndDeliveries();
    void testEventAndCatalog();
    void retryCancelAndQueue();
    void openApiIsPublic();

private:
    ApiResponse call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                     const QByteArray &query = {}, const QByteArray &auth = "Bearer " + token);
    QJsonObject data(const ApiResponse &response);
    qint64 createSubscription(const QByteArray &json);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OutboxService> m_outbox;
    std::unique_ptr<ManagementApi> m_api;
};

void TestManagementApi::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    {
        Database db(Database::fileIn(m_dir->path()), QStringLiteral("api-test-migrate"));
        QVERIFY(db.open());
        QVERIFY(db.migrate());
    }
    m_outbox = std::make_unique<OutboxService>();
    QString error;
    QVERIFY2(m_outbox->open(m_dir->path(), Database::Sync::Normal, &error), qPrintable(error));
    // Deliveries go nowhere in this test: the worker is stopped, rows stay in the outbox.
    m_outbox->worker()->stop();
    m_api = std::make_unique<ManagementApi>(m_outbox.get(), token);
}

void TestManagementApi::cleanup()
{
    m_api.reset();
    m_outbox.reset();
    m_dir.reset();
}

ApiResponse TestManagementApi::call(const QByteArray &method, const QByteArray &path,
                                    const QByteArray &body, const QByteArray &query,
                                    const QByteArray &auth)
{
    ApiRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    if (!auth.isEmpty())
        request.headers.append({"Authorization", auth});
    return m_api->handle(request);
}

QJsonObject TestManagementApi::data(const ApiResponse &response)
{
    return QJsonDocument::fromJson(response.body).object().value(QStringLiteral("data")).toObject();
}

qint64 TestManagementApi::createSubscription(const QByteArray &json)
{
    const ApiResponse created = call("POST", "/api/webhooks", json);
    if (created.status != 201)
        qWarning("%s", created.body.constData());
    return data(created).value(QStringLiteral("id")).toInteger();
}

void TestManagementApi::routesThatBelongToTheApi()
{
    QVERIFY(ManagementApi::handles("/api/webhooks"));
    QVERIFY(ManagementApi::handles("/api/webhooks/3/test"));
    QVERIFY(ManagementApi::handles("/api/events"));
    QVERIFY(ManagementApi::handles("/api/openapi.json"));
    // Seed 000 and 002's inbound endpoint and the stream stay the receiver's.
    QVERIFY(!ManagementApi::handles("/api/webhook"));
    QVERIFY(!ManagementApi::handles("/api/webhook/stream"));
    QVERIFY(!ManagementApi::handles("/api/webhooksx"));
    QVERIFY(!ManagementApi::handles("/hooks/github"));
}

void TestManagementApi::tokenRequired_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("wrong") << QByteArray("Bearer wrong-token");
    QTest::newRow("prefix of the token") << QByteArray("Bearer " + token.left(10));
    QTest::newRow("basic") << QByteArray("Basic " + token.toBase64());
    QTest::newRow("no scheme") << token;
}

void TestManagementApi::tokenRequired()
{
    QFETCH(QByteArray, authorization);
    const ApiResponse response = call("GET", "/api/webhooks", {}, {}, authorization);
    QCOMPARE(response.status, 401);
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value(QStringLiteral("success")).toBool(true), false);
    QVERIFY(body.value(QStringLiteral("error")).toString().contains(QLatin1String("token")));
    QCOMPARE(response.headers.first().name, QByteArray("WWW-Authenticate"));
    // Case-insensitive scheme works.
    QCOMPARE(call("GET", "/api/webhooks", {}, {}, "bearer " + token).status, 200);
}

void TestManagementApi::unknownRouteAndMethod()
{
    QCOMPARE(call("GET", "/api/webhooks/1/nothing").status, 404);
    QCOMPARE(call("GET", "/api/webhooks/999").status, 404);
    QCOMPARE(call("GET", "/api/webhooks/abc").status, 404);
    const ApiResponse wrongMethod = call("DELETE", "/api/webhooks");
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.headers.first().value, QByteArray("GET, POST"));
}

void TestManagementApi::badBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << 400
                           << QStringLiteral("a JSON object body is required");
    QTest::newRow("not json") << QByteArray("{name:") << 400
                              << QStringLiteral("PREFIX:the body is not JSON");
    QTest::newRow("array") << QByteArray("[1]") << 400
                           << QStringLiteral("the body must be a JSON object");
    QTest::newRow("no url") << QByteArray(R"({"name":"x"})") << 422
                            << QStringLiteral("\"url\" is required");
    QTest::newRow("bad url") << QByteArray(R"({"name":"x","url":"localhost"})") << 422
                             << QStringLiteral(
                                    "\"url\" must be an http:// or https:// URL with a host");
}

void TestManagementApi::badBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    const ApiResponse response = call("POST", "/api/webhooks", body);
    QCOMPARE(response.status, status);
    const QString message =
        QJsonDocument::fromJson(response.body).object().value(QStringLiteral("error")).toString();
    if (error.startsWith(QLatin1String("PREFIX:")))
        QVERIFY2(message.startsWith(error.mid(7)), qPrintable(message));
    else
        QCOMPARE(message, error);
    QCOMPARE(m_outbox->subscriptions().size(), 0); // nothing half-created
}

void TestManagementApi::subscriptionLifecycle()
{
    const ApiResponse created = call("POST", "/api/webhooks",
                                     R"({"name":"Test Webhook","url":"http://127.0.0.1:9/hook",
                                         "events":["project.created","session.started"],
                                         "description":"Testing webhook delivery"})");
    QCOMPARE(created.status, 201);
    const QJsonObject subscription = data(created);
    const qint64 id = subscription.value(QStringLiteral("id")).toInteger();
    QVERIFY(id > 0);
    // The secret is shown once, on creation.
    QVERIFY(subscription.value(QStringLiteral("secret"))
                .toString()
                .startsWith(QLatin1String("whsec_")));
    const QJsonObject fetched = data(call("GET", "/api/webhooks/" + QByteArray::number(id)));
    QVERIFY(!fetched.contains(QStringLiteral("secret")));
    QCOMPARE(fetched.value(QStringLiteral("events")).toArray().size(), 2);

    const ApiResponse patched = call("PATCH", "/api/webhooks/" + QByteArray::number(id),
                                     R"({"retryDelay":0.5,"active":false})");
    QCOMPARE(patched.status, 200);
    QCOMPARE(data(patched).value(QStringLiteral("retryDelay")).toDouble(), 0.5);
    QCOMPARE(data(patched).value(QStringLiteral("name")).toString(),
             QStringLiteral("Test Webhook"));
    QCOMPARE(call("PATCH", "/api/webhooks/" + QByteArray::number(id), R"({"timeoutMs":1})").status,
             422);
    QCOMPARE(call("PUT", "/api/webhooks/" + QByteArray::number(id), R"({"name":"only"})").status,
             422);
    const ApiResponse put = call("PUT", "/api/webhooks/" + QByteArray::number(id),
                                 R"({"name":"Replaced","url":"http://127.0.0.1:9/other"})");
    QCOMPARE(put.status, 200);
    QCOMPARE(data(put).value(QStringLiteral("description")).toString(), QString());
    QCOMPARE(data(put).value(QStringLiteral("events")).toArray().first().toString(),
             QStringLiteral("*"));

    const ApiResponse rotated =
        call("POST", "/api/webhooks/" + QByteArray::number(id) + "/rotate-secret");
    QCOMPARE(rotated.status, 200);
    QVERIFY(data(rotated).value(QStringLiteral("secret")).toString() !=
            subscription.value(QStringLiteral("secret")).toString());

    const ApiResponse list = call("GET", "/api/webhooks");
    QCOMPARE(
        QJsonDocument::fromJson(list.body).object().value(QStringLiteral("data")).toArray().size(),
        1);
    QCOMPARE(call("DELETE", "/api/webhooks/" + QByteArray::number(id)).status, 200);
    QCOMPARE(call("DELETE", "/api/webhooks/" + QByteArray::number(id)).status, 404);
    QCOMPARE(call("GET", "/api/webhooks/" + QByteArray::number(id)).status, 404);
}

void TestManagementApi::fireAndDeliveries()
{
    const qint64 users =
        createSubscription(R"({"name":"users","url":"http://127.0.0.1:9/u","events":["user.*"]})");
    const qint64 all = createSubscription(R"({"name":"all","url":"http://127.0.0.1:9/a"})");
    createSubscription(R"({"name":"off","url":"http://127.0.0.1:9/o","active":false})");
    QVERIFY(users > 0 && all > 0);

    const ApiResponse fired =
        call("POST", "/api/events", R"({"type":"user.created","data":{"id":"usr_1"}})");
    QCOMPARE(fired.status, 202);
    const QJsonObject event = data(fired);
    QVERIFY(event.value(QStringLiteral("id")).toString().startsWith(QLatin1String("evt_")));
    QCOMPARE(event.value(QStringLiteral("deliveryIds")).toArray().size(),
             2); // not the inactive one
    const ApiResponse other =
        call("POST", "/api/events", R"({"type":"booking.created","data":{}})");
    QCOMPARE(data(other).value(QStringLiteral("deliveryIds")).toArray().size(), 1);
    const ApiResponse targeted = call("POST", "/api/events",
                                      R"({"type":"booking.created","data":{},"webhookIds":[)" +
                                          QByteArray::number(users) + "]}");
    QCOMPARE(data(targeted).value(QStringLiteral("deliveryIds")).toArray().size(), 1);

    QCOMPARE(call("POST", "/api/events", R"({"data":{}})").status, 400);
    QCOMPARE(call("POST", "/api/events", R"({"type":"has space"})").status, 422);
    QCOMPARE(call("POST", "/api/events", R"({"type":"a.b","data":"text"})").status, 422);
    QCOMPARE(call("POST", "/api/events", R"({"type":"a.b","webhookIds":[424242]})").status, 404);

    const ApiResponse page =
        call("GET", "/api/webhooks/" + QByteArray::number(all) + "/deliveries", {}, "limit=1");
    QCOMPARE(page.status, 200);
    const QJsonObject pageData = data(page);
    const QJsonArray deliveries = pageData.value(QStringLiteral("deliveries")).toArray();
    QCOMPARE(deliveries.size(), 1);
    QCOMPARE(deliveries.first().toObject().value(QStringLiteral("eventType")).toString(),
             QStringLiteral("booking.created"));
    QVERIFY(deliveries.first().toObject().value(QStringLiteral("attemptLog")).isArray());
    const qint64 next = pageData.value(QStringLiteral("nextBefore")).toInteger();
    const QJsonArray older =
        data(call("GET", "/api/webhooks/" + QByteArray::number(all) + "/deliveries", {},
                  "limit=1&before=" + QByteArray::number(next)))
            .value(QStringLiteral("deliveries"))
            .toArray();
    QCOMPARE(older.first().toObject().value(QStringLiteral("eventType")).toString(),
             QStringLiteral("user.created"));
    QCOMPARE(call("GET", "/api/webhooks/" + QByteArray::number(all) + "/deliveries", {}, "limit=0")
                 .status,
             400);
    QCOMPARE(
        call("GET", "/api/webhooks/" + QByteArray::number(all) + "/deliveries", {}, "status=odd")
            .status,
        400);

    const QString eventId = event.value(QStringLiteral("id")).toString();
    const ApiResponse detail = call("GET", "/api/events/" + eventId.toUtf8());
    QCOMPARE(detail.status, 200);
    QCOMPARE(data(detail).value(QStringLiteral("deliveries")).toArray().size(), 2);
    const ApiResponse resent = call("POST", "/api/events/" + eventId.toUtf8() + "/resend",
                                    R"({"webhookId":)" + QByteArray::number(all) + "}");
    QCOMPARE(resent.status, 202);
    QCOMPARE(call("POST", "/api/events/evt_nothing/resend", R"({"webhookId":1})").status, 404);
    QCOMPARE(call("GET", "/api/events").status, 200);

    const ApiResponse stats = call("GET", "/api/webhooks/" + QByteArray::number(all) + "/stats");
    QCOMPARE(stats.status, 200);
    QCOMPARE(data(stats).value(QStringLiteral("deliveries")).toInt(), 3);
    QCOMPARE(data(stats).value(QStringLiteral("pending")).toInt(), 3);
}

void TestManagementApi::testEventAndCatalog()
{
    const qint64 id = createSubscription(
        R"({"name":"bookings","url":"http://127.0.0.1:9/b","events":["booking.*"]})");
    const ApiResponse test = call("POST", "/api/webhooks/" + QByteArray::number(id) + "/test");
    QCOMPARE(test.status, 202);
    // The first catalog type the subscription wants, with its sample payload.
    QVERIFY(
        data(test).value(QStringLiteral("type")).toString().startsWith(QLatin1String("booking.")));
    QVERIFY(!data(test).value(QStringLiteral("data")).toObject().isEmpty());
    const ApiResponse chosen = call("POST", "/api/webhooks/" + QByteArray::number(id) + "/test",
                                    R"({"event_type":"payment.failed"})");
    QCOMPARE(data(chosen).value(QStringLiteral("type")).toString(),
             QStringLiteral("payment.failed"));
    QCOMPARE(call("POST", "/api/webhooks/" + QByteArray::number(id) + "/test",
                  R"({"event_type":"no.such.type"})")
                 .status,
             422);
    QCOMPARE(call("POST", "/api/webhooks/999/test").status, 404);
    call("PATCH", "/api/webhooks/" + QByteArray::number(id), R"({"active":false})");
    QCOMPARE(call("POST", "/api/webhooks/" + QByteArray::number(id) + "/test").status, 409);

    const ApiResponse catalog = call("GET", "/api/catalog");
    const QJsonArray types =
        QJsonDocument::fromJson(catalog.body).object().value(QStringLiteral("data")).toArray();
    QStringList families;
    for (const QJsonValue &type : types)
        families.append(type.toObject()
                            .value(QStringLiteral("type"))
                            .toString()
                            .section(QLatin1Char('.'), 0, 0));
    for (const char *family : {"user", "auth", "experience", "resume", "admin", "booking", "qr",
                               "tag", "customfield", "project", "session", "recording", "agent",
                               "subscription", "payment", "storage", "item", "profile", "custom"})
        QVERIFY2(families.contains(QLatin1String(family)), family);
}

void TestManagementApi::retryCancelAndQueue()
{
    const qint64 id = createSubscription(R"({"name":"q","url":"http://127.0.0.1:9/q"})");
    const QJsonArray ids = data(call("POST", "/api/events", R"({"type":"user.created","data":{}})"))
                               .value(QStringLiteral("deliveryIds"))
                               .toArray();
    const QByteArray delivery = QByteArray::number(ids.first().toInteger());
    QCOMPARE(call("GET", "/api/deliveries/" + delivery).status, 200);
    QCOMPARE(call("POST", "/api/deliveries/" + delivery + "/cancel").status, 200);
    QCOMPARE(call("POST", "/api/deliveries/" + delivery + "/cancel").status, 409);
    QCOMPARE(call("POST", "/api/deliveries/" + delivery + "/retry").status, 202);
    QCOMPARE(call("POST", "/api/deliveries/999/retry").status, 404);

    const QJsonObject queue = data(call("GET", "/api/webhooks/queue/stats"));
    QCOMPARE(queue.value(QStringLiteral("scheduled")).toInt() +
                 queue.value(QStringLiteral("pending")).toInt(),
             1);
    QVERIFY(queue.contains(QStringLiteral("inFlight")));
    QVERIFY(queue.contains(QStringLiteral("deliveredLastHour")));
    QCOMPARE(call("POST", "/api/webhooks/queue/retry-failed").status, 200);
    QCOMPARE(data(call("POST", "/api/webhooks/queue/retry-failed",
                       R"({"webhookId":")" + QByteArray::number(id) + R"("})"))
                 .value(QStringLiteral("retried"))
                 .toInt(),
             0);
    QCOMPARE(call("POST", "/api/webhooks/queue/retry-failed", R"({"webhookId":"webhook_id_here"})")
                 .status,
             400);
    QCOMPARE(call("POST", "/api/webhooks/queue/retry-failed", R"({"webhookId":777})").status, 404);
}

void TestManagementApi::openApiIsPublic()
{
    const ApiResponse response = call("GET", "/api/openapi.json", {}, {}, {});
    QCOMPARE(response.status, 200);
    const QJsonObject document = QJsonDocument::fromJson(response.body).object();
    QVERIFY(document.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
    QVERIFY(document.value(QStringLiteral("paths"))
                .toObject()
                .contains(QStringLiteral("/api/webhooks/{id}/test")));
}

QTEST_GUILESS_MAIN(TestManagementApi)
#include "tst_management_api.moc"
