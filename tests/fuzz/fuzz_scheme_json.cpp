// Custom schemes from JSON: whatever fromJson accepts must sign and then verify (HMAC and
// shared-secret schemes), and whatever it rejects must say why.
#include "sign/signature_scheme.h"
#include "sign/signature_signer.h"
#include "sign/signature_verifier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstddef>
#include <cstdint>
#include <cstdio>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(input);
    if (!document.isObject())
        return 0;
    SignatureScheme scheme;
    QString error;
    if (!SignatureScheme::fromJson(document.object(), &scheme, &error)) {
        if (error.isEmpty())
            __builtin_trap();
        return 0;
    }
    // Export and import give the same scheme.
    SignatureScheme again;
    if (!SignatureScheme::fromJson(scheme.toJson(), &again, &error) ||
        again.toJson() != scheme.toJson())
        __builtin_trap();
    if (scheme.isAsymmetric())
        return 0;
    const QByteArray secret = scheme.secretFormat == SecretFormat::Utf8
                                  ? QByteArray("s3cret")
                                  : SignatureSigner::generateSecret(scheme).signingSecret;
    SignOptions options;
    options.timestamp = 1700000000;
    options.url = "https://example.test/hook?a=1";
    const QByteArray body = R"({"event":"x","a":{"b":"1700000000"}})";
    const SignResult signedRequest = SignatureSigner::sign(scheme, secret, body, options);
    if (!signedRequest.ok)
        return 0; // e.g. a body without the scheme's JSON timestamp field: said in error
    VerifyOptions verifyOptions;
    verifyOptions.nowMs = 1700000000000;
    verifyOptions.url = signedRequest.url;
    verifyOptions.hints = false;
    const VerifyResult r = SignatureVerifier::verify(scheme, {secret}, signedRequest.headers,
                                                     signedRequest.body, verifyOptions);
    if (!r.valid) {
        std::fprintf(stderr, "%s: %s\n",
                     QJsonDocument(scheme.toJson()).toJson(QJsonDocument::Compact).constData(),
                     qPrintable(r.message));
        __builtin_trap();
    }
    return 0;
}
