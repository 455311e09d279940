// Whole export runs on a real database file: every source, latest per key, filters, columns,
// the audit log, atomic replacement on cancel, secrets never exported, and the options the
// API parses from a query string.
#include "export/exporter.h"
#include "store/database.h"
#include "store/export_log_store.h"
#include "store/request_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace hookscope;

namespace {

const char subscriptionSecret[] = "whsec_NEVER_EXPORT_THIS_SECRET";
const char endpointSecret[] = "endpoint-secret-never-exported";

} // namespace

class TestExporter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void requestsCsvHasTheFixedColumns();
    void requestFilters_data();
    void requestFilters();
    void recordsLatestPerKey();
    void recordsFilterTheLatestState();
    void recordsSkipBodiesWithoutTheRoot();
    void recordsEachElementOfAnArrayRoot();
    void recordsFromEvents();
    void eventsNestedAsStored();
    void deliveriesWithAttempts();
    void secretsAreNeverExported();
    void chosenColumnsAndContainers();
    void unknownColumns();
    void auditLogMatchesTheFile();
    void cancelLeavesTheOldFile();
    void failedRunLeavesNoFile();
    void unwritablePath();
    void progressReachesTheTotal();
    void fromUrlQuery_data();
    void fromUrlQuery();
    void badUrlQueries_data();
    void badUrlQueries();

private:
    void addRequest(qint64 receivedUs, const QByteArray &body, const QString &endpoint = {},
                    int status = 200, const QByteArray &path = "/hooks/crm");
    void exec(const QString &sql);
    QByteArray run(const ExportOptions &options, ExportResult *result = nullptr);
    QList<QJsonObject> ndjson(ExportOptions options);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestExporter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(Database::fileIn(m_dir->path()), QStringLiteral("exporter"));
    QVERIFY(m_db->open() && m_db->migrate());
    // user u1 created, u2 created, u1 updated (consent withdrawn), u3 created, u2 updated.
    addRequest(
        1'000'000,
        R"({"event":"user.created","data":{"user":{"id":"u1","email":"ann@example.com","exportConsent":{"given":true},"tags":[{"name":"vip"}]}}})",
        QStringLiteral("crm"));
    addRequest(
        2'000'000,
        R"({"event":"user.created","data":{"user":{"id":"u2","email":"bob@example.com","exportConsent":{"given":true},"tags":[]}}})",
        QStringLiteral("crm"));
    addRequest(
        3'000'000,
        R"({"event":"user.updated","data":{"user":{"id":"u1","email":"ann@new.example","exportConsent":{"given":false},"tags":[{"name":"vip"}]},"changes":{"email":"ann@example.com"}}})",
        QStringLiteral("crm"));
    addRequest(
        4'000'000,
        R"({"event":"user.created","data":{"user":{"id":"u3","email":"=cmd@example.com","exportConsent":{"given":true},"tags":[{"name":"new"},{"name":"vip"}]}}})",
        QStringLiteral("other"), 500);
    addRequest(
        5'000'000,
        R"({"event":"user.updated","data":{"user":{"id":"u2","email":"bob@example.com","exportConsent":{"given":true},"tags":[{"name":"vip"}]}}})",
        QStringLiteral("crm"));
    addRequest(6'000'000, "not json at all", {}, 200, "/text");

    // The sending side, as issue 5's code writes it.
    exec(QStringLiteral("INSERT INTO subscriptions (id, name, url, created_us, updated_us) VALUES "
                        "(1, 'crm sync', 'https://crm.example/hooks', 1, 1), "
                        "(2, 'audit', 'https://audit.example/in', 1, 1)"));
    exec(QStringLiteral("INSERT INTO subscription_secrets VALUES (1, '%1'), (2, '%1')")
             .arg(QLatin1String(subscriptionSecret)));
    exec(QStringLiteral("INSERT INTO endpoints (id, position, name, spec, created_us, updated_us) "
                        "VALUES (1, 0, 'crm', '{}', 1, 1)"));
    exec(QStringLiteral("INSERT INTO endpoint_secrets VALUES (1, 0, '%1')")
             .arg(QLatin1String(endpointSecret)));
    exec(QStringLiteral("INSERT INTO events (id, uid, type, data, source, created_us) VALUES "
                        "(1, 'evt_1', 'user.created', "
                        "'{\"user\":{\"id\":\"u9\",\"name\":\"Zoë\"}}', 'api', 10000000), "
                        "(2, 'evt_2', 'booking.created', "
                        "'{\"booking\":{\"id\":\"b1\"},\"user\":{\"id\":\"u9\",\"name\":\"Zoë "
                        "Z\"}}', 'gui', 20000000)"));
    exec(QStringLiteral(
        "INSERT INTO deliveries (id, event_id, subscription_id, status, attempts, next_attempt_us, "
        "last_status, last_error, created_us, updated_us, completed_us) VALUES "
        "(1, 1, 1, 'delivered', 2, 0, 200, '', 10000000, 12000000, 12000000), "
        "(2, 2, 2, 'scheduled', 1, 30000000, 503, 'HTTP 503', 20000000, 21000000, 0)"));
    exec(QStringLiteral(
        "INSERT INTO attempts (delivery_id, attempt, started_us, duration_us, url, "
        "request_headers, "
        "request_body, response_status, response_headers, response_body, error) VALUES "
        "(1, 1, 10000000, 1500, 'https://crm.example/hooks', 'webhook-signature: v1,abc\r\n', "
        "'{\"type\":\"user.created\"}', 500, 'Content-Type: text/plain\r\n', 'oops', 'HTTP 500'), "
        "(1, 2, 11000000, 900, 'https://crm.example/hooks', 'webhook-signature: v1,def\r\n', "
        "'{\"type\":\"user.created\"}', 200, '', 'ok', ''), "
        "(2, 1, 20000000, 30000, 'https://audit.example/in', '', '{}', 503, '', '', 'HTTP 503')"));
}

void TestExporter::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestExporter::addRequest(qint64 receivedUs, const QByteArray &body, const QString &endpoint,
                              int status, const QByteArray &path)
{
    RequestStore store(m_db->connection());
    StoredRequest r;
    r.receivedUs = receivedUs;
    r.method = "POST";
    r.path = path;
    r.headers = {{"Host", "127.0.0.1:8780"}, {"Content-Type", "application/json"}};
    r.body = body;
    r.bodySize = body.size();
    r.endpointName = endpoint;
    r.responseStatus = status;
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    r.eventType = object.value(u"event").toString();
    QVERIFY2(store.insert(r), qPrintable(store.lastError()));
    QVERIFY(store.indexPending(100) >= 0);
}

void TestExporter::exec(const QString &sql)
{
    QSqlQuery q(m_db->connection());
    QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
}

QByteArray TestExporter::run(const ExportOptions &options, ExportResult *result)
{
    QByteArray out;
    Exporter exporter(m_db->connection(), options);
    const ExportResult r = exporter.run([&](QByteArrayView chunk) {
        out.append(chunk);
        return true;
    });
    if (result)
        *result = r;
    else if (!r.ok())
        qWarning("export failed: %s", qPrintable(r.error));
    return out;
}

QList<QJsonObject> TestExporter::ndjson(ExportOptions options)
{
    options.format = ExportOptions::Format::Ndjson;
    QList<QJsonObject> rows;
    for (const QByteArray &line : run(options).split('\n')) {
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    }
    return rows;
}

void TestExporter::requestsCsvHasTheFixedColumns()
{
    ExportResult result;
    const QByteArray csv = run(ExportOptions(), &result);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, 6);
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines.at(0), QByteArray("id,received_at,method,path,query,status,content_type,"
                                     "body_size,truncated,event_type,session_id,endpoint,"
                                     "remote_address,remote_port,signature,headers,body,"
                                     "body_encoding\r"));
    QVERIFY(lines.at(1).startsWith("1,1970-01-01T00:00:01.000000Z,POST,/hooks/crm,,200,"
                                   "application/json,"));
    QVERIFY(csv.contains("\"Host: 127.0.0.1:8780\nContent-Type: application/json\""));
    QCOMPARE(result.sha256, QCryptographicHash::hash(csv, QCryptographicHash::Sha256).toHex());
    QCOMPARE(result.bytes, csv.size());

    // The direct-cell path (no --where) writes exactly what the general one does.
    ExportOptions general;
    general.where = {QStringLiteral("id exists")};
    QCOMPARE(run(general), csv);
    ExportOptions chosen;
    chosen.columns = {QStringLiteral("body"), QStringLiteral("id"), QStringLiteral("truncated"),
                      QStringLiteral("received_at")};
    const QByteArray picked = run(chosen);
    chosen.where = general.where;
    QCOMPARE(run(chosen), picked);
    QVERIFY(picked.startsWith("body,id,truncated,received_at\r\n"));
}

void TestExporter::requestFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("ids");
    QTest::newRow("none") << QString() << QList<int>{1, 2, 3, 4, 5, 6};
    QTest::newRow("since") << QStringLiteral("since=1970-01-01T00:00:03Z")
                           << QList<int>{3, 4, 5, 6};
    QTest::newRow("until") << QStringLiteral("until=1970-01-01T00:00:03Z") << QList<int>{1, 2};
    QTest::newRow("since with offset")
        << QStringLiteral("since=1970-01-01T01:00:05%2B01:00") << QList<int>{5, 6};
    QTest::newRow("event glob") << QStringLiteral("event=user.upd*") << QList<int>{3, 5};
    QTest::newRow("search (FTS)") << QStringLiteral("search=bob") << QList<int>{2, 5};
    QTest::newRow("endpoint") << QStringLiteral("endpoint=oth*") << QList<int>{4};
    QTest::newRow("status class") << QStringLiteral("status=5xx") << QList<int>{4};
    QTest::newRow("path") << QStringLiteral("path=/text") << QList<int>{6};
    QTest::newRow("ids") << QStringLiteral("ids=5,2,9") << QList<int>{2, 5};
    QTest::newRow("ids and filter")
        << QStringLiteral("ids=2,3,5&event=user.updated") << QList<int>{3, 5};
    QTest::newRow("where on a column")
        << QStringLiteral("where=body_size%20>%20170") << QList<int>{3};
    QTest::newRow("combined") << QStringLiteral("event=user.*&since=1970-01-01T00:00:02Z&"
                                                "endpoint=crm&where=body%20contains%20vip")
                              << QList<int>{3, 5};
}

void TestExporter::requestFilters()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, ids);
    QString error;
    const std::optional<ExportOptions> options =
        ExportOptions::fromUrlQuery(QUrlQuery(query), &error, QStringLiteral("requests.ndjson"));
    QVERIFY2(options, qPrintable(error));
    QList<int> got;
    for (const QJsonObject &row : ndjson(*options))
        got.append(row[u"id"].toInt());
    QCOMPARE(got, ids);
}

void TestExporter::recordsLatestPerKey()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    o.key = QStringLiteral("id");
    ExportResult result;
    const QByteArray csv = run(o, &result);
    QVERIFY2(result.ok(), qPrintable(result.error));
    // One row per user in its latest state, ordered by when that state arrived; the text
    // request has no data.user.
    QCOMPARE(result.rows, 3);
    QCOMPARE(result.skipped, 1);
    QCOMPARE(csv, QByteArray("id,email,exportConsent.given,tags.0.name,tags.1.name\r\n"
                             "u1,ann@new.example,false,vip,\r\n"
                             "u3,'=cmd@example.com,true,new,vip\r\n"
                             "u2,bob@example.com,true,vip,\r\n"));
}

void TestExporter::recordsFilterTheLatestState()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    o.key = QStringLiteral("id");
    o.where = {QStringLiteral("exportConsent.given = true"), QStringLiteral("tags[].name = vip")};
    QList<QString> users;
    for (const QJsonObject &row : ndjson(o))
        users.append(row[u"id"].toString());
    // u1 withdrew consent in its latest version, so it is not exported even though its first
    // version had it.
    QCOMPARE(users, (QList<QString>{QStringLiteral("u3"), QStringLiteral("u2")}));
    // Without the key every version is a record.
    o.key.clear();
    users.clear();
    for (const QJsonObject &row : ndjson(o))
        users.append(row[u"id"].toString());
    QCOMPARE(users,
             (QList<QString>{QStringLiteral("u1"), QStringLiteral("u3"), QStringLiteral("u2")}));
}

void TestExporter::recordsSkipBodiesWithoutTheRoot()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.changes");
    ExportResult result;
    const QByteArray csv = run(o, &result);
    QCOMPARE(result.rows, 1);
    QCOMPARE(result.skipped, 5);
    QCOMPARE(csv, QByteArray("email\r\nann@example.com\r\n"));
}

void TestExporter::recordsEachElementOfAnArrayRoot()
{
    addRequest(7'000'000, R"({"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]})");
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("items[]");
    o.format = ExportOptions::Format::Json;
    QCOMPARE(run(o), QByteArray("[\n{\"sku\":\"a\",\"qty\":1},\n{\"sku\":\"b\",\"qty\":2}\n]\n"));
}

void TestExporter::recordsFromEvents()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.from = ExportOptions::RecordsFrom::Events;
    o.root = QStringLiteral("data.user");
    o.key = QStringLiteral("id");
    const QList<QJsonObject> rows = ndjson(o);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0)[u"name"].toString(), QStringLiteral("Zoë Z"));
}

void TestExporter::eventsNestedAsStored()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Events;
    o.format = ExportOptions::Format::Json;
    o.eventGlob = QStringLiteral("user.*");
    const QByteArray json = run(o);
    QCOMPARE(json, QByteArray("[\n{\"id\":\"evt_1\",\"type\":\"user.created\",\"created_at\":"
                              "\"1970-01-01T00:00:10.000000Z\",\"source\":\"api\",\"data\":"
                              "{\"user\":{\"id\":\"u9\",\"name\":\"Zoë\"}}}\n]\n"));
    o.format = ExportOptions::Format::Csv;
    o.eventGlob.clear();
    o.sinceUs = 15'000'000;
    QCOMPARE(run(o), QByteArray("id,type,created_at,source,data.booking.id,data.user.id,"
                                "data.user.name\r\nevt_2,booking.created,"
                                "1970-01-01T00:00:20.000000Z,gui,b1,u9,Zoë Z\r\n"));
}

void TestExporter::deliveriesWithAttempts()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Deliveries;
    o.columns = {QStringLiteral("id"),
                 QStringLiteral("event_type"),
                 QStringLiteral("subscription"),
                 QStringLiteral("status"),
                 QStringLiteral("attempts.0.response_status"),
                 QStringLiteral("attempts.1.response_status")};
    QCOMPARE(run(o), QByteArray("id,event_type,subscription,status,attempts.0.response_status,"
                                "attempts.1.response_status\r\n"
                                "1,user.created,crm sync,delivered,500,200\r\n"
                                "2,booking.created,audit,scheduled,503,\r\n"));
    // One row per attempt.
    o.columns = {QStringLiteral("id"), QStringLiteral("attempts.attempt"),
                 QStringLiteral("attempts.response_status"), QStringLiteral("attempts.error")};
    o.explode = QStringLiteral("attempts");
    QCOMPARE(run(o), QByteArray("id,attempts.attempt,attempts.response_status,attempts.error\r\n"
                                "1,1,500,HTTP 500\r\n1,2,200,\r\n2,1,503,HTTP 503\r\n"));
    o.explode.clear();
    o.columns = {QStringLiteral("id")};
    o.status = QStringLiteral("scheduled");
    QCOMPARE(run(o), QByteArray("id\r\n2\r\n"));
    o.status.clear();
    o.subscription = QStringLiteral("crm*");
    QCOMPARE(run(o), QByteArray("id\r\n1\r\n"));
    o.subscription = QStringLiteral("2");
    QCOMPARE(run(o), QByteArray("id\r\n2\r\n"));
}

void TestExporter::secretsAreNeverExported()
{
    for (const ExportOptions::Source source :
         {ExportOptions::Source::Requests, ExportOptions::Source::Events,
          ExportOptions::Source::Deliveries, ExportOptions::Source::Records}) {
        for (const ExportOptions::Format format :
             {ExportOptions::Format::Csv, ExportOptions::Format::Json,
              ExportOptions::Format::Har}) {
            ExportOptions o;
            o.source = source;
            o.format = format;
            if (format == ExportOptions::Format::Har && source != ExportOptions::Source::Requests)
                continue;
            ExportResult result;
            const QByteArray out = run(o, &result);
            QVERIFY2(result.ok(), qPrintable(result.error));
            QVERIFY(!out.isEmpty());
            QVERIFY(!out.contains(subscriptionSecret));
            QVERIFY(!out.contains(endpointSecret));
        }
    }
}

void TestExporter::chosenColumnsAndContainers()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    o.key = QStringLiteral("id");
    o.columns = {QStringLiteral("email"), QStringLiteral("id"), QStringLiteral("exportConsent"),
                 QStringLiteral("tags")};
    // An object column holds its JSON; an array of objects too.
    QCOMPARE(
        run(o),
        QByteArray(
            "email,id,exportConsent,tags\r\n"
            "ann@new.example,u1,\"{\"\"given\"\":false}\",\"[{\"\"name\"\":\"\"vip\"\"}]\"\r\n"
            "'=cmd@example.com,u3,\"{\"\"given\"\":true}\",\"[{\"\"name\"\":\"\"new\"\"},{"
            "\"\"name\"\":\"\"vip\"\"}]\"\r\n"
            "bob@example.com,u2,\"{\"\"given\"\":true}\",\"[{\"\"name\"\":\"\"vip\"\"}]\"\r\n"));
    o.format = ExportOptions::Format::Ndjson;
    o.columns = {QStringLiteral("id"), QStringLiteral("tags.0.name"), QStringLiteral("missing")};
    o.where = {QStringLiteral("id = u3")};
    QCOMPARE(run(o), QByteArray("{\"id\":\"u3\",\"tags.0.name\":\"new\",\"missing\":null}\n"));
}

void TestExporter::unknownColumns()
{
    // Requests have fixed columns: rejected before anything runs.
    ExportOptions o;
    o.columns = {QStringLiteral("id"), QStringLiteral("nope")};
    ExportResult result;
    run(o, &result);
    QCOMPARE(result.status, ExportResult::Status::BadInput);
    QVERIFY2(result.error.contains(QLatin1String("unknown column \"nope\"")),
             qPrintable(result.error));
    // Records: a column no exported record has.
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    const QString path = m_dir->filePath(QStringLiteral("users.csv"));
    result = Exporter::exportToFile(m_db->connection(), o, path, QStringLiteral("test"));
    QCOMPARE(result.status, ExportResult::Status::BadInput);
    QVERIFY2(result.error.contains(QLatin1String("unknown column \"nope\"")),
             qPrintable(result.error));
    QVERIFY(!QFile::exists(path));
}

void TestExporter::auditLogMatchesTheFile()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    o.key = QStringLiteral("id");
    o.where = {QStringLiteral("exportConsent.given = true")};
    const QString path = m_dir->filePath(QStringLiteral("users.csv"));
    const ExportResult result =
        Exporter::exportToFile(m_db->connection(), o, path, QStringLiteral("cli"));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QList<ExportLogEntry> log = ExportLogStore(m_db->connection()).latest();
    QCOMPARE(log.size(), 1);
    const ExportLogEntry &e = log.at(0);
    QCOMPARE(e.id, result.auditId);
    QCOMPARE(e.sha256.toLatin1(),
             QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QCOMPARE(e.bytes, bytes.size());
    QCOMPARE(e.rows, 2);
    QCOMPARE(e.path, QFileInfo(path).absoluteFilePath());
    QCOMPARE(e.origin, QStringLiteral("cli"));
    QCOMPARE(e.source, QStringLiteral("records"));
    QCOMPARE(e.format, QStringLiteral("csv"));
    QCOMPARE(e.status, QStringLiteral("completed"));
    QCOMPARE(e.columns,
             (QStringList{QStringLiteral("id"), QStringLiteral("email"),
                          QStringLiteral("exportConsent.given"), QStringLiteral("tags.0.name"),
                          QStringLiteral("tags.1.name")}));
    const QJsonObject options = QJsonDocument::fromJson(e.options.toUtf8()).object();
    QCOMPARE(options[u"root"].toString(), QStringLiteral("data.user"));
    QCOMPARE(options[u"key"].toString(), QStringLiteral("id"));
    QCOMPARE(options[u"where"].toArray().at(0).toString(),
             QStringLiteral("exportConsent.given = true"));
    QVERIFY(e.startedUs > 0 && e.finishedUs >= e.startedUs);
}

void TestExporter::cancelLeavesTheOldFile()
{
    // Enough rows for several chunks to reach the disk before the cancel.
    RequestStore store(m_db->connection());
    QVERIFY(m_db->connection().transaction());
    for (int i = 0; i < 3000; ++i) {
        StoredRequest r;
        r.receivedUs = 10'000'000 + i;
        r.method = "POST";
        r.path = "/bulk";
        r.body = "{\"n\":" + QByteArray::number(i) + ",\"pad\":\"" + QByteArray(400, 'x') + "\"}";
        r.bodySize = r.body.size();
        r.responseStatus = 200;
        QVERIFY(store.insert(r));
    }
    QVERIFY(m_db->connection().commit());
    QDir dir(m_dir->filePath(QStringLiteral("out")));
    QVERIFY(dir.mkpath(QStringLiteral(".")));
    const QString path = dir.filePath(QStringLiteral("requests.csv"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the previous export\n");
    old.close();

    std::atomic<bool> cancel = false;
    qint64 bytesAtCancel = 0;
    const ExportResult result =
        Exporter::exportToFile(m_db->connection(), ExportOptions(), path, QStringLiteral("test"),
                               &cancel, [&](qint64 done, qint64) {
                                   if (done >= 2048 && !cancel) {
                                       cancel = true;
                                       bytesAtCancel = QFileInfo(path).size();
                                   }
                               });
    QCOMPARE(result.status, ExportResult::Status::Cancelled);
    QVERIFY(result.rows >= 2000);
    QFile back(path);
    QVERIFY(back.open(QIODevice::ReadOnly));
    QCOMPARE(back.readAll(), QByteArray("the previous export\n"));
    // Nothing else is left in the folder (the temporary file is gone).
    QCOMPARE(dir.entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("requests.csv")});
    const QList<ExportLogEntry> log = ExportLogStore(m_db->connection()).latest();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.at(0).status, QStringLiteral("cancelled"));
    QVERIFY(log.at(0).sha256.isEmpty());
    Q_UNUSED(bytesAtCancel);
}

void TestExporter::failedRunLeavesNoFile()
{
    const QString path = m_dir->filePath(QStringLiteral("never.json"));
    // A sink that fails half way (as a full disk would).
    ExportOptions o;
    o.format = ExportOptions::Format::Json;
    Exporter exporter(m_db->connection(), o);
    const ExportResult r = exporter.run([](QByteArrayView) { return false; });
    QCOMPARE(r.status, ExportResult::Status::Failed);
    QVERIFY(!QFile::exists(path));
}

void TestExporter::unwritablePath()
{
    const ExportResult result = Exporter::exportToFile(
        m_db->connection(), ExportOptions(), m_dir->filePath(QStringLiteral("no/such/dir/x.csv")),
        QStringLiteral("test"));
    QCOMPARE(result.status, ExportResult::Status::BadInput);
    QVERIFY2(result.error.startsWith(QLatin1String("cannot write")), qPrintable(result.error));
}

void TestExporter::progressReachesTheTotal()
{
    ExportOptions o;
    o.source = ExportOptions::Source::Records;
    o.root = QStringLiteral("data.user");
    Exporter exporter(m_db->connection(), o);
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    const ExportResult r = exporter.run([](QByteArrayView) { return true; }, nullptr,
                                        [&](qint64 done, qint64 total) {
                                            lastDone = done;
                                            lastTotal = total;
                                        });
    QVERIFY(r.ok());
    // Two passes over 6 requests (the header needs every key first).
    QCOMPARE(lastDone, 12);
    QCOMPARE(lastTotal, 12);
}

void TestExporter::fromUrlQuery_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // toJson() of the options plus source/format
    QTest::newRow("defaults") << QStringLiteral("requests.csv") << QString()
                              << QStringLiteral(
                                     "requests csv {\"bom\":false,\"formulaGuard\":true}");
    QTest::newRow("records with everything")
        << QStringLiteral("records.ndjson")
        << QStringLiteral("root=data.user&key=id&since=2025-01-01&until=2025-02-01T12:00:00Z&"
                          "event=user.*&search=ann&where=exportConsent.given%20%3D%20true&"
                          "where=tags%5B%5D.name%20%3D%20vip&columns=id,email&explode=tags")
        << QStringLiteral("records ndjson {\"event\":\"user.*\",\"explode\":\"tags\",\"from\":"
                          "\"requests\",\"key\":\"id\",\"root\":\"data.user\",\"search\":\"ann\","
                          "\"since\":\"2025-01-01T00:00:00.000000Z\",\"until\":"
                          "\"2025-02-01T12:00:00.000000Z\",\"where\":[\"exportConsent.given = "
                          "true\",\"tags[].name = vip\"]}");
    QTest::newRow("csv settings") << QStringLiteral("records.csv")
                                  << QStringLiteral("delimiter=tab&bom=1&formula-guard=false&"
                                                    "separator=%7C&from=events")
                                  << QStringLiteral(
                                         "records csv {\"bom\":true,\"delimiter\":\"\\t\","
                                         "\"formulaGuard\":false,\"from\":\"events\","
                                         "\"root\":\"$\",\"separator\":\"|\"}");
    QTest::newRow("source and format as parameters")
        << QString() << QStringLiteral("source=deliveries&format=json&status=failed&subscription=3")
        << QStringLiteral("deliveries json {\"status\":\"failed\",\"subscription\":\"3\"}");
}

void TestExporter::fromUrlQuery()
{
    QFETCH(QString, fileName);
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QString error;
    const std::optional<ExportOptions> o =
        ExportOptions::fromUrlQuery(QUrlQuery(query), &error, fileName);
    QVERIFY2(o, qPrintable(error));
    const QString got =
        ExportOptions::sourceName(o->source) + QLatin1Char(' ') +
        ExportOptions::formatName(o->format) + QLatin1Char(' ') +
        QString::fromUtf8(QJsonDocument(o->toJson()).toJson(QJsonDocument::Compact));
    QCOMPARE(got, expected);
}

void TestExporter::badUrlQueries_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad file name")
        << QStringLiteral("users.csv") << QString() << QStringLiteral("expected {requests|events");
    QTest::newRow("bad format") << QStringLiteral("requests.xlsx") << QString()
                                << QStringLiteral("expected {requests|events");
    QTest::newRow("unknown parameter")
        << QStringLiteral("requests.csv") << QStringLiteral("limit=5")
        << QStringLiteral("unknown parameter \"limit\"");
    QTest::newRow("bad time") << QStringLiteral("requests.csv") << QStringLiteral("since=yesterday")
                              << QStringLiteral("since: expected an ISO 8601");
    QTest::newRow("bad expression")
        << QStringLiteral("records.csv") << QStringLiteral("where=age%20~%205")
        << QStringLiteral("bad expression");
    QTest::newRow("unknown request column")
        << QStringLiteral("requests.csv") << QStringLiteral("columns=id,nope")
        << QStringLiteral("unknown column \"nope\"");
    QTest::newRow("har of records") << QStringLiteral("records.har") << QString()
                                    << QStringLiteral("har needs --source requests");
    QTest::newRow("har with columns")
        << QStringLiteral("requests.har") << QStringLiteral("columns=id")
        << QStringLiteral("do not apply to --format har");
    QTest::newRow("key without records")
        << QStringLiteral("requests.csv") << QStringLiteral("key=id")
        << QStringLiteral("need --source records");
    QTest::newRow("bad status") << QStringLiteral("deliveries.csv") << QStringLiteral("status=ok")
                                << QStringLiteral("expected pending");
    QTest::newRow("bad status class")
        << QStringLiteral("requests.csv") << QStringLiteral("status=200")
        << QStringLiteral("expected 1xx");
    QTest::newRow("bad ids") << QStringLiteral("requests.csv") << QStringLiteral("ids=1,x")
                             << QStringLiteral("ids: expected");
    QTest::newRow("bad delimiter")
        << QStringLiteral("requests.csv") << QStringLiteral("delimiter=%22")
        << QStringLiteral("cannot be a quote");
    QTest::newRow("bad bool") << QStringLiteral("requests.csv") << QStringLiteral("bom=maybe")
                              << QStringLiteral("bom: expected true or false");
    QTest::newRow("explode through []")
        << QStringLiteral("records.csv") << QStringLiteral("explode=tags[]")
        << QStringLiteral("without []");
    QTest::newRow("until before since")
        << QStringLiteral("requests.csv") << QStringLiteral("since=2025-02-01&until=2025-01-01")
        << QStringLiteral("--until must be after --since");
}

void TestExporter::badUrlQueries()
{
    QFETCH(QString, fileName);
    QFETCH(QString, query);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!ExportOptions::fromUrlQuery(QUrlQuery(query), &error, fileName));
    QVERIFY2(error.contains(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
