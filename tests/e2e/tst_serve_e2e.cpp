#include "serve_process.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

namespace {

// Read-only look at the database the real binary wrote.
class DbView
{
public:
    explicit DbView(const QString &path) : m_name(QStringLiteral("view-%1").arg(++s_counter))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        m_db.open();
    }
    ~DbView()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    QSet<qint64> ids()
    {
        QSet<qint64> ids;
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("SELECT id FROM requests"));
        while (q.next())
            ids.insert(q.value(0).toLongLong());
        return ids;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    QSqlDatabase m_db;
};

QString url(quint16 port, const char *path)
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QLatin1String(path));
}

// Reads an event stream until `until` appears in what arrived or time runs out.
QByteArray readStream(QTcpSocket &socket, const QByteArray &until, int timeoutMs = 8000)
{
    QByteArray data;
    QElapsedTimer timer;
    timer.start();
    while (!data.contains(until) && timer.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() || socket.waitForReadyRead(100))
            data += socket.readAll();
    }
    return data;
}

QList<qint64> eventIds(const QByteArray &stream)
{
    QList<qint64> ids;
    for (const QByteArray &line : stream.split('\n')) {
        if (line.startsWith("id: "))
            ids.append(line.mid(4).toLongLong());
    }
    return ids;
}

} // namespace

class TestServeE2E : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void postIsAcknowledgedAfterItIsStored();
    void healthRoute();
    void rulesFromFile();
    void bodyOverTheLimit();
    void malformedHttpGetsAJsonError();
    void clientDisconnectingMidBody();
    void binaryAndEmptyBodies();
    void liveStreamReplayLiveResumeAndFilter();
    void portInUseExitsWith3();
    void badInputExitsWith2();
    void sigtermFinishesAndExits0();
    void killDuringLoadLosesNothingAcknowledged();
    void thousandConcurrentConnections();
};

void TestServeE2E::initTestCase()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    QProcess curlVersion;
    curlVersion.start(QStringLiteral("curl"), {QStringLiteral("--version")});
    QVERIFY2(curlVersion.waitForFinished() && curlVersion.exitCode() == 0,
             "curl is needed (packaging/debian-deps.txt)");
}

void TestServeE2E::postIsAcknowledgedAfterItIsStored()
{
    ServeProcess server;
    QVERIFY(server.start());
    const CurlReply reply =
        curl({QStringLiteral("-X"), QStringLiteral("POST"), url(server.port(), "/anything?x=1"),
              QStringLiteral("-H"), QStringLiteral("X-Mixed-CASE: yes"), QStringLiteral("-d"),
              QStringLiteral("{\"a\":1}")});
    QCOMPARE(reply.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(body.value(QStringLiteral("success")).toBool(), true);
    const qint64 id = body.value(QStringLiteral("id")).toString().toLongLong();
    QVERIFY(id > 0);

    DbView db(server.databasePath());
    const QString where = QStringLiteral(" FROM requests WHERE id = %1").arg(id);
    QCOMPARE(db.value(QStringLiteral("SELECT path") + where).toString(),
             QStringLiteral("/anything"));
    QCOMPARE(db.value(QStringLiteral("SELECT query") + where).toString(), QStringLiteral("x=1"));
    QCOMPARE(db.value(QStringLiteral("SELECT body") + where).toByteArray(),
             QByteArray("{\"a\":1}"));
    QCOMPARE(db.value(QStringLiteral("SELECT response_status") + where).toInt(), 200);
    QVERIFY(db.value(QStringLiteral("SELECT headers") + where)
                .toByteArray()
                .contains("X-Mixed-CASE: yes\r\n"));
    QVERIFY(db.value(QStringLiteral("SELECT remote_port") + where).toInt() > 0);
    QCOMPARE(db.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));

    // the serve log: one line per request with method, path, status and size
    QTRY_VERIFY(server.output().contains(" POST /anything?x=1 200 7\n"));
}

void TestServeE2E::healthRoute()
{
    ServeProcess server;
    QVERIFY(server.start());
    const CurlReply reply = curl({url(server.port(), "/api/webhook")});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray(R"({"status":"ok"})"));
    DbView db(server.databasePath());
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests")).toInt(), 0);
    // POST to the same path is captured like any other
    QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral("{}"), url(server.port(), "/api/webhook")})
                 .status,
             200);
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests")).toInt(), 1);
}

void TestServeE2E::rulesFromFile()
{
    QTemporaryDir dir;
    QFile rules(dir.filePath(QStringLiteral("rules.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"rules": [
      {"name": "directus", "methods": ["POST"], "path": "/api/webhook", "secret": "s3cret",
       "requiredFields": ["eventType", "data"],
       "response": {"body": {"success": true, "message": "Webhook processed successfully",
                             "data": {"processed": true, "action": "{{body.eventType}}",
                                      "itemId": "{{body.data.id}}"}}}},
      {"name": "chat", "path": "/chat", "response": {"status": 201,
       "body": "{\"success\":true,\"messageId\":\"{{request.id}}\",\"timestamp\":{{now.ms}}}"}},
      {"name": "flaky", "path": "/flaky/*", "fail": {"first": 2, "status": 503}},
      {"name": "slow", "path": "/slow", "delayMs": 400}
    ]})");
    rules.close();
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--rules"), rules.fileName()}));
    const QString hook = url(server.port(), "/api/webhook");
    const QString json = QStringLiteral("Content-Type: application/json");
    const QString secret = QStringLiteral("x-webhook-secret: s3cret");

    CurlReply r =
        curl({QStringLiteral("-H"), json, QStringLiteral("-d"), QStringLiteral("{}"), hook});
    QCOMPARE(r.status, 401);
    QCOMPARE(
        r.body,
        QByteArray(
            R"({"success":false,"message":"Unauthorized","error":"Missing webhook secret header"})"));
    r = curl({QStringLiteral("-H"), QStringLiteral("X-Webhook-Secret: wrong"), QStringLiteral("-d"),
              QStringLiteral("{}"), hook});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body,
             QByteArray(
                 R"({"success":false,"message":"Unauthorized","error":"Invalid webhook secret"})"));
    r = curl({QStringLiteral("-H"), secret, QStringLiteral("-d"), QStringLiteral("{oops"), hook});
    QCOMPARE(r.status, 400);
    QCOMPARE(
        r.body,
        QByteArray(R"({"success":false,"message":"Bad Request","error":"Invalid JSON payload"})"));
    r = curl({QStringLiteral("-H"), secret, QStringLiteral("-d"), QStringLiteral("{\"data\":{}}"),
              hook});
    QCOMPARE(r.status, 400);
    QCOMPARE(
        r.body,
        QByteArray(
            R"({"success":false,"message":"Bad Request","error":"Missing required field: eventType"})"));
    r = curl({QStringLiteral("-H"), secret, QStringLiteral("-H"), json, QStringLiteral("-d"),
              QStringLiteral(R"({"eventType":"item.create","data":{"id":"item-123"}})"), hook});
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object(),
             QJsonDocument::fromJson(R"({"success":true,"message":"Webhook processed successfully",
                 "data":{"processed":true,"action":"item.create","itemId":"item-123"}})")
                 .object());

    r = curl(
        {QStringLiteral("-d"), QStringLiteral(R"({"message":"hi"})"), url(server.port(), "/chat")});
    QCOMPARE(r.status, 201);
    const QJsonObject chat = QJsonDocument::fromJson(r.body).object();
    QVERIFY(chat.value(QStringLiteral("timestamp")).toDouble() > 1.6e12);
    const qint64 chatId = chat.value(QStringLiteral("messageId")).toString().toLongLong();
    QVERIFY(chatId > 0);

    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("x"), url(server.port(), "/flaky/a")}).status,
        503);
    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("x"), url(server.port(), "/flaky/b")}).status,
        503);
    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("x"), url(server.port(), "/flaky/c")}).status,
        200);

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral("x"), url(server.port(), "/slow")}).status,
             200);
    QVERIFY(timer.elapsed() >= 400);

    // rejected requests are captured too, with the status they got and their rule
    DbView db(server.databasePath());
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests WHERE endpoint_name = "
                                     "'directus' AND response_status = 401"))
                 .toInt(),
             2);
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests WHERE response_status = 400"))
                 .toInt(),
             2);
    QCOMPARE(
        db.value(QStringLiteral("SELECT endpoint_name FROM requests WHERE id = %1").arg(chatId))
            .toString(),
        QStringLiteral("chat"));
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM endpoints")).toInt(), 4);
}

void TestServeE2E::bodyOverTheLimit()
{
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--max-body"), QStringLiteral("1000")}));
    const QByteArray big(5000, 'x');
    // with and without Expect: 100-continue
    for (const QString &expect :
         {QStringLiteral("Expect: 100-continue"), QStringLiteral("Expect:")}) {
        const CurlReply r = curl({QStringLiteral("-H"), expect, QStringLiteral("--data-binary"),
                                  QStringLiteral("@-"), url(server.port(), "/big")},
                                 big);
        QCOMPARE(r.status, 413);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toString(),
                 QStringLiteral("Request body exceeds the 1000-byte limit"));
    }
    // chunked upload, no length announced
    const RawReply chunked = rawRequest(
        server.port(), "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                           QByteArray::number(2000, 16) + "\r\n" + QByteArray(2000, 'y') +
                           "\r\n0\r\n\r\n");
    QCOMPARE(chunked.status, 413);
    DbView db(server.databasePath());
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests WHERE truncated = 1 AND "
                                     "response_status = 413 AND length(body) = 0"))
                 .toInt(),
             3);
    QCOMPARE(db.value(QStringLiteral("SELECT body_size FROM requests WHERE path = '/big'")).toInt(),
             5000);
    // within the limit still works on a new connection
    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("small"), url(server.port(), "/ok")}).status,
        200);
}

void TestServeE2E::malformedHttpGetsAJsonError()
{
    ServeProcess server;
    QVERIFY(server.start());
    RawReply r = rawRequest(server.port(), "this is not http\r\n\r\n");
    QCOMPARE(r.status, 400);
    QVERIFY(r.body.startsWith(
        R"({"success":false,"message":"Bad Request","error":"Malformed HTTP request)"));
    QVERIFY(r.closed);
    r = rawRequest(server.port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(r.status, 501);
    r = rawRequest(server.port(), "GET / HTTP/1.1\r\nX: " + QByteArray(200000, 'a') + "\r\n\r\n");
    QCOMPARE(r.status, 431);
    // odd header case and pipelined requests on one connection
    QTcpSocket pipelined;
    pipelined.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(pipelined.waitForConnected());
    pipelined.write("POST /p1 HTTP/1.1\r\ncOnTeNt-LeNgTh: 2\r\n\r\nabPOST /p2 HTTP/1.1\r\n"
                    "Content-Length: 0\r\nConnection: close\r\n\r\n");
    const QByteArray both = readStream(pipelined, R"("id":"2"})");
    QCOMPARE(both.count("HTTP/1.1 200 OK\r\n"), 2);
    QVERIFY(both.indexOf(R"("id":"1")") < both.indexOf(R"("id":"2")")); // in request order
    QCOMPARE(curl({url(server.port(), "/api/webhook")}).status, 200);
    DbView db(server.databasePath());
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests")).toInt(), 2);
    QVERIFY(db.value(QStringLiteral("SELECT headers FROM requests WHERE path = '/p1'"))
                .toByteArray()
                .contains("cOnTeNt-LeNgTh: 2"));
}

void TestServeE2E::clientDisconnectingMidBody()
{
    ServeProcess server;
    QVERIFY(server.start());
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(socket.waitForConnected());
        socket.write("POST /partial HTTP/1.1\r\nContent-Length: 1000\r\n\r\nonly a little");
        QVERIFY(socket.waitForBytesWritten());
        QTest::qWait(100);
        socket.abort();
    }
    QTest::qWait(200);
    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("after"), url(server.port(), "/after")}).status,
        200);
    DbView db(server.databasePath());
    QCOMPARE(
        db.value(QStringLiteral("SELECT count(*) FROM requests WHERE path = '/partial'")).toInt(),
        0);
    QCOMPARE(
        db.value(QStringLiteral("SELECT count(*) FROM requests WHERE path = '/after'")).toInt(), 1);
}

void TestServeE2E::binaryAndEmptyBodies()
{
    ServeProcess server;
    QVERIFY(server.start());
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QCOMPARE(
        curl({QStringLiteral("--data-binary"), QStringLiteral("@-"), QStringLiteral("-H"),
              QStringLiteral("Content-Type: application/octet-stream"), url(server.port(), "/bin")},
             binary)
            .status,
        200);
    QCOMPARE(
        curl({QStringLiteral("-X"), QStringLiteral("DELETE"), url(server.port(), "/empty")}).status,
        200);
    DbView db(server.databasePath());
    QCOMPARE(
        db.value(QStringLiteral("SELECT body FROM requests WHERE path = '/bin'")).toByteArray(),
        binary);
    QCOMPARE(
        db.value(QStringLiteral("SELECT length(body) FROM requests WHERE path = '/empty'")).toInt(),
        0);
    QCOMPARE(
        db.value(QStringLiteral("SELECT method FROM requests WHERE path = '/empty'")).toString(),
        QStringLiteral("DELETE"));
}

void TestServeE2E::liveStreamReplayLiveResumeAndFilter()
{
    ServeProcess server;
    QVERIFY(server.start());
    for (int i = 1; i <= 3; ++i) {
        const QString body = i == 2 ? QStringLiteral(R"({"message":"to abc","sessionId":"abc"})")
                                    : QStringLiteral(R"({"message":"m%1"})").arg(i);
        QCOMPARE(curl({QStringLiteral("-d"), body, url(server.port(), "/chat")}).status, 200);
    }
    QByteArray binary("\xff\xfe\x00", 3);
    QCOMPARE(
        curl({QStringLiteral("--data-binary"), QStringLiteral("@-"), url(server.port(), "/bin")},
             binary)
            .status,
        200);

    QTcpSocket stream;
    stream.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(stream.waitForConnected());
    stream.write(
        "GET /api/webhook/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
    QByteArray data = readStream(stream, "id: 4\n");
    QVERIFY2(data.startsWith("HTTP/1.1 200 OK\r\n"), data.constData());
    QVERIFY(data.contains("Content-Type: text/event-stream"));
    QVERIFY(data.contains(R"("type":"connected")"));
    QCOMPARE(eventIds(data), (QList<qint64>{1, 2, 3, 4}));
    QVERIFY(data.contains(R"("message":"m1")"));
    QVERIFY(data.contains(R"("sessionId":"abc")"));
    QVERIFY(data.contains(
        QByteArray(R"("body":")" + binary.toBase64() + R"(","bodyEncoding":"base64")")));

    // live
    QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral("{\"message\":\"live\"}"),
                   url(server.port(), "/chat")})
                 .status,
             200);
    data = readStream(stream, "id: 5\n");
    QCOMPARE(eventIds(data), (QList<qint64>{5}));
    // heartbeat every 2 s
    QVERIFY(readStream(stream, ": heartbeat\n\n", 5000).contains(": heartbeat"));
    stream.abort();

    // missed while away, resumed by Last-Event-ID without duplicates or gaps
    for (int i = 0; i < 3; ++i)
        QCOMPARE(
            curl({QStringLiteral("-d"), QStringLiteral("{}"), url(server.port(), "/later")}).status,
            200);
    QTcpSocket resumed;
    resumed.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(resumed.waitForConnected());
    resumed.write("GET /api/webhook/stream HTTP/1.1\r\nLast-Event-ID: 5\r\n\r\n");
    data = readStream(resumed, "id: 8\n");
    QCOMPARE(eventIds(data), (QList<qint64>{6, 7, 8}));
    QCOMPARE(
        curl({QStringLiteral("-d"), QStringLiteral("{}"), url(server.port(), "/later")}).status,
        200);
    QCOMPARE(eventIds(readStream(resumed, "id: 9\n")), (QList<qint64>{9}));

    // session filter: replay and live only for that session
    QTcpSocket filtered;
    filtered.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(filtered.waitForConnected());
    filtered.write("GET /api/webhook/stream?sessionId=abc HTTP/1.1\r\n\r\n");
    data = readStream(filtered, "id: 2\n");
    QCOMPARE(eventIds(data), (QList<qint64>{2}));
    QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral(R"({"sessionId":"other"})"),
                   url(server.port(), "/chat")})
                 .status,
             200);
    QCOMPARE(curl({QStringLiteral("-d"), QStringLiteral(R"({"sessionId":"abc"})"),
                   url(server.port(), "/chat")})
                 .status,
             200);
    data = readStream(filtered, "id: 11\n");
    QCOMPARE(eventIds(data), (QList<qint64>{11}));
}

void TestServeE2E::portInUseExitsWith3()
{
    ServeProcess first;
    QVERIFY(first.start());
    QTemporaryDir dir;
    const ServeProcess::Result second = ServeProcess::run(
        {QStringLiteral("serve"), QStringLiteral("--port"), QString::number(first.port()),
         QStringLiteral("--data-dir"), dir.path()});
    QCOMPARE(second.exitCode, 3);
    QVERIFY2(second.err.contains(
                 QByteArray("port " + QByteArray::number(first.port()) + " is already in use")),
             second.err.constData());
    QCOMPARE(second.err.count('\n'), 1);
    // the first one is unharmed
    QCOMPARE(curl({url(first.port(), "/api/webhook")}).status, 200);
}

void TestServeE2E::badInputExitsWith2()
{
    QTemporaryDir dir;
    QFile rules(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"rules":[{"name":"x","path":"/a","secrt":"typo"}]})");
    rules.close();
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    ServeProcess::Result r =
        ServeProcess::run({QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir,
                           QStringLiteral("--rules"), rules.fileName()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("rule 1 (x): unknown key \"secrt\""), r.err.constData());
    r = ServeProcess::run(
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("99999")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--port"));
    r = ServeProcess::run(
        {QStringLiteral("serve"), QStringLiteral("--bind"), QStringLiteral("not-an-ip")});
    QCOMPARE(r.exitCode, 2);
    r = ServeProcess::run({QStringLiteral("serve"), QStringLiteral("--frobnicate")});
    QCOMPARE(r.exitCode, 2);
    r = ServeProcess::run({QStringLiteral("frobnicate")});
    QCOMPARE(r.exitCode, 2);
    r = ServeProcess::run({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--data-dir"));
    r = ServeProcess::run({QStringLiteral("serve"), QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("hookscope "));
    // an unusable data folder is exit 1 with a message
    r = ServeProcess::run(
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), QStringLiteral("/proc/hookscope")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!r.err.isEmpty());
}

void TestServeE2E::sigtermFinishesAndExits0()
{
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--quiet")}));
    // a slow rule keeps a request in flight while the signal arrives
    QCOMPARE(curl({url(server.port(), "/api/webhook")}).status, 200);
    QProcess client;
    client.start(QStringLiteral("curl"),
                 {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                  QStringLiteral("-w"), QStringLiteral("%{http_code}"), QStringLiteral("-d"),
                  QStringLiteral("x"), url(server.port(), "/inflight")});
    QVERIFY(client.waitForFinished(10000));
    ::kill(pid_t(server.process().processId()), SIGTERM);
    QVERIFY(server.process().waitForFinished(15000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QCOMPARE(client.readAllStandardOutput(), QByteArray("200"));
    DbView db(server.databasePath());
    QCOMPARE(
        db.value(QStringLiteral("SELECT count(*) FROM requests WHERE path = '/inflight'")).toInt(),
        1);
}

void TestServeE2E::killDuringLoadLosesNothingAcknowledged()
{
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--quiet")}));
    QNetworkAccessManager nam;
    QHash<qint64, QByteArray> acknowledged; // id -> path
    int finished = 0;
    int sent = 0;
    bool killed = false;
    constexpr int inFlight = 48;
    constexpr int killAfter = 400;
    std::function<void()> sendOne = [&] {
        const QByteArray path = "/load/" + QByteArray::number(sent++);
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port()) +
                                     QString::fromLatin1(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            nam.post(request, R"({"type":"load.test","n":)" + QByteArray::number(sent) + "}");
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, path] {
            ++finished;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300) {
                const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
                acknowledged.insert(body.value(QStringLiteral("id")).toString().toLongLong(), path);
            }
            reply->deleteLater();
            if (!killed && acknowledged.size() >= killAfter) {
                killed = true;
                server.process().kill(); // SIGKILL, mid-load
            }
            if (!killed)
                sendOne();
        });
    };
    for (int i = 0; i < inFlight; ++i)
        sendOne();
    QTRY_VERIFY_WITH_TIMEOUT(killed && finished == sent, 60000);
    QVERIFY(server.process().state() == QProcess::NotRunning ||
            server.process().waitForFinished(10000));
    QVERIFY(acknowledged.size() >= killAfter);

    DbView db(server.databasePath());
    const QSet<qint64> stored = db.ids();
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        QVERIFY2(stored.contains(it.key()),
                 qPrintable(QStringLiteral("acknowledged id %1 lost").arg(it.key())));
    }
    QCOMPARE(db.value(QStringLiteral("SELECT path FROM requests WHERE id = %1")
                          .arg(acknowledged.constBegin().key()))
                 .toByteArray(),
             acknowledged.constBegin().value());
    qInfo("acknowledged %lld, stored %lld (sent %d)", qint64(acknowledged.size()),
          qint64(stored.size()), sent);
}

void TestServeE2E::thousandConcurrentConnections()
{
    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--quiet")}));
    constexpr int count = 1000;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY2(socket->waitForConnected(10000), qPrintable(socket->errorString()));
        sockets.push_back(std::move(socket));
    }
    for (int i = 0; i < count; ++i) {
        const QByteArray body = "{\"n\":" + QByteArray::number(i) + "}";
        sockets[size_t(i)]->write("POST /many HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    int ok = 0;
    for (auto &socket : sockets) {
        QByteArray data;
        QElapsedTimer timer;
        timer.start();
        while (!data.contains("\"}") && timer.elapsed() < 20000) {
            if (socket->bytesAvailable() || socket->waitForReadyRead(200))
                data += socket->readAll();
        }
        ok += data.startsWith("HTTP/1.1 200 OK") ? 1 : 0;
    }
    QCOMPARE(ok, count);
    DbView db(server.databasePath());
    QCOMPARE(db.value(QStringLiteral("SELECT count(*) FROM requests WHERE path = '/many'")).toInt(),
             count);
}

QTEST_GUILESS_MAIN(TestServeE2E)
#include "tst_serve_e2e.moc"
