#include "receive/endpoint_rule.h"

#include <QJsonArray>
#include <QTest>

using namespace hookscope;

class TestEndpointRule : public QObject
{
    Q_OBJECT

private slots:
    void glob_data();
    void glob();
    void parsesAFullRule();
    void rejects_data();
    void rejects();
    void jsonRoundTrip();
    void methodFilter();
    void signatureRule();
    void signatureRejects_data();
    void signatureRejects();
};

void TestEndpointRule::glob_data()
{
    QTest::addColumn<QByteArray>("glob");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << QByteArray("/api/webhook") << QByteArray("/api/webhook") << true;
    QTest::newRow("exact, other path")
        << QByteArray("/api/webhook") << QByteArray("/api/webhooks") << false;
    QTest::newRow("star within a segment")
        << QByteArray("/hooks/*") << QByteArray("/hooks/stripe") << true;
    QTest::newRow("star stops at slash")
        << QByteArray("/hooks/*") << QByteArray("/hooks/a/b") << false;
    QTest::newRow("double star crosses")
        << QByteArray("/hooks/**") << QByteArray("/hooks/a/b") << true;
    QTest::newRow("everything") << QByteArray("/**") << QByteArray("/") << true;
    QTest::newRow("question mark") << QByteArray("/v?/x") << QByteArray("/v1/x") << true;
    QTest::newRow("regex characters are literal")
        << QByteArray("/a.b(c)") << QByteArray("/a.b(c)") << true;
    QTest::newRow("dot is not any char") << QByteArray("/a.b") << QByteArray("/axb") << false;
}

void TestEndpointRule::glob()
{
    QFETCH(QByteArray, glob);
    QFETCH(QByteArray, path);
    QFETCH(bool, matches);
    QCOMPARE(EndpointRule::globToRegex(QString::fromLatin1(glob))
                 .match(QString::fromLatin1(path))
                 .hasMatch(),
             matches);
}

void TestEndpointRule::parsesAFullRule()
{
    QString error;
    const auto rules = EndpointRule::listFromJson(R"({"rules":[{
        "name": "directus", "methods": ["post"], "path": "/api/webhook",
        "secret": "s3cret", "secretHeader": "X-Webhook-Secret",
        "requiredFields": ["eventType", "data"],
        "response": {"status": 202, "headers": {"X-Handled-By": "hookscope"},
                     "body": {"success": true, "action": "{{body.eventType}}"}},
        "delayMs": 150, "fail": {"first": 2, "rate": 0.5, "status": 500}}]})",
                                                  &error);
    QVERIFY2(rules, qPrintable(error));
    QCOMPARE(rules->size(), 1);
    const EndpointRule &r = rules->first();
    QCOMPARE(r.name, QStringLiteral("directus"));
    QCOMPARE(r.methods, QList<QByteArray>{"POST"});
    QCOMPARE(r.secret, QByteArray("s3cret"));
    QCOMPARE(r.secretHeader, QByteArray("X-Webhook-Secret"));
    QVERIFY(r.requireJson);
    QCOMPARE(r.requiredFields, (QStringList{QStringLiteral("eventType"), QStringLiteral("data")}));
    QCOMPARE(r.status, 202);
    QCOMPARE(r.responseHeaders.size(), 1);
    QVERIFY(r.bodyTemplate);
    QVERIFY(r.bodyTemplate->contains("{{body.eventType}}"));
    QCOMPARE(r.delayMs, 150);
    QCOMPARE(r.failFirst, 2);
    QCOMPARE(r.failRate, 0.5);
    QCOMPARE(r.failStatus, 500);
}

void TestEndpointRule::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("not json") << QByteArray("{rules") << QByteArray("not valid JSON");
    QTest::newRow("wrong top level") << QByteArray(R"({"rule":[]})") << QByteArray("expected");
    QTest::newRow("rule not an object")
        << QByteArray("[1]") << QByteArray("rule 1: a rule must be an object");
    QTest::newRow("unknown key names the rule") << QByteArray(R"([{"name":"x","secrt":"a"}])")
                                                << QByteArray("rule 1 (x): unknown key \"secrt\"");
    QTest::newRow("path without slash")
        << QByteArray(R"([{"path":"api"}])") << QByteArray("\"path\"");
    QTest::newRow("bad method") << QByteArray(R"([{"methods":["PO ST"]}])")
                                << QByteArray("invalid method");
    QTest::newRow("status out of range")
        << QByteArray(R"([{"response":{"status":99}}])") << QByteArray("response.status");
    QTest::newRow("unknown placeholder") << QByteArray(R"([{"response":{"body":"{{reqest.id}}"}}])")
                                         << QByteArray("unknown placeholder");
    QTest::newRow("header injection")
        << QByteArray(R"([{"response":{"headers":{"X-A":"a\r\nB: c"}}}])")
        << QByteArray("invalid response header");
    QTest::newRow("negative delay") << QByteArray(R"([{"delayMs":-1}])") << QByteArray("delayMs");
    QTest::newRow("rate above one")
        << QByteArray(R"([{"fail":{"rate":2}}])") << QByteArray("fail.rate");
    QTest::newRow("second rule is reported")
        << QByteArray(R"([{},{"requiredFields":"x"}])") << QByteArray("rule 2:");
}

void TestEndpointRule::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, message);
    QString error;
    QVERIFY(!EndpointRule::listFromJson(json, &error));
    QVERIFY2(error.contains(QString::fromLatin1(message)), qPrintable(error));
}

void TestEndpointRule::jsonRoundTrip()
{
    QString error;
    const auto rules = EndpointRule::listFromJson(
        R"([{"name":"a","methods":"PUT","path":"/x/**","secret":"k","requireJson":true,
             "response":{"status":201,"body":"ok {{request.id}}"},"fail":{"first":1}}])",
        &error);
    QVERIFY2(rules, qPrintable(error));
    const auto again = EndpointRule::fromJson(rules->first().toJson(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->methods, rules->first().methods);
    QCOMPARE(again->pathGlob, QStringLiteral("/x/**"));
    QCOMPARE(again->secret, QByteArray("k"));
    QCOMPARE(again->status, 201);
    QCOMPARE(*again->bodyTemplate, QByteArray("ok {{request.id}}"));
    QCOMPARE(again->failFirst, 1);
}

void TestEndpointRule::methodFilter()
{
    QString error;
    const auto rules = EndpointRule::listFromJson(
        R"([{"methods":["POST","PUT"],"path":"/a"},{"method":"*","path":"/b"},
            {"enabled":false,"path":"/c"}])",
        &error);
    QVERIFY2(rules, qPrintable(error));
    QVERIFY(rules->at(0).matches("POST", "/a"));
    QVERIFY(!rules->at(0).matches("GET", "/a"));
    QVERIFY(rules->at(1).matches("DELETE", "/b"));
    QVERIFY(!rules->at(2).matches("POST", "/c"));
}

void TestEndpointRule::signatureRule()
{
    QString error;
    const auto rules = EndpointRule::listFromJson(
        R"([{"name":"gh","path":"/gh","signature":{"scheme":"GitHub","secrets":["old","new"],
             "signatureHeader":"X-Pathfinder-Signature","tolerance":60,"reject":true}},
            {"name":"plain","path":"/p"}])",
        &error);
    QVERIFY2(rules, qPrintable(error));
    const EndpointRule &rule = rules->first();
    QVERIFY(rule.signature);
    QCOMPARE(rule.signature->scheme.id, QStringLiteral("github"));
    QCOMPARE(rule.signature->secrets, (QList<QByteArray>{"old", "new"}));
    QCOMPARE(rule.signature->signatureHeader, QByteArray("X-Pathfinder-Signature"));
    QCOMPARE(rule.signature->tolerance, std::optional<int>(60));
    QVERIFY(rule.signature->reject);
    QVERIFY(!rules->at(1).signature);

    // toJson keeps the secrets (the rules file export needs them) and reads back the same.
    const QJsonObject json = rule.toJson();
    QCOMPARE(json.value(QStringLiteral("signature"))
                 .toObject()
                 .value(QStringLiteral("secrets"))
                 .toArray()
                 .size(),
             2);
    const auto again = EndpointRule::fromJson(json, &error);
    QVERIFY2(again && again->signature, qPrintable(error));
    QCOMPARE(again->signature->scheme.id, QStringLiteral("github"));
    QCOMPARE(again->signature->secrets, rule.signature->secrets);
    QCOMPARE(again->signature->signatureHeader, rule.signature->signatureHeader);
    QCOMPARE(again->signature->tolerance, rule.signature->tolerance);
    QCOMPARE(again->signature->reject, true);
    QVERIFY(!rules->at(1).toJson().contains(QStringLiteral("signature")));

    // Defaults: no override, the scheme's tolerance, capture and mark only.
    const auto minimal = EndpointRule::listFromJson(
        R"([{"signature":{"scheme":"stripe","secrets":["whsec_x"]}}])", &error);
    QVERIFY2(minimal, qPrintable(error));
    QVERIFY(minimal->first().signature->signatureHeader.isEmpty());
    QVERIFY(!minimal->first().signature->tolerance);
    QVERIFY(!minimal->first().signature->reject);
    QVERIFY(!minimal->first()
                 .toJson()
                 .value(QStringLiteral("signature"))
                 .toObject()
                 .contains(QStringLiteral("tolerance")));
}

void TestEndpointRule::signatureRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown scheme names the rule")
        << QByteArray(R"([{},{"name":"hooks","signature":{"scheme":"gitbub","secrets":["s"]}}])")
        << QByteArray("rule 2 (hooks): unknown signature scheme \"gitbub\"");
    QTest::newRow("no scheme") << QByteArray(R"([{"signature":{"secrets":["s"]}}])")
                               << QByteArray("\"signature.scheme\" is missing");
    QTest::newRow("no secrets") << QByteArray(R"([{"signature":{"scheme":"github"}}])")
                                << QByteArray("at least one secret");
    QTest::newRow("empty secrets")
        << QByteArray(R"([{"signature":{"scheme":"github","secrets":[]}}])")
        << QByteArray("at least one secret");
    QTest::newRow("empty secret") << QByteArray(
                                         R"([{"signature":{"scheme":"github","secrets":[""]}}])")
                                  << QByteArray("non-empty strings");
    QTest::newRow("secret not a string")
        << QByteArray(R"([{"signature":{"scheme":"github","secrets":[1]}}])")
        << QByteArray("non-empty strings");
    QTest::newRow("not an object") << QByteArray(R"([{"signature":"github"}])")
                                   << QByteArray("\"signature\" must be an object");
    QTest::newRow("unknown key")
        << QByteArray(R"([{"signature":{"scheme":"github","secrets":["s"],"secret":"s"}}])")
        << QByteArray("unknown key \"signature.secret\"");
    QTest::newRow("bad header")
        << QByteArray(
               R"([{"signature":{"scheme":"github","secrets":["s"],"signatureHeader":"X A"}}])")
        << QByteArray("signature.signatureHeader");
    QTest::newRow("negative tolerance")
        << QByteArray(R"([{"signature":{"scheme":"stripe","secrets":["s"],"tolerance":-5}}])")
        << QByteArray("signature.tolerance");
    QTest::newRow("fractional tolerance")
        << QByteArray(R"([{"signature":{"scheme":"stripe","secrets":["s"],"tolerance":1.5}}])")
        << QByteArray("signature.tolerance");
    QTest::newRow("reject not a bool")
        << QByteArray(R"([{"signature":{"scheme":"github","secrets":["s"],"reject":"yes"}}])")
        << QByteArray("signature.reject");
}

void TestEndpointRule::signatureRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, message);
    QString error;
    QVERIFY(!EndpointRule::listFromJson(json, &error));
    QVERIFY2(error.contains(QString::fromUtf8(message)), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestEndpointRule)
#include "tst_endpoint_rule.moc"
