// Timestamps in seconds, milliseconds and RFC 3339.
#include "sign/signature_header_parser.h"

#include <cstddef>
#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const TimestampFormat format :
         {TimestampFormat::UnixSeconds, TimestampFormat::UnixMilliseconds,
          TimestampFormat::Rfc3339}) {
        qint64 ms = 0;
        QString error;
        const bool ok = SignatureHeaderParser::parseTimestamp(format, text, &ms, &error);
        if (ok == !error.isEmpty() || (ok && format != TimestampFormat::Rfc3339 && ms < 0))
            __builtin_trap();
    }
    return 0;
}
