// The providers' own published examples (see ../shared/signature-vectors.md); every row names
// its source. These pin Hookscope to what the providers' libraries compute.
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "sign/signature_verifier.h"
#include "signature_test_support.h"

#include <QFile>
#include <QTest>

using namespace hookscope;

class TestSignatureVectors : public QObject
{
    Q_OBJECT

private slots:
    void verify_data();
    void verify();
    void sign_data();
    void sign();
};

namespace {

const QByteArray swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray swBody = R"({"test": 2432232314})";
const QByteArray swHeaders = "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n"
                             "webhook-timestamp: 1614265330\n";

const QByteArray rustBody = R"({"email":"test@example.com","username":"test_user"})";

QByteArray stripeBody()
{
    QFile file(QStringLiteral(HOOKSCOPE_TEST_DATA "/stripe_event_test_signature.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data");
    return file.readAll();
}
const QByteArray stripeHeader =
    "Stripe-Signature: t=1533204620,v1="
    "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,v0="
    "63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";

const QByteArray slackBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";

const QByteArray twilioForm = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&"
                              "From=%2B14158675309&To=%2B18005551212";
const QByteArray twilioUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

const QByteArray squareBody =
    R"({"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}})";

const QByteArray sendgridKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDq"
                               "BaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
const QByteArray sendgridBody =
    R"({"category":"example_payload","event":"test_event","message_id":"message_id"})";
const QByteArray sendgridHeaders =
    "X-Twilio-Email-Event-Webhook-Timestamp: 1588788367\n"
    "X-Twilio-Email-Event-Webhook-Signature: MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/"
    "U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";

} // namespace

void TestSignatureVectors::verify_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArrayList>("secrets");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<int>("failure");

    const int ok = int(VerifyFailure::None);
    const int mismatch = int(VerifyFailure::SignatureMismatch);

    // standard-webhooks libraries/python/tests/test_webhooks.py
    QTest::newRow("standard-webhooks python test: valid")
        << "standard-webhooks" << QByteArrayList{swSecret}
        << swHeaders + "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        << swBody << QByteArray() << qint64(1614265330) << ok;
    QTest::newRow("standard-webhooks python test: last character changed fails")
        << "standard-webhooks" << QByteArrayList{swSecret}
        << swHeaders + "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="
        << swBody << QByteArray() << qint64(1614265330) << mismatch;
    QTest::newRow("standard-webhooks python test: secret without whsec_ prefix")
        << "standard-webhooks" << QByteArrayList{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
        << swHeaders + "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        << swBody << QByteArray() << qint64(1614265330) << ok;
    QTest::newRow("standard-webhooks python test: unknown v2 entry skipped, v1 matches")
        << "standard-webhooks" << QByteArrayList{swSecret}
        << swHeaders +
               "webhook-signature: v2,Zm9vYmFy v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        << swBody << QByteArray() << qint64(1614265330) << ok;
    QTest::newRow("standard-webhooks python test: svix-* header names (alias svix)")
        << "svix" << QByteArrayList{swSecret}
        << QByteArray("svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nsvix-timestamp: 1614265330\n"
                      "svix-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        << swBody << QByteArray() << qint64(1614265330) << ok;
    // standard-webhooks libraries/rust/src/lib.rs test_sign
    QTest::newRow("standard-webhooks rust test_sign")
        << "standard-webhooks" << QByteArrayList{"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"}
        << QByteArray("webhook-id: msg_27UH4WbU6Z5A5EzD8u03UvzRbpk\n"
                      "webhook-timestamp: 1649367553\n"
                      "webhook-signature: v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")
        << rustBody << QByteArray() << qint64(1649367553) << ok;

    // stripe-dotnet EventUtilityTest.cs + Resources/event_test_signature.json
    QTest::newRow("stripe-dotnet EventUtilityTest: valid, v0 ignored")
        << "stripe" << QByteArrayList{"webhook_secret"} << stripeHeader << stripeBody()
        << QByteArray() << qint64(1533204620) << ok;
    QTest::newRow("stripe-dotnet EventUtilityTest: extra v1=potato still valid")
        << "stripe" << QByteArrayList{"webhook_secret"} << stripeHeader + ",v1=potato"
        << stripeBody() << QByteArray() << qint64(1533204620) << ok;
    QTest::newRow("stripe-dotnet EventUtilityTest: body with one more newline fails")
        << "stripe" << QByteArrayList{"webhook_secret"} << stripeHeader << stripeBody() + '\n'
        << QByteArray() << qint64(1533204620) << mismatch;
    QTest::newRow("stripe-dotnet EventUtilityTest: 301 s old is outside 300 s")
        << "stripe" << QByteArrayList{"webhook_secret"} << stripeHeader << stripeBody()
        << QByteArray() << qint64(1533204620 + 301)
        << int(VerifyFailure::TimestampOutsideTolerance);
    QTest::newRow("stripe-dotnet EventUtilityTest: future timestamp accepted (too old only)")
        << "stripe" << QByteArrayList{"webhook_secret"} << stripeHeader << stripeBody()
        << QByteArray() << qint64(1533204620 - 3600) << ok;

    // GitHub docs, "Validating webhook deliveries"
    QTest::newRow("github docs: Hello, World!")
        << "github" << QByteArrayList{"It's a Secret to Everybody"}
        << QByteArray("X-Hub-Signature-256: "
                      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        << QByteArray("Hello, World!") << QByteArray() << qint64(0) << ok;

    // Slack docs, "Verifying requests from Slack"
    QTest::newRow("slack docs: slash command")
        << "slack" << QByteArrayList{"8f742231b10e8888abcd99yyyzzz85a5"}
        << QByteArray("X-Slack-Request-Timestamp: 1531420618\nX-Slack-Signature: "
                      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
        << slackBody << QByteArray() << qint64(1531420618) << ok;

    // twilio-python tests/unit/test_request_validator.py
    QTest::newRow("twilio-python: form parameters")
        << "twilio" << QByteArrayList{"12345"}
        << QByteArray("X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=") << twilioForm << twilioUrl
        << qint64(0) << ok;
    QTest::newRow("twilio-python: URL with :443, signature without the port")
        << "twilio" << QByteArrayList{"12345"}
        << QByteArray("X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=") << twilioForm
        << QByteArray("https://mycompany.com:443/myapp.php?foo=1&bar=2") << qint64(0) << ok;
    QTest::newRow("twilio-python: signature computed with :443")
        << "twilio" << QByteArrayList{"12345"}
        << QByteArray("X-Twilio-Signature: kvajT1Ptam85bY51eRf/AJRuM3w=") << twilioForm << twilioUrl
        << qint64(0) << ok;
    QTest::newRow("twilio-python: JSON body through bodySHA256")
        << "twilio" << QByteArrayList{"12345"}
        << QByteArray("X-Twilio-Signature: a9nBmqA0ju/hNViExpshrM61xv4=")
        << QByteArray(R"({"property": "value", "boolean": true})")
        << twilioUrl +
               "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        << qint64(0) << ok;
    QTest::newRow("twilio-python: JSON body changed, bodySHA256 no longer matches")
        << "twilio" << QByteArrayList{"12345"}
        << QByteArray("X-Twilio-Signature: a9nBmqA0ju/hNViExpshrM61xv4=")
        << QByteArray(R"({"property": "value", "boolean": false})")
        << twilioUrl +
               "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        << qint64(0) << mismatch;

    // Square SDKs' webhook helper tests
    QTest::newRow("square sdk tests: test notification")
        << "square" << QByteArrayList{"Ibxx_5AKakO-3qeNVR61Dw"}
        << QByteArray("x-square-hmacsha256-signature: GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=")
        << squareBody << QByteArray("https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9")
        << qint64(0) << ok;
    QTest::newRow("square sdk tests: other URL fails")
        << "square" << QByteArrayList{"Ibxx_5AKakO-3qeNVR61Dw"}
        << QByteArray("x-square-hmacsha256-signature: GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=")
        << squareBody << QByteArray("https://webhook.site/other") << qint64(0) << mismatch;

    // sendgrid-nodejs packages/eventwebhook/src/eventwebhook.spec.js
    QTest::newRow("sendgrid eventwebhook.spec: valid")
        << "sendgrid" << QByteArrayList{sendgridKey} << sendgridHeaders << sendgridBody
        << QByteArray() << qint64(0) << ok;
    QTest::newRow("sendgrid eventwebhook.spec: CRLF appended fails")
        << "sendgrid" << QByteArrayList{sendgridKey} << sendgridHeaders << sendgridBody + "\r\n"
        << QByteArray() << qint64(0) << mismatch;
}

void TestSignatureVectors::verify()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArrayList, secrets);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, url);
    QFETCH(qint64, now);
    QFETCH(int, failure);

    const SignatureScheme *preset = SignatureSchemeRegistry::find(scheme);
    QVERIFY(preset);
    VerifyOptions options;
    options.url = url;
    options.nowMs = now * 1000;
    const VerifyResult result =
        SignatureVerifier::verify(*preset, secrets, headersFrom(headers), body, options);
    QCOMPARE(VerifyResult::failureName(result.failure),
             VerifyResult::failureName(VerifyFailure(failure)));
    QCOMPARE(result.valid, failure == int(VerifyFailure::None));
    if (result.valid) {
        QCOMPARE(result.secretIndex, 0);
        QVERIFY(result.signatureIndex >= 0);
    }
    QVERIFY(!result.message.isEmpty() || result.valid);

    // The same request, scheme auto-detected from its headers.
    const VerifyResult detected =
        SignatureVerifier::verifyDetected(secrets, headersFrom(headers), body, options);
    QCOMPARE(detected.valid, result.valid);
    if (detected.valid)
        QCOMPARE(detected.schemeId, preset->id);
}

void TestSignatureVectors::sign_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("standard-webhooks python test")
        << "standard-webhooks" << swSecret << QByteArray("msg_p5jXN8AQM9LWM0D4loKWxJek")
        << qint64(1614265330) << swBody << QByteArray() << QByteArray("webhook-signature")
        << QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    QTest::newRow("standard-webhooks rust test_sign")
        << "standard-webhooks" << QByteArray("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
        << QByteArray("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk") << qint64(1649367553) << rustBody
        << QByteArray() << QByteArray("webhook-signature")
        << QByteArray("v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");
    QTest::newRow("stripe-dotnet EventUtilityTest")
        << "stripe" << QByteArray("webhook_secret") << QByteArray() << qint64(1533204620)
        << stripeBody() << QByteArray() << QByteArray("Stripe-Signature")
        << QByteArray("t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882d"
                      "db9cc3c7");
    QTest::newRow("github docs")
        << "github" << QByteArray("It's a Secret to Everybody") << QByteArray() << qint64(0)
        << QByteArray("Hello, World!") << QByteArray() << QByteArray("X-Hub-Signature-256")
        << QByteArray("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    QTest::newRow("slack docs")
        << "slack" << QByteArray("8f742231b10e8888abcd99yyyzzz85a5") << QByteArray()
        << qint64(1531420618) << slackBody << QByteArray() << QByteArray("X-Slack-Signature")
        << QByteArray("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    QTest::newRow("twilio-python form parameters")
        << "twilio" << QByteArray("12345") << QByteArray() << qint64(0) << twilioForm << twilioUrl
        << QByteArray("X-Twilio-Signature") << QByteArray("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    QTest::newRow("twilio-python JSON body")
        << "twilio" << QByteArray("12345") << QByteArray() << qint64(0)
        << QByteArray(R"({"property": "value", "boolean": true})") << twilioUrl
        << QByteArray("X-Twilio-Signature") << QByteArray("a9nBmqA0ju/hNViExpshrM61xv4=");
    QTest::newRow("square sdk tests")
        << "square" << QByteArray("Ibxx_5AKakO-3qeNVR61Dw") << QByteArray() << qint64(0)
        << squareBody << QByteArray("https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9")
        << QByteArray("x-square-hmacsha256-signature")
        << QByteArray("GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=");
}

void TestSignatureVectors::sign()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, id);
    QFETCH(qint64, timestamp);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, expected);

    SignOptions options;
    options.id = id;
    options.timestamp = timestamp;
    options.url = url;
    const SignResult result =
        SignatureSigner::sign(*SignatureSchemeRegistry::find(scheme), secret, body, options);
    QVERIFY2(result.ok, qPrintable(result.error));
    QByteArray value;
    for (const HeaderField &field : result.headers) {
        if (field.name == header)
            value = field.value;
    }
    QCOMPARE(value, expected);
}

QTEST_GUILESS_MAIN(TestSignatureVectors)
#include "tst_signature_vectors.moc"
