// Verifications per second of SignatureVerifier against OpenSSL's raw HMAC over the same
// input, measured in the same run. Target: at least 0.9 of raw HMAC for large bodies.
//   hookscope_bench_sign [--quick]
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "sign/signature_verifier.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <cstdio>
#include <cstring>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <utility>

using namespace hookscope;

namespace {

volatile unsigned char sink;

// Operations per second over at least `minMs`.
template <typename F>
double measure(F &&operation, qint64 minMs)
{
    QElapsedTimer timer;
    timer.start();
    qint64 count = 0;
    do {
        for (int i = 0; i < 8; ++i)
            operation();
        count += 8;
    } while (timer.elapsed() < minMs);
    return double(count) * 1e9 / double(timer.nsecsElapsed());
}

// The two alternate round by round, so that load from elsewhere on a shared machine hits
// both alike; the best round of each counts.
template <typename A, typename B>
std::pair<double, double> compare(A &&a, B &&b, int rounds, qint64 minMs)
{
    double bestA = 0, bestB = 0;
    for (int round = 0; round < rounds; ++round) {
        bestA = qMax(bestA, measure(a, minMs));
        bestB = qMax(bestB, measure(b, minMs));
    }
    return {bestA, bestB};
}

QByteArray makeBody(qsizetype size)
{
    QByteArray body = R"({"type":"bench","data":")";
    while (body.size() < size - 2)
        body += char('a' + QRandomGenerator::global()->bounded(26));
    body += "\"}";
    return body;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const int rounds = quick ? 1 : 7;
    const qint64 minMs = quick ? 100 : 300;
    const QByteArray secret = "It's a Secret to Everybody";
    const qint64 now = 1700000000;

    std::printf("%-20s %-8s %14s %14s %7s\n", "scheme", "body", "hookscope/s", "raw HMAC/s",
                "ratio");
    bool allMet = true;
    for (const char *id : {"github", "standard-webhooks"}) {
        const SignatureScheme &scheme = *SignatureSchemeRegistry::find(QLatin1String(id));
        const QByteArray key = scheme.secretFormat == SecretFormat::Utf8
                                   ? secret
                                   : QByteArray("0123456789abcdef0123456789abcdef");
        const QByteArray schemeSecret =
            scheme.secretFormat == SecretFormat::Utf8 ? secret : "whsec_" + key.toBase64();
        for (const qsizetype size : {qsizetype(1024), qsizetype(1024 * 1024)}) {
            const QByteArray body = makeBody(size);
            const SignResult signedRequest =
                SignatureSigner::sign(scheme, schemeSecret, body, {"msg_bench", now, {}, {}});
            VerifyOptions options;
            options.nowMs = now * 1000;
            if (!SignatureVerifier::verify(scheme, {schemeSecret}, signedRequest.headers, body,
                                           options)
                     .valid) {
                std::fprintf(stderr, "bench: %s does not verify\n", id);
                return 1;
            }
            // The reference HMACs exactly the signed content, prepared outside the timing.
            const QByteArray content =
                scheme.needsId() ? "msg_bench." + QByteArray::number(now) + '.' + body : body;
            const auto [hookscope, raw] = compare(
                [&] {
                    sink = SignatureVerifier::verify(scheme, {schemeSecret}, signedRequest.headers,
                                                     body, options)
                               .valid;
                },
                [&] {
                    unsigned char out[EVP_MAX_MD_SIZE];
                    unsigned int length = 0;
                    HMAC(EVP_sha256(), key.constData(), int(key.size()),
                         reinterpret_cast<const unsigned char *>(content.constData()),
                         size_t(content.size()), out, &length);
                    sink = out[0];
                },
                rounds, minMs);
            const double ratio = hookscope / raw;
            if (size > 1024)
                allMet = allMet && ratio >= 0.9;
            std::printf("%-20s %-8s %14.0f %14.0f %7.2f\n", id, size > 1024 ? "1 MiB" : "1 KiB",
                        hookscope, raw, ratio);
        }
    }
    std::printf("target (1 MiB: ratio >= 0.90): %s\n", allMet ? "met" : "NOT met");
    return 0;
}
