// Stripe "t=..,v1=.." and Paddle "ts=..;h1=.." signature headers.
#include "sign/signature_header_parser.h"
#include "sign/signature_scheme_registry.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const char *id : {"stripe", "paddle"}) {
        const ParsedSignatureHeader parsed =
            SignatureHeaderParser::parse(*SignatureSchemeRegistry::find(QLatin1String(id)), value);
        // A parse fails with a reason, or succeeds with at least one signature.
        if ((parsed.ok && parsed.signatures.isEmpty()) || parsed.ok != parsed.error.isEmpty())
            __builtin_trap();
    }
    return 0;
}
