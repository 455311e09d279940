// Standard Webhooks "v1,<b64> v1a,<b64> v2,..." signature headers.
#include "sign/signature_header_parser.h"
#include "sign/signature_scheme_registry.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const char *id : {"standard-webhooks", "standard-webhooks-ed25519"}) {
        const SignatureScheme &scheme = *SignatureSchemeRegistry::find(QLatin1String(id));
        const ParsedSignatureHeader parsed = SignatureHeaderParser::parse(scheme, value);
        if ((parsed.ok && parsed.signatures.isEmpty()) || parsed.ok != parsed.error.isEmpty())
            __builtin_trap();
        for (const QByteArray &signature : parsed.signatures) {
            QByteArray bytes;
            if (SignatureHeaderParser::decode(scheme.encoding, signature, &bytes) &&
                bytes.size() > signature.size())
                __builtin_trap();
        }
    }
    return 0;
}
