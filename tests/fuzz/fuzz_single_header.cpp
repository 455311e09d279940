// "sha256=<hex>", "v0=<hex>" and bare base64 signature headers, and both decoders.
#include "sign/signature_header_parser.h"
#include "sign/signature_scheme_registry.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const char *id : {"github", "slack", "shopify", "twilio"}) {
        const SignatureScheme &scheme = *SignatureSchemeRegistry::find(QLatin1String(id));
        const ParsedSignatureHeader parsed = SignatureHeaderParser::parse(scheme, value);
        if (parsed.ok && parsed.signatures.size() != 1)
            __builtin_trap();
    }
    for (const SignatureEncoding encoding : {SignatureEncoding::Hex, SignatureEncoding::Base64}) {
        QByteArray bytes;
        if (SignatureHeaderParser::decode(encoding, value, &bytes)) {
            // What decodes re-encodes to the same bytes (modulo case and padding).
            QByteArray again;
            if (!SignatureHeaderParser::decode(
                    encoding, SignatureHeaderParser::encode(encoding, bytes), &again) ||
                again != bytes)
                __builtin_trap();
        }
    }
    return 0;
}
