#include "body_text.h"

#include <QStringDecoder>

namespace hookscope {

bool BodyText::isUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = decoder.decode(bytes);
    return !decoder.hasError();
}

bool BodyText::isText(QByteArrayView bytes)
{
    qsizetype controls = 0;
    for (const char c : bytes) {
        const uchar u = uchar(c);
        if (u == 0)
            return false;
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f')
            ++controls;
    }
    // A stray escape sequence (ANSI colours in a log line) is still text.
    if (controls > bytes.size() / 100 + 1)
        return false;
    return isUtf8(bytes);
}

QString BodyText::display(QByteArrayView bytes)
{
    return isUtf8(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

bool BodyText::isJsonContentType(QByteArrayView contentType)
{
    qsizetype end = contentType.indexOf(';');
    QByteArrayView type = end < 0 ? contentType : contentType.first(end);
    type = type.trimmed();
    const QByteArray lower = type.toByteArray().toLower();
    return lower == "application/json" || lower == "text/json" || lower.endsWith("+json");
}

} // namespace hookscope
