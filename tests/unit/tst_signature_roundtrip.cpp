// sign -> verify for every preset (and through JSON export/import), secret rotation,
// several signatures in one header, auto-detection and header overrides.
#include "sign/signature_crypto.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "sign/signature_verifier.h"
#include "signature_test_support.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>

using namespace hookscope;

class TestSignatureRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void everyPreset_data();
    void everyPreset();
    void jsonExportImport_data();
    void jsonExportImport();
    void customSchemeFromJson();
    void customSchemeInsideBody();
    void badCustomSchemes_data();
    void badCustomSchemes();
    void rotationSeveralSignatures();
    void signatureHeaderOverride();
    void standardWebhooksSecretPadding();
    void asymmetricKeyForms();
    void generatedSecretsDiffer();
};

namespace {

const qint64 now = 1700000000;

QByteArray bodyFor(const SignatureScheme &scheme)
{
    if (scheme.id == QLatin1String("linear"))
        return R"({"action":"create","webhookTimestamp":)" + QByteArray::number(now * 1000) + "}";
    if (scheme.id == QLatin1String("mailgun"))
        return R"({"event-data":{"event":"delivered"}})";
    if (scheme.id == QLatin1String("twilio"))
        return "From=%2B14158675309&Body=hello+there&To=%2B18005551212";
    return R"({"type":"order.paid","data":{"id":42,"note":"caf\u00e9 \n"}})";
}

struct Signed
{
    SignResult result;
    QByteArray verifyingSecret;
};

Signed signFor(const SignatureScheme &scheme, const SignOptions &extra = {})
{
    const GeneratedSecret secret = SignatureSigner::generateSecret(scheme);
    SignOptions options = extra;
    options.timestamp = now;
    if (scheme.needsUrl)
        options.url = "https://example.test/hooks/in?source=test";
    return {SignatureSigner::sign(scheme, secret.signingSecret, bodyFor(scheme), options),
            secret.verifyingSecret};
}

VerifyOptions optionsFor(const SignResult &signedRequest)
{
    VerifyOptions options;
    options.url = signedRequest.url;
    options.nowMs = now * 1000;
    return options;
}

} // namespace

void TestSignatureRoundTrip::everyPreset_data()
{
    QTest::addColumn<QString>("scheme");
    for (const SignatureScheme &scheme : SignatureSchemeRegistry::presets())
        QTest::newRow(qPrintable(scheme.id)) << scheme.id;
}

void TestSignatureRoundTrip::everyPreset()
{
    QFETCH(QString, scheme);
    const SignatureScheme &preset = *SignatureSchemeRegistry::find(scheme);
    const Signed s = signFor(preset);
    QVERIFY2(s.result.ok, qPrintable(s.result.error));
    QVERIFY(!s.verifyingSecret.isEmpty());
    const VerifyOptions options = optionsFor(s.result);

    VerifyResult r = SignatureVerifier::verify(preset, {s.verifyingSecret}, s.result.headers,
                                               s.result.body, options);
    QVERIFY2(r.valid, qPrintable(r.message));
    QCOMPARE(r.secretIndex, 0);
    QCOMPARE(r.schemeId, preset.id);

    // Rotation: the right secret second among candidates.
    const QByteArray other = SignatureSigner::generateSecret(preset).verifyingSecret;
    r = SignatureVerifier::verify(preset, {other, s.verifyingSecret}, s.result.headers,
                                  s.result.body, options);
    QVERIFY2(r.valid, qPrintable(r.message));
    QCOMPARE(r.secretIndex, 1);
    r = SignatureVerifier::verify(preset, {other}, s.result.headers, s.result.body, options);
    QVERIFY(!r.valid);
    QCOMPARE(r.failure, VerifyFailure::SignatureMismatch);

    // Detected from the headers (and body) alone.
    r = SignatureVerifier::verifyDetected({s.verifyingSecret}, s.result.headers, s.result.body,
                                          options);
    QVERIFY2(r.valid, qPrintable(r.message));
    QCOMPARE(r.schemeId, preset.id);

    // Tampered: one byte of what is signed changes.
    QByteArray tampered = s.result.body;
    if (preset.id == QLatin1String("mailgun"))
        tampered.replace("\"token\":\"", "\"token\":\"0");
    else if (preset.contentTemplate.contains("{form}"))
        tampered.replace("hello", "hellO");
    else if (preset.contentTemplate.contains("{body}"))
        tampered += ' ';
    if (preset.algorithm != SignatureAlgorithm::SharedSecret) {
        QVERIFY(tampered != s.result.body);
        r = SignatureVerifier::verify(preset, {s.verifyingSecret}, s.result.headers, tampered,
                                      options);
        QVERIFY(!r.valid);
        QCOMPARE(r.failure, VerifyFailure::SignatureMismatch);
    }
}

void TestSignatureRoundTrip::jsonExportImport_data()
{
    everyPreset_data();
}

void TestSignatureRoundTrip::jsonExportImport()
{
    QFETCH(QString, scheme);
    const SignatureScheme &preset = *SignatureSchemeRegistry::find(scheme);
    const QByteArray json = QJsonDocument(preset.toJson()).toJson();
    SignatureScheme imported;
    QString error;
    QVERIFY2(SignatureScheme::fromJson(QJsonDocument::fromJson(json).object(), &imported, &error),
             qPrintable(error));
    QCOMPARE(QJsonDocument(imported.toJson()).toJson(), json);
    const Signed s = signFor(preset);
    const VerifyResult r = SignatureVerifier::verify(
        imported, {s.verifyingSecret}, s.result.headers, s.result.body, optionsFor(s.result));
    QVERIFY2(r.valid, qPrintable(r.message));
}

void TestSignatureRoundTrip::customSchemeFromJson()
{
    // A user's own scheme: SHA-512, base64, its own headers and template.
    const QByteArray json = R"({"id":"acme","signatureHeaders":["X-Acme-Sig"],
        "timestampHeaders":["X-Acme-Time"],"template":"{timestamp}|{body}",
        "algorithm":"hmac-sha512","encoding":"base64","prefix":"s512:",
        "timestampLocation":"header","toleranceSeconds":30})";
    SignatureScheme scheme;
    QString error;
    QVERIFY2(SignatureScheme::fromJson(QJsonDocument::fromJson(json).object(), &scheme, &error),
             qPrintable(error));
    const QByteArray body = "payload";
    const QByteArray mac =
        signcrypto::hmac(SignatureAlgorithm::HmacSha512, "k", QByteArray("1700000000|payload"));
    QCOMPARE(mac.size(), 64);
    const HeaderList headers = {{"x-acme-time", "1700000000"},
                                {"x-acme-sig", "s512:" + mac.toBase64()}};
    VerifyOptions options;
    options.nowMs = (now + 29) * 1000;
    QVERIFY(SignatureVerifier::verify(scheme, {"k"}, headers, body, options).valid);
    options.nowMs = (now + 31) * 1000;
    QCOMPARE(SignatureVerifier::verify(scheme, {"k"}, headers, body, options).failure,
             VerifyFailure::TimestampOutsideTolerance);
    const SignResult signedRequest = SignatureSigner::sign(scheme, "k", body, {{}, now, {}, {}});
    QVERIFY(signedRequest.ok);
    QCOMPARE(signedRequest.headers.value(1).value, "s512:" + mac.toBase64());
}

void TestSignatureRoundTrip::customSchemeInsideBody()
{
    // Like Mailgun, with the user's own field names: sign fills them in, verify reads them.
    const QByteArray json = R"({"id":"inbody","signatureJsonPath":"auth.sig",
        "timestampJsonPath":"auth.time","tokenJsonPath":"auth.nonce","template":"{timestamp}:{token}",
        "timestampLocation":"json-body","toleranceSeconds":60})";
    SignatureScheme scheme;
    QString error;
    QVERIFY2(SignatureScheme::fromJson(QJsonDocument::fromJson(json).object(), &scheme, &error),
             qPrintable(error));
    const SignResult s = SignatureSigner::sign(
        scheme, "k", R"({"event":"x","auth":{"nonce":"n1"}})", {{}, now, {}, {}});
    QVERIFY2(s.ok, qPrintable(s.error));
    QVERIFY(s.headers.isEmpty());
    const QJsonObject auth =
        QJsonDocument::fromJson(s.body).object().value(QStringLiteral("auth")).toObject();
    QCOMPARE(auth.value(QStringLiteral("nonce")).toString(), QStringLiteral("n1"));
    QCOMPARE(auth.value(QStringLiteral("time")).toString(), QStringLiteral("1700000000"));
    QCOMPARE(
        auth.value(QStringLiteral("sig")).toString().toLatin1(),
        signcrypto::hmac(SignatureAlgorithm::HmacSha256, "k", QByteArray("1700000000:n1")).toHex());
    VerifyOptions options;
    options.nowMs = (now + 30) * 1000;
    QVERIFY(SignatureVerifier::verify(scheme, {"k"}, {}, s.body, options).valid);
    options.nowMs = (now + 61) * 1000;
    QCOMPARE(SignatureVerifier::verify(scheme, {"k"}, {}, s.body, options).failure,
             VerifyFailure::TimestampOutsideTolerance);
}

void TestSignatureRoundTrip::badCustomSchemes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no id") << QByteArray(R"({"signatureHeaders":["X"]})") << "\"id\" is missing";
    QTest::newRow("no signature source")
        << QByteArray(R"({"id":"a"})") << "\"signatureHeaders\" or \"signatureJsonPath\"";
    QTest::newRow("unknown algorithm")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"algorithm":"md5"})")
        << "\"algorithm\" must be one of";
    QTest::newRow("unknown encoding")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"encoding":"base32"})")
        << "\"encoding\" must be one of";
    QTest::newRow("timestamp in template without a timestamp")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"template":"{timestamp}{body}"})")
        << "uses {timestamp}";
    QTest::newRow("id in template without id header")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"template":"{id}{body}"})")
        << "uses {id}";
    QTest::newRow("url in template without needsUrl")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"template":"{url}{body}"})")
        << "needsUrl";
    QTest::newRow("key-value without signature key")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"headerFormat":"key-value"})")
        << "signatureKey";
    QTest::newRow("negative tolerance")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"toleranceSeconds":-1})")
        << "must not be negative";
    QTest::newRow("header list with a number")
        << QByteArray(R"({"id":"a","signatureHeaders":["X",3]})") << "non-empty header names";
    QTest::newRow("signature in the body over the body")
        << QByteArray(R"({"id":"a","signatureJsonPath":"s","template":"{body}"})")
        << "cannot sign {body}";
    QTest::newRow("same header for id and signature")
        << QByteArray(
               R"({"id":"a","signatureHeaders":["X-Sig"],"idHeaders":["x-sig"],"template":"{id}{body}"})")
        << "header X-Sig is used twice";
    QTest::newRow("header name with a space")
        << QByteArray(R"({"id":"a","signatureHeaders":["X Sig"]})") << "is not a header name";
    QTest::newRow("prefix with a space (found by fuzz_scheme_json)")
        << QByteArray(
               R"({"id":"a","signatureHeaders":["X"],"headerFormat":"space-list","prefix":" v1,"})")
        << "without spaces";
    QTest::newRow("separator that a hex signature contains (found by fuzz_scheme_json)")
        << QByteArray(
               R"({"id":"a","signatureHeaders":["X"],"headerFormat":"key-value","pairSeparator":"1","signatureKey":"v1"})")
        << "must be one of , ; | &";
    QTest::newRow("equal keys")
        << QByteArray(
               R"({"id":"a","signatureHeaders":["X"],"headerFormat":"key-value","timestampKey":"t","signatureKey":"t","timestampLocation":"signature-header","template":"{timestamp}"})")
        << "must differ";
    QTest::newRow("shared secret with a timestamp (found by fuzz_scheme_json)")
        << QByteArray(
               R"({"id":"a","signatureHeaders":["X"],"algorithm":"shared-secret","template":"","timestampLocation":"header","timestampHeaders":["T"]})")
        << "signs nothing";
    QTest::newRow("two-character separator")
        << QByteArray(R"({"id":"a","signatureHeaders":["X"],"pairSeparator":";;"})")
        << "one ASCII character";
}

void TestSignatureRoundTrip::badCustomSchemes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    SignatureScheme scheme;
    QString why;
    QVERIFY(!SignatureScheme::fromJson(QJsonDocument::fromJson(json).object(), &scheme, &why));
    QVERIFY2(why.contains(error), qPrintable(why));
}

void TestSignatureRoundTrip::rotationSeveralSignatures()
{
    const SignatureScheme &standard = *SignatureSchemeRegistry::find(QStringLiteral("svix"));
    const QByteArray oldSecret = "whsec_" + QByteArray(24, 'a').toBase64();
    const QByteArray newSecret = "whsec_" + QByteArray(24, 'b').toBase64();
    const SignResult a = SignatureSigner::sign(standard, oldSecret, "{}", {"msg_1", now, {}, {}});
    const SignResult b = SignatureSigner::sign(standard, newSecret, "{}", {"msg_1", now, {}, {}});
    HeaderList headers = a.headers;
    headers[2].value = a.headers[2].value + ' ' + b.headers[2].value;
    VerifyOptions options;
    options.nowMs = now * 1000;
    VerifyResult r = SignatureVerifier::verify(standard, {newSecret}, headers, "{}", options);
    QVERIFY(r.valid);
    QCOMPARE(r.signatureIndex, 1);
    r = SignatureVerifier::verify(standard, {oldSecret}, headers, "{}", options);
    QVERIFY(r.valid);
    QCOMPARE(r.signatureIndex, 0);

    // Stripe: several v1= entries during a secret roll.
    const SignatureScheme &stripe = *SignatureSchemeRegistry::find(QStringLiteral("stripe"));
    const SignResult s1 = SignatureSigner::sign(stripe, "sk_one", "{}", {{}, now, {}, {}});
    const SignResult s2 = SignatureSigner::sign(stripe, "sk_two", "{}", {{}, now, {}, {}});
    headers = {
        {"Stripe-Signature", s1.headers[0].value + ",v1=" + s2.headers[0].value.split('=').last()}};
    r = SignatureVerifier::verify(stripe, {"sk_zero", "sk_two"}, headers, "{}", options);
    QVERIFY(r.valid);
    QCOMPARE(r.secretIndex, 1);
    QCOMPARE(r.signatureIndex, 1);
}

void TestSignatureRoundTrip::signatureHeaderOverride()
{
    // Seed 001: X-Pathfinder-Signature: sha256=<hex> is GitHub's scheme under another header.
    const SignatureScheme &github = *SignatureSchemeRegistry::find(QStringLiteral("github"));
    SignOptions signOptions;
    signOptions.signatureHeader = "X-Pathfinder-Signature";
    const SignResult s =
        SignatureSigner::sign(github, "your-webhook-secret-key", R"({"id":"evt_1"})", signOptions);
    QVERIFY(s.ok);
    QCOMPARE(s.headers.size(), 1);
    QCOMPARE(s.headers[0].name, "X-Pathfinder-Signature");
    QVERIFY(s.headers[0].value.startsWith("sha256="));
    VerifyOptions options;
    options.signatureHeader = "x-pathfinder-signature";
    QVERIFY(SignatureVerifier::verify(github, {"your-webhook-secret-key"}, s.headers,
                                      R"({"id":"evt_1"})", options)
                .valid);
    const VerifyResult missing = SignatureVerifier::verify(github, {"your-webhook-secret-key"},
                                                           s.headers, R"({"id":"evt_1"})");
    QCOMPARE(missing.failure, VerifyFailure::MissingHeader);
    QVERIFY(missing.message.contains(QLatin1String("X-Hub-Signature-256")));
}

void TestSignatureRoundTrip::standardWebhooksSecretPadding()
{
    // The Standard Webhooks libraries accept a secret whose base64 padding is missing.
    const SignatureScheme &standard =
        *SignatureSchemeRegistry::find(QStringLiteral("standard-webhooks"));
    const SignResult unpadded = SignatureSigner::sign(
        standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "{}", {"msg_1", now, {}, {}});
    const SignResult padded = SignatureSigner::sign(
        standard, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=", "{}", {"msg_1", now, {}, {}});
    QVERIFY2(unpadded.ok, qPrintable(unpadded.error));
    QVERIFY(padded.ok);
    QCOMPARE(unpadded.headers[2].value, padded.headers[2].value);
    VerifyOptions options;
    options.nowMs = now * 1000;
    QVERIFY(SignatureVerifier::verify(standard, {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"},
                                      unpadded.headers, "{}", options)
                .valid);
}

void TestSignatureRoundTrip::asymmetricKeyForms()
{
    const signcrypto::KeyPair pair = signcrypto::generateKeyPair(SignatureAlgorithm::Ed25519);
    QCOMPARE(pair.privateKey.size(), 32);
    const SignatureScheme &discord = *SignatureSchemeRegistry::find(QStringLiteral("discord"));
    // NaCl's 64-byte form (seed + public key) signs like the seed.
    const QByteArray nacl = QByteArray(pair.privateKey + pair.publicKey).toHex();
    const SignResult a =
        SignatureSigner::sign(discord, pair.privateKey.toHex(), "x", {{}, now, {}, {}});
    const SignResult b = SignatureSigner::sign(discord, nacl, "x", {{}, now, {}, {}});
    QVERIFY(a.ok && b.ok);
    QCOMPARE(a.headers.constLast().value, b.headers.constLast().value); // deterministic
    VerifyOptions options;
    options.nowMs = now * 1000;
    QVERIFY(SignatureVerifier::verify(discord, {pair.publicKey.toHex()}, a.headers, "x", options)
                .valid);
    // Verifying with the private key works through its public key.
    QVERIFY(SignatureVerifier::verify(discord, {nacl}, a.headers, "x", options).valid);

    // Standard Webhooks v1a: whsk_ signs, whpk_ verifies, and whsk_ verifies through its key.
    const SignatureScheme &v1a =
        *SignatureSchemeRegistry::find(QStringLiteral("standard-webhooks-ed25519"));
    const GeneratedSecret keys = SignatureSigner::generateSecret(v1a);
    QVERIFY(keys.signingSecret.startsWith("whsk_"));
    QVERIFY(keys.verifyingSecret.startsWith("whpk_"));
    const SignResult e =
        SignatureSigner::sign(v1a, keys.signingSecret, "x", {"msg_1", now, {}, {}});
    QVERIFY(e.ok);
    QVERIFY(e.headers.constLast().value.startsWith("v1a,"));
    QVERIFY(SignatureVerifier::verify(v1a, {keys.signingSecret}, e.headers, "x", options).valid);
    QVERIFY(SignatureVerifier::verify(v1a, {keys.verifyingSecret}, e.headers, "x", options).valid);

    const SignatureScheme &sendgrid = *SignatureSchemeRegistry::find(QStringLiteral("sendgrid"));
    const GeneratedSecret ec = SignatureSigner::generateSecret(sendgrid);
    const SignResult c = SignatureSigner::sign(sendgrid, ec.signingSecret, "x", {{}, now, {}, {}});
    QVERIFY(c.ok);
    QVERIFY(SignatureVerifier::verify(sendgrid, {ec.signingSecret}, c.headers, "x", options).valid);
    QVERIFY(
        SignatureVerifier::verify(sendgrid, {ec.verifyingSecret}, c.headers, "x", options).valid);
    // A public key cannot sign.
    const SignResult d =
        SignatureSigner::sign(sendgrid, ec.verifyingSecret, "x", {{}, now, {}, {}});
    QVERIFY(!d.ok);
    QVERIFY(d.error.contains(QLatin1String("private key")));
}

void TestSignatureRoundTrip::generatedSecretsDiffer()
{
    const SignatureScheme &standard = *SignatureSchemeRegistry::find(QStringLiteral("svix"));
    const GeneratedSecret a = SignatureSigner::generateSecret(standard);
    const GeneratedSecret b = SignatureSigner::generateSecret(standard);
    QVERIFY(a.signingSecret.startsWith("whsec_"));
    QCOMPARE(QByteArray::fromBase64(a.signingSecret.mid(6)).size(), 32);
    QVERIFY(a.signingSecret != b.signingSecret);
    QCOMPARE(
        SignatureSigner::generateSecret(*SignatureSchemeRegistry::find(QStringLiteral("github")))
            .signingSecret.size(),
        64);
}

QTEST_GUILESS_MAIN(TestSignatureRoundTrip)
#include "tst_signature_roundtrip.moc"
