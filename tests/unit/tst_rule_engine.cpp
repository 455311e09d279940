#include "receive/rule_engine.h"

#include <QTest>

using namespace hookscope;

class TestRuleEngine : public QObject
{
    Q_OBJECT

private slots:
    void noRuleGivesTheDefaultAnswer();
    void secretAndValidation_data();
    void secretAndValidation();
    void failsTheFirstRequestsOnPurpose();
    void failRateOneFailsEverything();
    void customResponseAndDelay();
    void verifiesSignatures_data();
    void verifiesSignatures();
    void rebuildsTheSignedUrl();
    void truncatedBodyIsNotVerified();

private:
    static RuleEngine engineFor(const QByteArray &json);
    static StoredRequest post(const QByteArray &path, const QByteArray &body,
                              const HeaderList &headers = {});
};

RuleEngine TestRuleEngine::engineFor(const QByteArray &json)
{
    QString error;
    const auto rules = EndpointRule::listFromJson(json, &error);
    if (!rules)
        qFatal("bad test rules: %s", qPrintable(error));
    RuleEngine engine;
    engine.setRules(*rules);
    return engine;
}

StoredRequest TestRuleEngine::post(const QByteArray &path, const QByteArray &body,
                                   const HeaderList &headers)
{
    StoredRequest r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    r.headers = headers;
    return r;
}

void TestRuleEngine::noRuleGivesTheDefaultAnswer()
{
    RuleEngine engine = engineFor(R"([{"path":"/only"}])");
    const RuleEngine::Decision d = engine.decide(post("/other", "x"));
    QCOMPARE(d.endpointId, 0);
    QCOMPARE(d.plan.status, 200);
    QCOMPARE(d.plan.bodyTemplate, QByteArray(R"({"success":true,"id":"{{request.id}}"})"));
}

void TestRuleEngine::secretAndValidation_data()
{
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer");
    const HeaderList good = {{"X-Webhook-Secret", "s3cret"}};
    QTest::newRow("missing secret (seed 000)")
        << HeaderList{} << QByteArray("{}") << 401
        << QByteArray(
               R"({"success":false,"message":"Unauthorized","error":"Missing webhook secret header"})");
    QTest::newRow("wrong secret")
        << HeaderList{{"x-webhook-secret", "nope"}} << QByteArray("{}") << 401
        << QByteArray(
               R"({"success":false,"message":"Unauthorized","error":"Invalid webhook secret"})");
    QTest::newRow("secret prefix is not enough")
        << HeaderList{{"x-webhook-secret", "s3cre"}} << QByteArray("{}") << 401
        << QByteArray(
               R"({"success":false,"message":"Unauthorized","error":"Invalid webhook secret"})");
    QTest::newRow("invalid json")
        << good << QByteArray("{not json") << 400
        << QByteArray(
               R"({"success":false,"message":"Bad Request","error":"Invalid JSON payload"})");
    QTest::newRow("json but not an object")
        << good << QByteArray("[1,2]") << 400
        << QByteArray(
               R"({"success":false,"message":"Bad Request","error":"Invalid JSON payload"})");
    QTest::newRow("missing required field")
        << good << QByteArray(R"({"data":{}})") << 400
        << QByteArray(
               R"({"success":false,"message":"Bad Request","error":"Missing required field: eventType"})");
    QTest::newRow("null required field")
        << good << QByteArray(R"({"eventType":"a","data":null})") << 400
        << QByteArray(
               R"({"success":false,"message":"Bad Request","error":"Missing required field: data"})");
    QTest::newRow("accepted") << good << QByteArray(R"({"eventType":"a","data":{}})") << 200
                              << QByteArray(R"({"success":true,"id":"{{request.id}}"})");
}

void TestRuleEngine::secretAndValidation()
{
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    RuleEngine engine = engineFor(
        R"([{"name":"directus","methods":["POST"],"path":"/api/webhook","secret":"s3cret",
             "requiredFields":["eventType","data"]}])");
    const RuleEngine::Decision d = engine.decide(post("/api/webhook", body, headers));
    QCOMPARE(d.endpointName, QStringLiteral("directus"));
    QCOMPARE(d.plan.status, status);
    QCOMPARE(d.plan.bodyTemplate, answer);
}

void TestRuleEngine::failsTheFirstRequestsOnPurpose()
{
    RuleEngine engine = engineFor(R"([{"name":"flaky","fail":{"first":2,"status":503}}])");
    QCOMPARE(engine.decide(post("/a", "")).plan.status, 503);
    QCOMPARE(engine.decide(post("/a", "")).plan.status, 503);
    QCOMPARE(engine.decide(post("/a", "")).plan.status, 200);
    // new rules reset the count
    engine.setRules(engine.rules());
    QCOMPARE(engine.decide(post("/a", "")).plan.status, 503);
}

void TestRuleEngine::failRateOneFailsEverything()
{
    RuleEngine engine = engineFor(R"([{"fail":{"rate":1,"status":500}}])");
    for (int i = 0; i < 20; ++i)
        QCOMPARE(engine.decide(post("/a", "")).plan.status, 500);
    RuleEngine never = engineFor(R"([{"fail":{"rate":0}}])");
    for (int i = 0; i < 20; ++i)
        QCOMPARE(never.decide(post("/a", "")).plan.status, 200);
}

void TestRuleEngine::customResponseAndDelay()
{
    RuleEngine engine = engineFor(
        R"([{"response":{"status":201,"headers":{"X-A":"1","Content-Type":"text/csv"},
             "body":"a,b"},"delayMs":40}])");
    const ResponsePlan plan = engine.decide(post("/a", "")).plan;
    QCOMPARE(plan.status, 201);
    QCOMPARE(plan.bodyTemplate, QByteArray("a,b"));
    QCOMPARE(plan.delayMs, 40);
    QVERIFY(!plan.jsonBody);
    QCOMPARE(plan.headers.size(), 2);
    QCOMPARE(plan.headers.at(0).name, QByteArray("Content-Type"));
    QCOMPARE(plan.headers.at(0).value, QByteArray("text/csv"));
}

void TestRuleEngine::verifiesSignatures_data()
{
    // GitHub docs, "Validating webhook deliveries" (shared/signature-vectors.md).
    const QByteArray good =
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    QTest::addColumn<QByteArray>("rules");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("verification");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("status");
    const QByteArray mark =
        R"([{"path":"/gh","signature":{"scheme":"github","secrets":["wrong","It's a Secret to Everybody"]}}])";
    const QByteArray reject =
        R"([{"path":"/gh","signature":{"scheme":"github","secrets":["It's a Secret to Everybody"],"reject":true}}])";
    const QByteArray header =
        R"([{"path":"/gh","signature":{"scheme":"github","secrets":["It's a Secret to Everybody"],"signatureHeader":"X-Pathfinder-Signature"}}])";
    QTest::newRow("valid, second secret")
        << mark << HeaderList{{"X-Hub-Signature-256", good}} << QByteArray("Hello, World!")
        << int(SignatureStatus::Valid) << QStringLiteral("valid (github, secret 2") << 200;
    QTest::newRow("tampered body is marked, still answered")
        << mark << HeaderList{{"X-Hub-Signature-256", good}} << QByteArray("Hello, World?")
        << int(SignatureStatus::Invalid) << QStringLiteral("invalid: ") << 200;
    QTest::newRow("trailing newline gets a hint")
        << mark << HeaderList{{"X-Hub-Signature-256", good}} << QByteArray("Hello, World!\n")
        << int(SignatureStatus::Invalid) << QStringLiteral("\nHint: ") << 200;
    QTest::newRow("missing header")
        << mark << HeaderList{} << QByteArray("Hello, World!") << int(SignatureStatus::Invalid)
        << QStringLiteral("X-Hub-Signature-256") << 200;
    QTest::newRow("reject answers 401")
        << reject << HeaderList{{"X-Hub-Signature-256", "sha256=00"}} << QByteArray("Hello, World!")
        << int(SignatureStatus::Invalid) << QStringLiteral("invalid: ") << 401;
    QTest::newRow("reject lets a valid one through")
        << reject << HeaderList{{"X-Hub-Signature-256", good}} << QByteArray("Hello, World!")
        << int(SignatureStatus::Valid) << QStringLiteral("valid") << 200;
    QTest::newRow("header override")
        << header << HeaderList{{"x-pathfinder-signature", good}} << QByteArray("Hello, World!")
        << int(SignatureStatus::Valid) << QStringLiteral("valid") << 200;
    QTest::newRow("header override ignores the default header")
        << header << HeaderList{{"X-Hub-Signature-256", good}} << QByteArray("Hello, World!")
        << int(SignatureStatus::Invalid) << QStringLiteral("X-Pathfinder-Signature") << 200;
    QTest::newRow("rule without a check")
        << QByteArray(R"([{"path":"/gh"}])") << HeaderList{{"X-Hub-Signature-256", good}}
        << QByteArray("Hello, World!") << int(SignatureStatus::NotConfigured) << QString() << 200;
}

void TestRuleEngine::verifiesSignatures()
{
    QFETCH(QByteArray, rules);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, verification);
    QFETCH(QString, detail);
    QFETCH(int, status);
    RuleEngine engine = engineFor(rules);
    const RuleEngine::Decision d = engine.decide(post("/gh", body, headers));
    QCOMPARE(int(d.verification), verification);
    QVERIFY2(detail.isEmpty() ? d.verificationDetail.isEmpty()
                              : d.verificationDetail.contains(detail, Qt::CaseInsensitive),
             qPrintable(d.verificationDetail));
    QVERIFY(!d.verificationDetail.contains(QStringLiteral("Secret to Everybody")));
    QCOMPARE(d.plan.status, status);
    if (status == 401) {
        QCOMPARE(
            d.plan.bodyTemplate,
            QByteArray(
                R"({"success":false,"message":"Unauthorized","error":"Invalid webhook signature"})"));
    }
}

void TestRuleEngine::rebuildsTheSignedUrl()
{
    // twilio-python tests/unit/test_request_validator.py (shared/signature-vectors.md):
    // signed for https://mycompany.com/myapp.php?foo=1&bar=2.
    RuleEngine engine =
        engineFor(R"([{"path":"/myapp.php","signature":{"scheme":"twilio","secrets":["12345"]}}])");
    StoredRequest r =
        post("/myapp.php", "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&"
                           "From=%2B14158675309&To=%2B18005551212");
    r.query = "foo=1&bar=2";
    const HeaderField signature{"X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="};

    // Behind a TLS-terminating tunnel: the public scheme and host come from X-Forwarded-*.
    r.headers = {{"Host", "127.0.0.1:8080"},
                 {"X-Forwarded-Proto", "https"},
                 {"X-Forwarded-Host", "mycompany.com"},
                 signature};
    RuleEngine::Decision d = engine.decide(r);
    QVERIFY2(d.verification == SignatureStatus::Valid, qPrintable(d.verificationDetail));

    // Without them the URL is http://<Host>..., which is not what was signed; the detail
    // says which URL was checked.
    r.headers = {{"Host", "mycompany.com"}, signature};
    d = engine.decide(r);
    QCOMPARE(d.verification, SignatureStatus::Invalid);
    QVERIFY2(d.verificationDetail.contains(
                 QStringLiteral("URL checked: http://mycompany.com/myapp.php?foo=1&bar=2")),
             qPrintable(d.verificationDetail));
}

void TestRuleEngine::truncatedBodyIsNotVerified()
{
    const auto rules = EndpointRule::listFromJson(
        R"([{"signature":{"scheme":"github","secrets":["It's a Secret to Everybody"]}}])", nullptr);
    QVERIFY(rules);
    StoredRequest r =
        post("/gh", "Hello, World!",
             {{"X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7"
                                      "586c22c46f4379c8b043e17"}});
    SignatureStatus status = SignatureStatus::NotConfigured;
    QString detail;
    RuleEngine::verify(*rules->first().signature, r, &status, &detail);
    QCOMPARE(status, SignatureStatus::Valid);
    // Over the size limit the body is not kept, so it cannot be checked.
    r.truncated = true;
    r.body.clear();
    RuleEngine::verify(*rules->first().signature, r, &status, &detail);
    QCOMPARE(status, SignatureStatus::Invalid);
    QVERIFY2(detail.contains(QStringLiteral("not kept")), qPrintable(detail));
}

QTEST_GUILESS_MAIN(TestRuleEngine)
#include "tst_rule_engine.moc"
