// Every failure reason and every hint of SignatureVerifier, each reached by a row, and the
// header parsers on bad input.
#include "sign/json_reformatter.h"
#include "sign/signature_crypto.h"
#include "sign/signature_header_parser.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_verifier.h"
#include "signature_test_support.h"

#include <QTest>

using namespace hookscope;

class TestSignatureFailures : public QObject
{
    Q_OBJECT

private slots:
    void failures_data();
    void failures();
    void skewAndExpected();
    void timestamps_data();
    void timestamps();
    void decode_data();
    void decode();
    void reformat_data();
    void reformat();
    void detect_data();
    void detect();
};

namespace {

const qint64 now = 1700000000;
const QByteArray secret = "s3cret";

QByteArray hmacHex(const QByteArray &key, const QByteArray &data)
{
    return signcrypto::hmac(SignatureAlgorithm::HmacSha256, key, data).toHex();
}
QByteArray hmacB64(const QByteArray &key, const QByteArray &data)
{
    return signcrypto::hmac(SignatureAlgorithm::HmacSha256, key, data).toBase64();
}

const QByteArray whsec = "whsec_" + QByteArray("0123456789abcdef0123").toBase64();
const QByteArray whsecKey = "0123456789abcdef0123";

QByteArray standardHeaders(const QByteArray &signature, qint64 timestamp = now)
{
    return "webhook-id: msg_1\nwebhook-timestamp: " + QByteArray::number(timestamp) +
           "\nwebhook-signature: " + signature;
}

QByteArray slackHeaders(const QByteArray &timestamp, const QByteArray &body)
{
    return "X-Slack-Request-Timestamp: " + timestamp +
           "\nX-Slack-Signature: v0=" + hmacHex(secret, "v0:" + timestamp + ":" + body);
}

} // namespace

void TestSignatureFailures::failures_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArrayList>("secrets");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<int>("tolerance"); // -1: the scheme's
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("message"); // a part of the message
    QTest::addColumn<int>("hint");        // SignatureHintKind, -1: none expected
    QTest::addColumn<QString>("hintDetail");

    const QByteArrayList s{secret};
    const int missing = int(VerifyFailure::MissingHeader);
    const int malformed = int(VerifyFailure::MalformedHeader);
    const int badSecret = int(VerifyFailure::BadSecret);
    const int mismatch = int(VerifyFailure::SignatureMismatch);
    const int tolerance = int(VerifyFailure::TimestampOutsideTolerance);
    const int ok = int(VerifyFailure::None);
    const QByteArray body = R"({"a": 1, "b": [1, 2]})";
    const QByteArray minified = R"({"a":1,"b":[1,2]})";

    // Missing header / field, named.
    QTest::newRow("missing signature header")
        << "stripe" << s << QByteArray() << body << QByteArray() << -1 << missing
        << "missing header Stripe-Signature" << -1 << "";
    QTest::newRow("missing timestamp header")
        << "slack" << s << QByteArray("X-Slack-Signature: v0=00") << body << QByteArray() << -1
        << missing << "missing header X-Slack-Request-Timestamp" << -1 << "";
    QTest::newRow("missing id header")
        << "standard-webhooks" << QByteArrayList{whsec}
        << QByteArray("webhook-timestamp: 1700000000\nwebhook-signature: v1,AAAA") << body
        << QByteArray() << -1 << missing << "missing header webhook-id or svix-id" << -1 << "";
    QTest::newRow("missing JSON timestamp (linear)")
        << "linear" << s << "Linear-Signature: " + hmacHex(secret, body) << body << QByteArray()
        << -1 << missing << "missing JSON field webhookTimestamp" << -1 << "";
    QTest::newRow("missing JSON signature (mailgun)")
        << "mailgun" << s << QByteArray() << body << QByteArray() << -1 << missing
        << "missing JSON field signature.signature" << -1 << "";
    QTest::newRow("missing JSON token (mailgun)")
        << "mailgun" << s << QByteArray()
        << QByteArray(R"({"signature":{"timestamp":"1700000000","signature":"00"}})")
        << QByteArray() << -1 << missing << "missing JSON field signature.token" << -1 << "";

    // Malformed header, what part.
    QTest::newRow("prefix missing")
        << "github" << s << "X-Hub-Signature-256: " + hmacHex(secret, body) << body << QByteArray()
        << -1 << malformed << "does not start with \"sha256=\"" << -1 << "";
    QTest::newRow("nothing after the prefix")
        << "github" << s << QByteArray("X-Hub-Signature-256: sha256=") << body << QByteArray() << -1
        << malformed << "has no signature after \"sha256=\"" << -1 << "";
    QTest::newRow("empty header") << "github" << s << QByteArray("X-Hub-Signature-256:") << body
                                  << QByteArray() << -1 << malformed
                                  << "X-Hub-Signature-256: it is empty" << -1 << "";
    QTest::newRow("signature not hex")
        << "github" << s << QByteArray("X-Hub-Signature-256: sha256=zz") << body << QByteArray()
        << -1 << malformed << "the signature is not hex" << -1 << "";
    QTest::newRow("stripe header without t=")
        << "stripe" << s << QByteArray("Stripe-Signature: v1=00") << body << QByteArray() << -1
        << malformed << "has no \"t=\" timestamp" << -1 << "";
    QTest::newRow("stripe header with only v0=")
        << "stripe" << s << QByteArray("Stripe-Signature: t=1700000000,v0=00") << body
        << QByteArray() << -1 << malformed << "has no \"v1=\" signature" << -1 << "";
    QTest::newRow("standard webhooks with only a v2 signature")
        << "standard-webhooks" << QByteArrayList{whsec} << standardHeaders("v2,AAAA") << body
        << QByteArray() << -1 << malformed << "has no \"v1,\" signature (only \"v2,AAAA\")" << -1
        << "";
    QTest::newRow("timestamp 1.5")
        << "slack" << s << slackHeaders("1.5", body) << body << QByteArray() << -1 << malformed
        << "\"1.5\" is not a Unix time in seconds" << -1 << "";
    QTest::newRow("timestamp -1") << "slack" << s << slackHeaders("-1", body) << body
                                  << QByteArray() << -1 << malformed << "\"-1\" is not a Unix time"
                                  << -1 << "";
    QTest::newRow("timestamp hello")
        << "slack" << s << slackHeaders("hello", body) << body << QByteArray() << -1 << malformed
        << "\"hello\" is not a Unix time" << -1 << "";
    QTest::newRow("stripe t=abc") << "stripe" << s << QByteArray("Stripe-Signature: t=abc,v1=00")
                                  << body << QByteArray() << -1 << malformed
                                  << "the t= timestamp of Stripe-Signature" << -1 << "";
    QTest::newRow("twitch timestamp not RFC 3339")
        << "twitch" << s
        << QByteArray("Twitch-Eventsub-Message-Id: 1\nTwitch-Eventsub-Message-Timestamp: "
                      "yesterday\nTwitch-Eventsub-Message-Signature: sha256=00")
        << body << QByteArray() << -1 << malformed << "is not an RFC 3339 date-time" << -1 << "";
    QTest::newRow("linear timestamp not an integer")
        << "linear" << s << QByteArray("Linear-Signature: 00")
        << QByteArray(R"({"webhookTimestamp": 1.5})") << QByteArray() << -1 << malformed
        << "JSON field webhookTimestamp of the body: \"1.5\"" << -1 << "";

    // Bad secret.
    QTest::newRow("no secret") << "github" << QByteArrayList()
                               << QByteArray("X-Hub-Signature-256: sha256=00") << body
                               << QByteArray() << -1 << badSecret << "no secret given" << -1 << "";
    QTest::newRow("empty secret") << "github" << QByteArrayList{QByteArray()}
                                  << QByteArray("X-Hub-Signature-256: sha256=00") << body
                                  << QByteArray() << -1 << badSecret << "the secret is empty" << -1
                                  << "";
    QTest::newRow("whsec_ secret not base64")
        << "standard-webhooks" << QByteArrayList{"whsec_!!notbase64"} << standardHeaders("v1,AAAA")
        << body << QByteArray() << -1 << badSecret << "not valid base64 after \"whsec_\"" << -1
        << "";
    QTest::newRow("whsec_ secret shorter than 16 bytes")
        << "standard-webhooks" << QByteArrayList{"whsec_" + QByteArray("short").toBase64()}
        << standardHeaders("v1,AAAA") << body << QByteArray() << -1 << badSecret
        << "the decoded secret is 5 bytes; standard-webhooks needs at least 16" << -1 << "";
    QTest::newRow("discord public key of the wrong length")
        << "discord" << QByteArrayList{"abcd"}
        << QByteArray("X-Signature-Timestamp: 1700000000\nX-Signature-Ed25519: 00") << body
        << QByteArray() << -1 << badSecret << "an Ed25519 public key is 32 bytes; this one is 2"
        << -1 << "";
    QTest::newRow("sendgrid key that is no key")
        << "sendgrid" << QByteArrayList{"AAAA"}
        << QByteArray("X-Twilio-Email-Event-Webhook-Timestamp: 1700000000\n"
                      "X-Twilio-Email-Event-Webhook-Signature: AAAA")
        << body << QByteArray() << -1 << badSecret << "not an ECDSA P-256 public key" << -1 << "";

    // Missing URL.
    QTest::newRow("twilio without URL")
        << "twilio" << s << QByteArray("X-Twilio-Signature: AAAA") << body << QByteArray() << -1
        << int(VerifyFailure::MissingUrl) << "twilio signs the request URL" << -1 << "";
    QTest::newRow("square without URL")
        << "square" << s << QByteArray("x-square-hmacsha256-signature: AAAA") << body
        << QByteArray() << -1 << int(VerifyFailure::MissingUrl) << "square signs the request URL"
        << -1 << "";

    // Timestamp tolerance, each provider's direction.
    QTest::newRow("slack 400 s old")
        << "slack" << s << slackHeaders("1699999600", body) << body << QByteArray() << -1
        << tolerance << "X-Slack-Request-Timestamp is 400 s old (tolerance 300 s)" << -1 << "";
    QTest::newRow("slack 400 s in the future (both ways)")
        << "slack" << s << slackHeaders("1700000400", body) << body << QByteArray() << -1
        << tolerance << "is 400 s in the future" << -1 << "";
    QTest::newRow("slack 300 s old is still inside")
        << "slack" << s << slackHeaders("1699999700", body) << body << QByteArray() << -1 << ok
        << "" << -1 << "";
    QTest::newRow("seed 004 hmac-timestamped 301 s old")
        << "hmac-timestamped" << s
        << "X-Webhook-Timestamp: 1699999699\nX-Webhook-Signature: " +
               hmacHex(secret, "1699999699." + body)
        << body << QByteArray() << -1 << tolerance << "301 s old (tolerance 300 s, too old only)"
        << -1 << "";
    QTest::newRow("seed 004 hmac-timestamped far future accepted")
        << "hmac-timestamped" << s
        << "X-Webhook-Timestamp: 1700009999\nX-Webhook-Signature: " +
               hmacHex(secret, "1700009999." + body)
        << body << QByteArray() << -1 << ok << "" << -1 << "";
    const QByteArray linearOld = R"({"webhookTimestamp":1699999939000})";
    QTest::newRow("linear 61 s old in milliseconds")
        << "linear" << s << "Linear-Signature: " + hmacHex(secret, linearOld) << linearOld
        << QByteArray() << -1 << tolerance << "61 s old (tolerance 60 s)" << -1 << "";
    QTest::newRow("tolerance override 0 disables the check")
        << "slack" << s << slackHeaders("1600000000", body) << body << QByteArray() << 0 << ok << ""
        << -1 << "";
    QTest::newRow("tolerance override 10")
        << "slack" << s << slackHeaders("1699999989", body) << body << QByteArray() << 10
        << tolerance << "11 s old (tolerance 10 s)" << -1 << "";
    QTest::newRow("forged and old: the forgery is reported")
        << "slack" << s
        << "X-Slack-Request-Timestamp: 1600000000\nX-Slack-Signature: v0=" + hmacHex("x", "y")
        << body << QByteArray() << -1 << mismatch << "does not match" << -1 << "";

    // Mismatch, and each hint.
    QTest::newRow("wrong secret, no hint")
        << "github" << QByteArrayList{"other"}
        << "X-Hub-Signature-256: sha256=" + hmacHex(secret, body) << body << QByteArray() << -1
        << mismatch << "X-Hub-Signature-256 does not match: 1 signature checked against 1 secret"
        << -1 << "";
    QTest::newRow("shared secret differs")
        << "shared-secret" << s << QByteArray("x-webhook-secret: guess") << body << QByteArray()
        << -1 << mismatch << "x-webhook-secret does not equal the secret" << -1 << "";
    QTest::newRow("gitlab token equal") << "gitlab" << s << "X-Gitlab-Token: " + secret << body
                                        << QByteArray() << -1 << ok << "" << -1 << "";
    QTest::newRow("hint: signed minified JSON")
        << "hmac-hex" << s << "X-Webhook-Signature: " + hmacHex(secret, minified) << body
        << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::ReserializedJson) << "minified";
    QTest::newRow("hint: signed JSON pretty-printed with 2 spaces")
        << "github" << s
        << "X-Hub-Signature-256: sha256=" +
               hmacHex(secret, "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}")
        << minified << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::ReserializedJson) << "pretty-printed (2 spaces)";
    QTest::newRow("hint: seed 004 signs Python json.dumps of the parsed body")
        << "hmac-timestamped" << s
        << "X-Webhook-Timestamp: 1700000000\nX-Webhook-Signature: " +
               hmacHex(secret, "1700000000." + body)
        << minified << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::ReserializedJson) << "re-serialised with \", \" and \": \"";
    QTest::newRow("hint: trailing newline removed on the way")
        << "stripe" << s << "Stripe-Signature: t=1700000000,v1=" + hmacHex(secret, "1700000000.x\n")
        << QByteArray("x") << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::TrailingNewline) << "with a trailing newline added";
    QTest::newRow("hint: trailing newline added on the way")
        << "stripe" << s << "Stripe-Signature: t=1700000000,v1=" + hmacHex(secret, "1700000000.x")
        << QByteArray("x\n") << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::TrailingNewline) << "without its trailing newline";
    QTest::newRow("hint: base64 where hex is expected")
        << "hmac-hex" << s << "X-Webhook-Signature: " + hmacB64(secret, body) << body
        << QByteArray() << -1 << mismatch << "it is not hex"
        << int(SignatureHintKind::OtherEncoding) << "base64";
    QTest::newRow("hint: hex where base64 is expected")
        << "shopify" << s << "X-Shopify-Hmac-Sha256: " + hmacHex(secret, body) << body
        << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::OtherEncoding) << "hex";
    QTest::newRow("hint: whsec_ kept as text by the sender")
        << "standard-webhooks" << QByteArrayList{whsec}
        << standardHeaders("v1," + hmacB64(whsec, "msg_1.1700000000." + body)) << body
        << QByteArray() << -1 << mismatch << "does not match" << int(SignatureHintKind::WhsecPrefix)
        << "kept";
    QTest::newRow("hint: whsec_ stripped and decoded by the sender")
        << "stripe" << QByteArrayList{whsec}
        << "Stripe-Signature: t=1700000000,v1=" + hmacHex(whsecKey, "1700000000." + body) << body
        << QByteArray() << -1 << mismatch << "does not match" << int(SignatureHintKind::WhsecPrefix)
        << "stripped";
    QTest::newRow("hint: another scheme on the same header (timestamped)")
        << "hmac-hex" << s
        << "X-Webhook-Timestamp: 1700000000\nX-Webhook-Signature: " +
               hmacHex(secret, "1700000000." + body)
        << body << QByteArray() << -1 << mismatch << "does not match"
        << int(SignatureHintKind::OtherScheme) << "hmac-timestamped";
    QTest::newRow("hint: Bitbucket's SHA-256 under X-Hub-Signature read as GitHub")
        << "github" << s << "X-Hub-Signature: sha256=" + hmacHex(secret, body) << body
        << QByteArray() << -1 << malformed << "does not start with \"sha1=\""
        << int(SignatureHintKind::OtherScheme) << "bitbucket";
    QTest::newRow("GitHub's legacy SHA-1 header verifies")
        << "github" << s
        << "X-Hub-Signature: sha1=" +
               signcrypto::hmac(SignatureAlgorithm::HmacSha1, secret, body).toHex()
        << body << QByteArray() << -1 << ok << "" << -1 << "";
}

void TestSignatureFailures::failures()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArrayList, secrets);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, url);
    QFETCH(int, tolerance);
    QFETCH(int, failure);
    QFETCH(QString, message);
    QFETCH(int, hint);
    QFETCH(QString, hintDetail);

    VerifyOptions options;
    options.url = url;
    options.nowMs = now * 1000;
    if (tolerance >= 0)
        options.toleranceSeconds = tolerance;
    const VerifyResult r = SignatureVerifier::verify(*SignatureSchemeRegistry::find(scheme),
                                                     secrets, headersFrom(headers), body, options);
    QCOMPARE(VerifyResult::failureName(r.failure),
             VerifyResult::failureName(VerifyFailure(failure)));
    QCOMPARE(r.valid, failure == int(VerifyFailure::None));
    QVERIFY2(r.message.contains(message), qPrintable(r.message));
    QVERIFY2(
        r.summary().startsWith(r.valid ? QLatin1String("valid (") : QLatin1String("invalid: ")),
        qPrintable(r.summary()));
    // Secrets are never echoed in messages.
    for (const QByteArray &candidate : secrets) {
        if (candidate.size() > 3)
            QVERIFY(!r.message.contains(QString::fromUtf8(candidate)));
    }
    if (hint < 0) {
        QVERIFY2(r.hints.isEmpty(), qPrintable(r.hints.value(0).message));
    } else {
        QVERIFY2(
            r.hasHint(SignatureHintKind(hint)),
            qPrintable(QStringLiteral("%1 hints; message: %2").arg(r.hints.size()).arg(r.message)));
        bool detailFound = false;
        for (const SignatureHint &h : r.hints)
            detailFound = detailFound || (int(h.kind) == hint && h.detail == hintDetail);
        QVERIFY2(detailFound, qPrintable(r.hints.constFirst().detail));
    }
}

void TestSignatureFailures::skewAndExpected()
{
    const QByteArray body = "payload";
    const HeaderList headers = headersFrom(slackHeaders("1699999000", body));
    VerifyOptions options;
    options.nowMs = now * 1000;
    const SignatureScheme &slack = *SignatureSchemeRegistry::find(QStringLiteral("slack"));
    VerifyResult r = SignatureVerifier::verify(slack, {secret}, headers, body, options);
    QVERIFY(r.hasTimestamp);
    QCOMPARE(r.skewSeconds, 1000);
    QCOMPARE(r.secretIndex, 0); // the signature matched; only the time is wrong
    r = SignatureVerifier::verify(slack, {"wrong"}, headers, body, options);
    QCOMPARE(r.failure, VerifyFailure::SignatureMismatch);
    QCOMPARE(r.expectedSignature, "v0=" + hmacHex("wrong", "v0:1699999000:" + body));
    QCOMPARE(r.signatureHeader, QByteArray("X-Slack-Signature"));
}

void TestSignatureFailures::timestamps_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    const int s = int(TimestampFormat::UnixSeconds);
    const int ms = int(TimestampFormat::UnixMilliseconds);
    const int rfc = int(TimestampFormat::Rfc3339);
    QTest::newRow("seconds") << s << QByteArray("1700000000") << true << qint64(1700000000000);
    QTest::newRow("seconds with spaces") << s << QByteArray(" 17 ") << true << qint64(17000);
    QTest::newRow("seconds empty") << s << QByteArray() << false << qint64(0);
    QTest::newRow("seconds plus sign") << s << QByteArray("+1") << false << qint64(0);
    QTest::newRow("seconds exponent") << s << QByteArray("1e9") << false << qint64(0);
    QTest::newRow("seconds overflow")
        << s << QByteArray("99999999999999999999") << false << qint64(0);
    QTest::newRow("milliseconds") << ms << QByteArray("1700000000123") << true
                                  << qint64(1700000000123);
    QTest::newRow("twitch nanoseconds")
        << rfc << QByteArray("2023-11-14T22:13:20.123456789Z") << true << qint64(1700000000123);
    QTest::newRow("rfc3339 offset")
        << rfc << QByteArray("2023-11-15T00:13:20+02:00") << true << qint64(1700000000000);
    QTest::newRow("rfc3339 no zone")
        << rfc << QByteArray("2023-11-14T22:13:20") << false << qint64(0);
    QTest::newRow("rfc3339 month 13")
        << rfc << QByteArray("2023-13-14T22:13:20Z") << false << qint64(0);
    QTest::newRow("rfc3339 trailing text")
        << rfc << QByteArray("2023-11-14T22:13:20Zx") << false << qint64(0);
    QTest::newRow("rfc3339 empty fraction")
        << rfc << QByteArray("2023-11-14T22:13:20.Z") << false << qint64(0);
}

void TestSignatureFailures::timestamps()
{
    QFETCH(int, format);
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    qint64 parsed = 0;
    QString error;
    QCOMPARE(SignatureHeaderParser::parseTimestamp(TimestampFormat(format), text, &parsed, &error),
             ok);
    if (ok)
        QCOMPARE(parsed, ms);
    else
        QVERIFY(!error.isEmpty());
}

void TestSignatureFailures::decode_data()
{
    QTest::addColumn<int>("encoding");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    const int hex = int(SignatureEncoding::Hex);
    const int b64 = int(SignatureEncoding::Base64);
    QTest::newRow("hex") << hex << QByteArray("00fF") << true << QByteArray("\x00\xff", 2);
    QTest::newRow("hex odd length") << hex << QByteArray("abc") << false << QByteArray();
    QTest::newRow("hex bad digit") << hex << QByteArray("0g") << false << QByteArray();
    QTest::newRow("hex empty") << hex << QByteArray() << false << QByteArray();
    QTest::newRow("base64 padded") << b64 << QByteArray("YWI=") << true << QByteArray("ab");
    QTest::newRow("base64 unpadded") << b64 << QByteArray("YWI") << true << QByteArray("ab");
    QTest::newRow("base64 one char too many")
        << b64 << QByteArray("YWJjZ") << false << QByteArray();
    QTest::newRow("base64 url-safe chars") << b64 << QByteArray("a-_b") << false << QByteArray();
    QTest::newRow("base64 wrong padding") << b64 << QByteArray("YW==") << true << QByteArray("a");
    QTest::newRow("base64 padding too long") << b64 << QByteArray("YWI==") << false << QByteArray();
    QTest::newRow("base64 only padding") << b64 << QByteArray("==") << false << QByteArray();
}

void TestSignatureFailures::decode()
{
    QFETCH(int, encoding);
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QByteArray out;
    QCOMPARE(SignatureHeaderParser::decode(SignatureEncoding(encoding), text, &out), ok);
    if (ok)
        QCOMPARE(out, bytes);
}

void TestSignatureFailures::reformat_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("style");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray in = R"({ "b" : [1, {"c": "x, y: {z}"}], "a":{}, "e": [] })";
    QTest::newRow("minified keeps key order and strings")
        << in << int(JsonReformatter::Style::Minified)
        << QByteArray(R"({"b":[1,{"c":"x, y: {z}"}],"a":{},"e":[]})");
    QTest::newRow("python spaced")
        << in << int(JsonReformatter::Style::PythonSpaced)
        << QByteArray(R"({"b": [1, {"c": "x, y: {z}"}], "a": {}, "e": []})");
    QTest::newRow("two-space indent")
        << QByteArray(R"({"a":[1,2],"b":{}})") << int(JsonReformatter::Style::Indented2)
        << QByteArray("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    QTest::newRow("escaped quote in string")
        << QByteArray(R"({"a" : "q\"x , y"})") << int(JsonReformatter::Style::Minified)
        << QByteArray(R"({"a":"q\"x , y"})");
    QTest::newRow("not json") << QByteArray("a=1&b=2") << int(JsonReformatter::Style::Minified)
                              << QByteArray();
    QTest::newRow("truncated json")
        << QByteArray(R"({"a":)") << int(JsonReformatter::Style::Minified) << QByteArray();
}

void TestSignatureFailures::reformat()
{
    QFETCH(QByteArray, input);
    QFETCH(int, style);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonReformatter::reformat(input, JsonReformatter::Style(style)), expected);
}

void TestSignatureFailures::detect_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("first");
    QTest::newRow("stripe") << QByteArray("stripe-signature: t=1,v1=00") << QByteArray()
                            << "stripe";
    QTest::newRow("svix names") << QByteArray(
                                       "svix-id: a\nsvix-timestamp: 1\nsvix-signature: v1,AA")
                                << QByteArray() << "standard-webhooks";
    QTest::newRow("v1a is the ed25519 variant")
        << QByteArray("webhook-id: a\nwebhook-timestamp: 1\nwebhook-signature: v1a,AA")
        << QByteArray() << "standard-webhooks-ed25519";
    QTest::newRow("X-Hub-Signature sha1 is github")
        << QByteArray("X-Hub-Signature: sha1=00") << QByteArray() << "github";
    QTest::newRow("X-Hub-Signature sha256 is bitbucket")
        << QByteArray("X-Hub-Signature: sha256=00") << QByteArray() << "bitbucket";
    QTest::newRow("seed 004 with its timestamp")
        << QByteArray("X-Webhook-Signature: 00\nX-Webhook-Timestamp: 1") << QByteArray()
        << "hmac-timestamped";
    QTest::newRow("seed 003 without timestamp")
        << QByteArray("X-Webhook-Signature: 00") << QByteArray() << "hmac-hex";
    QTest::newRow("seed 000 shared secret")
        << QByteArray("x-webhook-secret: abc") << QByteArray() << "shared-secret";
    QTest::newRow("mailgun body") << QByteArray()
                                  << QByteArray(R"({"signature":{"signature":"00"}})") << "mailgun";
    QTest::newRow("nothing known")
        << QByteArray("Content-Type: text/plain") << QByteArray("x") << "";
}

void TestSignatureFailures::detect()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(QString, first);
    const QList<const SignatureScheme *> found =
        SignatureSchemeRegistry::detect(headersFrom(headers), body);
    QCOMPARE(found.isEmpty() ? QString() : found.constFirst()->id, first);
    if (first.isEmpty()) {
        const VerifyResult r = SignatureVerifier::verifyDetected({"x"}, headersFrom(headers), body);
        QCOMPARE(r.failure, VerifyFailure::MissingHeader);
        QVERIFY(r.message.contains(QLatin1String("no known signature header")));
    }
}

QTEST_GUILESS_MAIN(TestSignatureFailures)
#include "tst_signature_failures.moc"
