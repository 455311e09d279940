#include "store/database.h"
#include "store/endpoint_store.h"
#include "store/request_store.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void migratesAnEmptyDatabase();
    void migratesFromThePreviousVersionKeepingRows();
    void refusesANewerSchema();
    void requestRoundTrip();
    void headersKeepOrderCaseAndDuplicates();
    void pagesByIdWithSessionFilter();
    void endpointsReplaceAll();
    void endpointSecretsAreKeptApart();
    void verificationRoundTrip();

private:
    QTemporaryDir m_dir;
};

void TestDatabase::migratesAnEmptyDatabase()
{
    Database db(m_dir.filePath(QStringLiteral("empty.db")), QStringLiteral("t1"));
    QVERIFY2(db.open(), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), 0);
    QVERIFY2(db.migrate(), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    // migrating again is a no-op
    QVERIFY(db.migrate());
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
}

void TestDatabase::migratesFromThePreviousVersionKeepingRows()
{
    const QString path = m_dir.filePath(QStringLiteral("previous.db"));
    {
        Database db(path, QStringLiteral("t2a"));
        QVERIFY(db.open());
        QVERIFY(db.migrate(Database::SchemaVersion - 1));
        QCOMPARE(db.schemaVersion(), Database::SchemaVersion - 1);
        QSqlQuery q(db.connection());
        QVERIFY2(q.exec(QStringLiteral(
                     "INSERT INTO requests (received_us, method, path, headers, body, "
                     "body_size, response_status) VALUES (1, 'POST', '/old', "
                     "CAST('A: b\r\n' AS BLOB), CAST('{\"sessionId\":\"s\"}' AS BLOB), 17, 200)")),
                 qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral(
                     "INSERT INTO endpoints (position, name, spec, created_us, updated_us) "
                     "VALUES (0, 'old', '{\"name\":\"old\",\"path\":\"/old\"}', 1, 1)")),
                 qPrintable(q.lastError().text()));
    }
    Database db(path, QStringLiteral("t2b"));
    QVERIFY(db.open());
    QVERIFY2(db.migrate(), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    RequestStore store(db.connection());
    const std::optional<StoredRequest> old = store.fetch(1);
    QVERIFY(old);
    QCOMPARE(old->path, QByteArray("/old"));
    QCOMPARE(old->header("a"), QByteArray("b"));
    QVERIFY(old->sessionId.isEmpty());
    // Schema 4: rows from before signature checks are "not configured".
    QCOMPARE(old->verification, SignatureStatus::NotConfigured);
    QVERIFY(old->verificationDetail.isEmpty());
    const QList<QJsonObject> endpoints = EndpointStore(db.connection()).all();
    QCOMPARE(endpoints.size(), 1);
    QCOMPARE(endpoints.first().value(QStringLiteral("path")).toString(), QStringLiteral("/old"));
    QVERIFY(!endpoints.first().contains(QStringLiteral("signature")));
}

void TestDatabase::refusesANewerSchema()
{
    const QString path = m_dir.filePath(QStringLiteral("newer.db"));
    {
        Database db(path, QStringLiteral("t3a"));
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
    }
    Database db(path, QStringLiteral("t3b"));
    QVERIFY(db.open());
    QVERIFY(!db.migrate());
    QVERIFY(db.lastError().contains(QStringLiteral("newer")));
    QCOMPARE(db.schemaVersion(), 99);
}

void TestDatabase::requestRoundTrip()
{
    Database db(m_dir.filePath(QStringLiteral("rt.db")), QStringLiteral("t4"));
    QVERIFY(db.open() && db.migrate());
    RequestStore store(db.connection());
    StoredRequest r;
    r.receivedUs = 1700000000123456;
    r.method = "PATCH";
    r.path = "/hooks/a b";
    r.query = "x=1&y=%20";
    r.headers = {{"Content-Type", "application/octet-stream"}};
    r.body = QByteArray("\x00\xff\xfe binary", 10);
    r.bodySize = r.body.size();
    r.remoteAddress = QStringLiteral("127.0.0.1");
    r.remotePort = 5555;
    r.responseStatus = 202;
    r.responseBody = "ok";
    QVERIFY2(store.insert(r), qPrintable(store.lastError()));
    QVERIFY(r.id > 0);
    const std::optional<StoredRequest> back = store.fetch(r.id);
    QVERIFY(back);
    QCOMPARE(back->receivedUs, r.receivedUs);
    QCOMPARE(back->method, r.method);
    QCOMPARE(back->path, r.path);
    QCOMPARE(back->query, r.query);
    QCOMPARE(back->body, r.body);
    QCOMPARE(back->remotePort, quint16(5555));
    QCOMPARE(back->responseStatus, 202);
    QCOMPARE(back->responseBody, QByteArray("ok"));
    QVERIFY(!store.fetch(r.id + 1000));
}

void TestDatabase::headersKeepOrderCaseAndDuplicates()
{
    const HeaderList headers = {{"X-B", "2"}, {"x-a", "1"}, {"X-B", "3"}, {"Empty", ""}};
    const HeaderList back = StoredRequest::decodeHeaders(StoredRequest::encodeHeaders(headers));
    QCOMPARE(back.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(back.at(i).name, headers.at(i).name);
        QCOMPARE(back.at(i).value, headers.at(i).value);
    }
    StoredRequest r;
    r.headers = back;
    QCOMPARE(r.header("x-b"), QByteArray("2"));
    QVERIFY(r.hasHeader("EMPTY"));
    QVERIFY(!r.hasHeader("missing"));
}

void TestDatabase::pagesByIdWithSessionFilter()
{
    Database db(m_dir.filePath(QStringLiteral("pages.db")), QStringLiteral("t5"));
    QVERIFY(db.open() && db.migrate());
    RequestStore store(db.connection());
    for (int i = 0; i < 10; ++i) {
        StoredRequest r;
        r.method = "POST";
        r.path = "/p";
        r.sessionId = i % 2 ? QStringLiteral("odd") : QString();
        QVERIFY(store.insert(r));
    }
    QCOMPARE(store.count(), 10);
    QCOMPARE(store.maxId(), 10);
    const QList<StoredRequest> latest = store.latest(3);
    QCOMPARE(latest.size(), 3);
    QCOMPARE(latest.first().id, 8);
    QCOMPARE(latest.last().id, 10);
    const QList<StoredRequest> odd = store.after(3, 100, QStringLiteral("odd"));
    QCOMPARE(odd.size(), 4); // ids 4, 6, 8, 10 (odd i gives an even id)
    QCOMPARE(odd.first().id, 4);
    QCOMPARE(store.after(9, 100).size(), 1);
}

void TestDatabase::endpointsReplaceAll()
{
    Database db(m_dir.filePath(QStringLiteral("endpoints.db")), QStringLiteral("t6"));
    QVERIFY(db.open() && db.migrate());
    EndpointStore store(db.connection());
    QVERIFY(store.replaceAll({QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}},
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("b")},
                                          {QStringLiteral("path"), QStringLiteral("/b/*")}}}));
    QList<QJsonObject> all = store.all();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(1).value(QStringLiteral("path")).toString(), QStringLiteral("/b/*"));
    QVERIFY(all.at(0).value(QStringLiteral("id")).toInteger() > 0);
    QVERIFY(store.replaceAll({QJsonObject{{QStringLiteral("name"), QStringLiteral("c")}}}));
    all = store.all();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.at(0).value(QStringLiteral("name")).toString(), QStringLiteral("c"));
}

void TestDatabase::endpointSecretsAreKeptApart()
{
    Database db(m_dir.filePath(QStringLiteral("secrets.db")), QStringLiteral("t7"));
    QVERIFY(db.open() && db.migrate());
    EndpointStore store(db.connection());
    const auto signature = [](const QJsonArray &secrets) {
        return QJsonObject{{QStringLiteral("scheme"), QStringLiteral("github")},
                           {QStringLiteral("secrets"), secrets},
                           {QStringLiteral("reject"), true}};
    };
    const QJsonObject a{
        {QStringLiteral("name"), QStringLiteral("a")},
        {QStringLiteral("signature"),
         signature({QStringLiteral("first-S3cret"), QStringLiteral("second-S3cret")})}};
    const QJsonObject b{{QStringLiteral("name"), QStringLiteral("b")}};
    const QJsonObject c{{QStringLiteral("name"), QStringLiteral("c")},
                        {QStringLiteral("signature"), signature({QStringLiteral("third-S3cret")})}};
    QVERIFY2(store.replaceAll({a, b, c}), qPrintable(store.lastError()));

    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT group_concat(spec, ' ') FROM endpoints")) && q.next());
    const QString specs = q.value(0).toString();
    QVERIFY(specs.contains(QStringLiteral("\"github\"")));
    QVERIFY2(!specs.contains(QStringLiteral("S3cret")), qPrintable(specs));
    QVERIFY2(!specs.contains(QStringLiteral("secrets")), qPrintable(specs));
    QVERIFY(q.exec(QStringLiteral("SELECT e.name, s.position, s.secret FROM endpoint_secrets s "
                                  "JOIN endpoints e ON e.id = s.endpoint_id "
                                  "ORDER BY e.position, s.position")));
    QStringList rows;
    while (q.next()) {
        rows.append(q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString() +
                    QLatin1Char(' ') + q.value(2).toString());
    }
    QCOMPARE(rows,
             (QStringList{QStringLiteral("a 0 first-S3cret"), QStringLiteral("a 1 second-S3cret"),
                          QStringLiteral("c 0 third-S3cret")}));

    // all() gives the specs back with their secrets, in order, to the rule they belong to.
    QList<QJsonObject> all = store.all();
    QCOMPARE(all.size(), 3);
    for (QJsonObject &spec : all)
        spec.remove(QStringLiteral("id"));
    QCOMPARE(all, (QList<QJsonObject>{a, b, c}));

    // Replacing the rules replaces their secrets; none are left behind.
    QVERIFY(store.replaceAll({b}));
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM endpoint_secrets")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(store.all().size(), 1);
}

void TestDatabase::verificationRoundTrip()
{
    Database db(m_dir.filePath(QStringLiteral("verification.db")), QStringLiteral("t8"));
    QVERIFY(db.open() && db.migrate());
    RequestStore store(db.connection());
    StoredRequest valid;
    valid.method = "POST";
    valid.path = "/gh";
    valid.verification = SignatureStatus::Valid;
    valid.verificationDetail = QStringLiteral("valid (github, secret 1, signature 1)");
    StoredRequest invalid = valid;
    invalid.verification = SignatureStatus::Invalid;
    invalid.verificationDetail = QStringLiteral("invalid: mismatch\nHint: newline");
    StoredRequest plain = valid;
    plain.verification = SignatureStatus::NotConfigured;
    plain.verificationDetail.clear();
    QVERIFY(store.insert(valid) && store.insert(invalid) && store.insert(plain));
    QCOMPARE(store.fetch(valid.id)->verification, SignatureStatus::Valid);
    QCOMPARE(store.fetch(valid.id)->verificationDetail, valid.verificationDetail);
    QCOMPARE(store.fetch(invalid.id)->verification, SignatureStatus::Invalid);
    QCOMPARE(store.fetch(invalid.id)->verificationDetail, invalid.verificationDetail);
    QCOMPARE(store.fetch(plain.id)->verification, SignatureStatus::NotConfigured);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT group_concat(verification) FROM requests")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("1,2,0"));
    // A value from a newer build reads as not configured.
    QVERIFY(
        q.exec(QStringLiteral("UPDATE requests SET verification = 7 WHERE id = %1").arg(plain.id)));
    QCOMPARE(store.fetch(plain.id)->verification, SignatureStatus::NotConfigured);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
