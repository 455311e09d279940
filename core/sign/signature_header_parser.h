#pragma once

#include "signature_scheme.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QString>
#include <utility>

namespace hookscope {

struct ParsedSignatureHeader
{
    bool ok = false;
    QString error;             // what part is malformed, when !ok
    QByteArrayList signatures; // encoded, prefix removed, in header order
    QByteArrayList skipped;    // entries of other versions ("v2,..."), not errors
    QByteArray timestamp;      // KeyValue headers with a timestamp key
};

// Parsers for everything a signature check reads from untrusted input. Pure functions over
// bytes, total (never crash, never throw, linear time): the fuzz targets call them directly.
class SignatureHeaderParser
{
public:
    // Splits a signature header value by the scheme's headerFormat / prefix / keys.
    static ParsedSignatureHeader parse(const SignatureScheme &scheme, QByteArrayView value);

    // A timestamp as the scheme writes it, to milliseconds since the epoch. Integers only:
    // "1.5", "-1", "hello", "" and values that overflow are malformed.
    static bool parseTimestamp(TimestampFormat format, QByteArrayView text, qint64 *ms,
                               QString *error);

    // Strict decoding of a signature: hex of even length, or standard base64 with padding
    // optional; false on any other character.
    static bool decode(SignatureEncoding encoding, QByteArrayView text, QByteArray *out);
    static QByteArray encode(SignatureEncoding encoding, const QByteArray &bytes);

    // application/x-www-form-urlencoded pairs, percent- and '+'-decoded, in order.
    static QList<std::pair<QByteArray, QByteArray>> parseForm(QByteArrayView body);

    // The value at a dotted path ("signature.timestamp") of a JSON body, as text: strings as
    // they are, integral numbers in decimal. False when absent or another type.
    static bool jsonText(const QByteArray &body, const QString &path, QByteArray *out);
};

} // namespace hookscope
