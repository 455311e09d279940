#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope {

struct FormField
{
    QString name;
    QByteArray value;       // decoded bytes (the part's body for multipart)
    QString filename;       // multipart file parts only
    QByteArray contentType; // multipart part's Content-Type, if any
    bool isFile = false;    // multipart part with a filename parameter

    qsizetype size() const { return value.size(); }
};

struct FormDecodeResult
{
    QList<FormField> fields;
    QString error; // empty on success

    bool ok() const { return error.isEmpty(); }
};

// Decodes HTML form bodies (and query strings) into fields, in the order sent.
class FormDecoder
{
public:
    enum class Kind
    {
        None,
        UrlEncoded,
        Multipart
    };

    static Kind kindOf(QByteArrayView contentType);

    // name=value pairs split on '&', '+' is a space, %XX decoded. Never fails.
    static FormDecodeResult decodeUrlEncoded(QByteArrayView body);
    // RFC 7578 parts; the boundary comes from contentType. Malformed input gives an error and
    // the parts decoded before the problem.
    static FormDecodeResult decodeMultipart(QByteArrayView body, QByteArrayView contentType);
    // Picks the decoder from contentType; Kind::None gives an error.
    static FormDecodeResult decode(QByteArrayView body, QByteArrayView contentType);

    // A parameter of a header value such as `multipart/form-data; boundary="x"`; null when
    // absent.
    static QByteArray headerParameter(QByteArrayView headerValue, QByteArrayView name);
};

} // namespace hookscope
