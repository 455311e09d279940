// The whole verifier (parsers, decoding, hints) for every preset. Input: signature header
// value, timestamp value and body, separated by NUL bytes.
#include "sign/signature_scheme_registry.h"
#include "sign/signature_verifier.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayList parts =
        QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)).split('\0');
    const QByteArray signature = parts.value(0);
    const QByteArray timestamp = parts.value(1);
    const QByteArray body = parts.value(2);
    VerifyOptions options;
    options.nowMs = 1700000000000;
    options.url = "https://example.test/hook?x=1";
    for (const SignatureScheme &scheme : SignatureSchemeRegistry::presets()) {
        HeaderList headers;
        for (const QByteArray &name : scheme.signatureHeaders)
            headers.append({name, signature});
        for (const QByteArray &name : scheme.timestampHeaders)
            headers.append({name, timestamp});
        for (const QByteArray &name : scheme.idHeaders)
            headers.append({name, "msg_1"});
        const VerifyResult r = SignatureVerifier::verify(
            scheme, {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", timestamp}, headers, body, options);
        if (r.valid == (r.failure != VerifyFailure::None) || (!r.valid && r.message.isEmpty()))
            __builtin_trap();
    }
    SignatureVerifier::verifyDetected({signature}, {{"X-Hub-Signature", signature}}, body, options);
    return 0;
}
