#include "form_decoder.h"

namespace hookscope {

namespace {

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// '+' is a space, %HH a byte; a '%' not followed by two hex digits stays as it is (Qt's
// fromPercentEncoding would swallow it).
QByteArray formDecode(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '+') {
            out.append(' ');
        } else if (c == '%' && i + 2 < text.size() && hexValue(text.at(i + 1)) >= 0 &&
                   hexValue(text.at(i + 2)) >= 0) {
            out.append(char(hexValue(text.at(i + 1)) * 16 + hexValue(text.at(i + 2))));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return out;
}

// Splits "a; b=\"c;d\"; e" on ';' outside quotes.
QList<QByteArrayView> splitParameters(QByteArrayView value)
{
    QList<QByteArrayView> parts;
    bool inQuotes = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value.at(i);
        if (c == '"')
            inQuotes = !inQuotes;
        else if (c == '\\' && inQuotes)
            ++i;
        else if (c == ';' && !inQuotes) {
            parts.append(value.sliced(start, i - start));
            start = i + 1;
        }
    }
    parts.append(value.sliced(start));
    return parts;
}

QByteArray unquote(QByteArrayView v)
{
    v = trimmed(v);
    if (v.size() < 2 || v.front() != '"' || v.back() != '"')
        return v.toByteArray();
    QByteArray out;
    v = v.sliced(1, v.size() - 2);
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v.at(i) == '\\' && i + 1 < v.size())
            ++i;
        out.append(v.at(i));
    }
    return out;
}

} // namespace

FormDecoder::Kind FormDecoder::kindOf(QByteArrayView contentType)
{
    const QByteArrayView type = trimmed(splitParameters(contentType).constFirst());
    if (type.compare("application/x-www-form-urlencoded", Qt::CaseInsensitive) == 0)
        return Kind::UrlEncoded;
    if (type.compare("multipart/form-data", Qt::CaseInsensitive) == 0)
        return Kind::Multipart;
    return Kind::None;
}

QByteArray FormDecoder::headerParameter(QByteArrayView headerValue, QByteArrayView name)
{
    const QList<QByteArrayView> parts = splitParameters(headerValue);
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArrayView part = trimmed(parts.at(i));
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            continue;
        if (trimmed(part.first(eq)).compare(name, Qt::CaseInsensitive) == 0) {
            QByteArray v = unquote(part.sliced(eq + 1));
            return v.isNull() ? QByteArray("") : v;
        }
    }
    return {};
}

FormDecodeResult FormDecoder::decodeUrlEncoded(QByteArrayView body)
{
    FormDecodeResult result;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        if (!pair.isEmpty()) {
            const qsizetype eq = pair.indexOf('=');
            FormField field;
            field.name = QString::fromUtf8(formDecode(eq < 0 ? pair : pair.first(eq)));
            field.value = eq < 0 ? QByteArray("") : formDecode(pair.sliced(eq + 1));
            result.fields.append(std::move(field));
        }
        start = end + 1;
    }
    return result;
}

FormDecodeResult FormDecoder::decodeMultipart(QByteArrayView body, QByteArrayView contentType)
{
    FormDecodeResult result;
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty()) {
        result.error = QStringLiteral("no boundary in the Content-Type header");
        return result;
    }
    if (boundary.size() > 200) {
        result.error = QStringLiteral("boundary longer than 200 characters");
        return result;
    }
    const QByteArray delimiter = "--" + boundary;

    // The first delimiter may be preceded by a preamble; later ones follow a line break.
    qsizetype pos;
    if (body.startsWith(delimiter)) {
        pos = delimiter.size();
    } else {
        const qsizetype at = body.indexOf(QByteArray("\n" + delimiter));
        if (at < 0) {
            result.error = QStringLiteral("the body does not contain the boundary");
            return result;
        }
        pos = at + 1 + delimiter.size();
    }

    while (true) {
        // After a delimiter: "--" closes, otherwise the line ends and a part follows.
        if (body.sliced(pos).startsWith("--"))
            return result;
        while (pos < body.size() && (body.at(pos) == ' ' || body.at(pos) == '\t'))
            ++pos;
        if (body.sliced(pos).startsWith("\r\n"))
            pos += 2;
        else if (body.sliced(pos).startsWith("\n"))
            pos += 1;
        else {
            result.error = pos >= body.size()
                               ? QStringLiteral("the body ends without the closing boundary")
                               : QStringLiteral("unexpected data after a boundary");
            return result;
        }

        FormField field;
        // Part headers up to an empty line.
        bool sawName = false;
        while (true) {
            qsizetype eol = body.indexOf('\n', pos);
            if (eol < 0) {
                result.error = QStringLiteral("a part's headers are not terminated");
                return result;
            }
            QByteArrayView line = body.sliced(pos, eol - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            pos = eol + 1;
            if (line.isEmpty())
                break;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                result.error = QStringLiteral("malformed part header");
                return result;
            }
            const QByteArrayView name = trimmed(line.first(colon));
            const QByteArrayView value = trimmed(line.sliced(colon + 1));
            if (name.compare("content-disposition", Qt::CaseInsensitive) == 0) {
                const QByteArray partName = headerParameter(value, "name");
                if (!partName.isNull()) {
                    field.name = QString::fromUtf8(partName);
                    sawName = true;
                }
                const QByteArray filename = headerParameter(value, "filename");
                if (!filename.isNull()) {
                    field.filename = QString::fromUtf8(filename);
                    field.isFile = true;
                }
            } else if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
                field.contentType = value.toByteArray();
            }
        }
        if (!sawName) {
            result.error = QStringLiteral("a part has no Content-Disposition name");
            return result;
        }
        // The part's content runs to the line break before the next delimiter.
        const QByteArray next = "\n" + delimiter;
        const qsizetype at = body.indexOf(next, pos);
        if (at < 0) {
            result.error = QStringLiteral("the body ends inside a part");
            return result;
        }
        qsizetype contentEnd = at;
        if (contentEnd > pos && body.at(contentEnd - 1) == '\r')
            --contentEnd;
        field.value = body.sliced(pos, contentEnd - pos).toByteArray();
        result.fields.append(std::move(field));
        pos = at + next.size();
    }
}

FormDecodeResult FormDecoder::decode(QByteArrayView body, QByteArrayView contentType)
{
    switch (kindOf(contentType)) {
    case Kind::UrlEncoded:
        return decodeUrlEncoded(body);
    case Kind::Multipart:
        return decodeMultipart(body, contentType);
    case Kind::None:
        break;
    }
    FormDecodeResult result;
    result.error = QStringLiteral("not a form content type");
    return result;
}

} // namespace hookscope
