// Twilio's form body and URL handling, JSON fields (Linear, Mailgun) and the JSON
// re-serialiser behind the hints.
#include "sign/json_reformatter.h"
#include "sign/signature_computer.h"
#include "sign/signature_header_parser.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    SignatureHeaderParser::parseForm(input);
    for (const QByteArray &url : SignatureComputer::urlVariants(input)) {
        QByteArray value;
        SignatureComputer::queryValue(url, "bodySHA256", &value);
    }
    const QByteArray withHash = SignatureComputer::withQueryValue(input, "bodySHA256", "00");
    QByteArray value;
    if (!SignatureComputer::queryValue(withHash, "bodySHA256", &value) && !input.contains('#'))
        __builtin_trap();
    SignatureHeaderParser::jsonText(input, QStringLiteral("signature.timestamp"), &value);
    for (const auto style : {JsonReformatter::Style::Minified, JsonReformatter::Style::Indented2,
                             JsonReformatter::Style::PythonSpaced}) {
        const QByteArray out = JsonReformatter::reformat(input, style);
        // Re-serialising valid JSON yields JSON that minifies to the same text.
        if (!out.isEmpty() &&
            JsonReformatter::reformat(out, JsonReformatter::Style::Minified) !=
                JsonReformatter::reformat(input, JsonReformatter::Style::Minified))
            __builtin_trap();
    }
    return 0;
}
