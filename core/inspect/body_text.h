#pragma once

#include <QByteArray>
#include <QString>

namespace hookscope {

// Deciding how to show bytes of unknown encoding: as text, or as binary (hex).
class BodyText
{
public:
    // Valid UTF-8 without NUL and with few control characters (tab, CR, LF and form feed
    // are text).
    static bool isText(QByteArrayView bytes);
    // The bytes as UTF-8 when valid, else as Latin-1 (every byte one character, so nothing
    // vanishes); for header values and form fields.
    static QString display(QByteArrayView bytes);
    static bool isUtf8(QByteArrayView bytes);
    // Content types whose bodies are JSON: application/json, */*+json, text/json.
    static bool isJsonContentType(QByteArrayView contentType);
};

} // namespace hookscope
