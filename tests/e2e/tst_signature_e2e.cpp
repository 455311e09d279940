#include "serve_process.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

// Endpoint rules with a "signature" check, through the real `hookscope serve --rules`: the
// verdict lands in requests.verification, the secrets in endpoint_secrets only.
class TestSignatureE2E : public QObject
{
    Q_OBJECT

private slots:
    void verifiesOnArrival();
    void unknownSchemeExitsWith2();
};

namespace {

// GitHub docs, "Validating webhook deliveries" (shared/signature-vectors.md).
const QByteArray githubSecret = "It's a Secret to Everybody";
const QByteArray githubBody = "Hello, World!";
const QByteArray githubSignature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const QByteArray stripeSecret = "whsec_e2eStripeSecretValue";

QString url(quint16 port, const char *path)
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QLatin1String(path));
}

int post(quint16 port, const char *path, const QByteArray &body, const QList<QByteArray> &headers)
{
    QStringList arguments;
    for (const QByteArray &header : headers)
        arguments << QStringLiteral("-H") << QString::fromLatin1(header);
    arguments << QStringLiteral("--data-binary") << QStringLiteral("@-") << url(port, path);
    return curl(arguments, body).status;
}

} // namespace

void TestSignatureE2E::verifiesOnArrival()
{
    QTemporaryDir dir;
    QFile rules(dir.filePath(QStringLiteral("rules.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"rules": [
      {"name": "github", "path": "/gh",
       "signature": {"scheme": "github", "secrets": ["rotated-out-Secret", "It's a Secret to Everybody"]}},
      {"name": "strict", "path": "/strict",
       "signature": {"scheme": "github", "secrets": ["It's a Secret to Everybody"], "reject": true}},
      {"name": "stripe", "path": "/stripe",
       "signature": {"scheme": "stripe", "secrets": ["whsec_e2eStripeSecretValue"]}},
      {"name": "plain", "path": "/plain"}
    ]})");
    rules.close();

    // A Stripe signature made now by `hookscope sign`, so it is inside the tolerance.
    const QByteArray stripeBody = R"({"id":"evt_e2e","type":"charge.succeeded"})";
    const ServeProcess::Result signedStripe = ServeProcess::run(
        {QStringLiteral("sign"), QStringLiteral("--scheme"), QStringLiteral("stripe"),
         QStringLiteral("--secret"), QString::fromLatin1(stripeSecret), QStringLiteral("--body"),
         QString::fromLatin1(stripeBody)});
    QCOMPARE(signedStripe.exitCode, 0);
    const QByteArray stripeHeader = signedStripe.out.trimmed();
    QVERIFY2(stripeHeader.startsWith("Stripe-Signature: t="), stripeHeader.constData());

    ServeProcess server;
    QVERIFY(server.start({QStringLiteral("--rules"), rules.fileName()}));
    const quint16 port = server.port();
    const QByteArray good = "X-Hub-Signature-256: " + githubSignature;

    QCOMPARE(post(port, "/gh", githubBody, {good}), 200);                   // 1 valid
    QCOMPARE(post(port, "/gh", "Hello, World?", {good}), 200);              // 2 invalid, captured
    QCOMPARE(post(port, "/gh", githubBody, {}), 200);                       // 3 invalid: no header
    QCOMPARE(post(port, "/strict", "tampered", {good}), 401);               // 4 invalid, rejected
    QCOMPARE(post(port, "/strict", githubBody, {good}), 200);               // 5 valid
    QCOMPARE(post(port, "/stripe", stripeBody, {stripeHeader}), 200);       // 6 valid
    QCOMPARE(post(port, "/stripe", stripeBody + ' ', {stripeHeader}), 200); // 7 invalid
    QCOMPARE(post(port, "/plain", githubBody, {good}), 200);                // 8 not configured

    // Every request gets a log line; wait for all eight.
    QElapsedTimer timer;
    timer.start();
    while (server.output().count('\n') < 8 && timer.elapsed() < 10000)
        QTest::qWait(20);
    const QByteArray log = server.output();
    QCOMPARE(log.count('\n'), 8);
    QCOMPARE(log.count(" signature valid\n"), 3);
    QCOMPARE(log.count(" signature invalid\n"), 4);

    const QString name = QStringLiteral("signature-e2e");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(server.databasePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral(
            "SELECT endpoint_name, response_status, verification, verification_detail "
            "FROM requests ORDER BY id")));
        QStringList rows;
        QStringList details;
        while (q.next()) {
            rows.append(QStringLiteral("%1 %2 %3")
                            .arg(q.value(0).toString())
                            .arg(q.value(1).toInt())
                            .arg(q.value(2).toInt()));
            details.append(q.value(3).toString());
        }
        QCOMPARE(rows,
                 (QStringList{QStringLiteral("github 200 1"), QStringLiteral("github 200 2"),
                              QStringLiteral("github 200 2"), QStringLiteral("strict 401 2"),
                              QStringLiteral("strict 200 1"), QStringLiteral("stripe 200 1"),
                              QStringLiteral("stripe 200 2"), QStringLiteral("plain 200 0")}));
        QVERIFY2(details.at(0).startsWith(QStringLiteral("valid (github, secret 2")),
                 qPrintable(details.at(0)));
        QVERIFY2(details.at(1).startsWith(QStringLiteral("invalid: ")), qPrintable(details.at(1)));
        QVERIFY2(details.at(2).contains(QStringLiteral("X-Hub-Signature-256")),
                 qPrintable(details.at(2)));
        QVERIFY2(details.at(6).contains(QStringLiteral("Hint: ")), qPrintable(details.at(6)));
        QVERIFY(details.at(7).isEmpty());

        // The secrets are in endpoint_secrets and nowhere else in the file's tables.
        QVERIFY(q.exec(QStringLiteral("SELECT group_concat(spec, ' ') FROM endpoints")) &&
                q.next());
        const QString specs = q.value(0).toString();
        QVERIFY(specs.contains(QStringLiteral("\"scheme\":\"stripe\"")));
        QVERIFY2(!specs.contains(QStringLiteral("Secret")), qPrintable(specs));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM endpoint_secrets")) && q.next());
        QCOMPARE(q.value(0).toInt(), 4);
        // instr is case-sensitive (LIKE is not, and "secret 2" is in every valid detail).
        QVERIFY(q.exec(QStringLiteral(
                    "SELECT count(*) FROM requests WHERE instr(verification_detail, 'Secret') "
                    "OR instr(verification_detail, 'whsec_') OR instr(response_body, 'Secret')")) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
    QSqlDatabase::removeDatabase(name);

    server.process().terminate();
    QVERIFY(server.process().waitForFinished(10000));
    const QByteArray all = server.firstLine() + server.output() +
                           server.process().readAllStandardOutput() +
                           server.process().readAllStandardError();
    QVERIFY2(!all.contains(githubSecret), all.constData());
    QVERIFY2(!all.contains(stripeSecret), all.constData());
    QVERIFY2(!all.contains("rotated-out-Secret"), all.constData());
}

void TestSignatureE2E::unknownSchemeExitsWith2()
{
    QTemporaryDir dir;
    QFile rules(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"rules":[{"name":"hooks","path":"/a",
                   "signature":{"scheme":"gitbub","secrets":["TopSecret"]}}]})");
    rules.close();
    const ServeProcess::Result r = ServeProcess::run(
        {QStringLiteral("serve"), QStringLiteral("--data-dir"),
         dir.filePath(QStringLiteral("data")), QStringLiteral("--rules"), rules.fileName()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("rule 1 (hooks): unknown signature scheme \"gitbub\""),
             r.err.constData());
    QVERIFY(!r.err.contains("TopSecret") && !r.out.contains("TopSecret"));
}

QTEST_GUILESS_MAIN(TestSignatureE2E)
#include "tst_signature_e2e.moc"
