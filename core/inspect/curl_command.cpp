#include "curl_command.h"

#include <QStringDecoder>

namespace hookscope {

namespace {

// Printable as-is inside '...' in a terminal: valid UTF-8 without control characters other
// than newline (a pasted tab could trigger completion; a CR could be eaten by the terminal).
bool isPlainText(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const uchar u = uchar(c);
        if ((u < 0x20 && u != '\n') || u == 0x7f)
            return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return false;
    for (const QChar ch : text) {
        // C1 controls, bidi overrides and the like would hide what the command does.
        const QChar::Category category = ch.category();
        if ((category == QChar::Other_Control || category == QChar::Other_Format) &&
            ch != QLatin1Char('\n'))
            return false;
    }
    return true;
}

void appendHex(QByteArray &out, uchar u)
{
    static const char digits[] = "0123456789abcdef";
    out.append("\\x");
    out.append(digits[u >> 4]);
    out.append(digits[u & 0xf]);
}

// The argument of printf %b inside single quotes: backslash escapes for everything that is
// not printable ASCII, so any byte (NUL included) survives.
QByteArray printfEscaped(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + bytes.size() / 4 + 2);
    out.append('\'');
    for (const char c : bytes) {
        const uchar u = uchar(c);
        if (c == '\'')
            out.append("'\\''");
        else if (c == '\\')
            out.append("\\\\");
        else if (c == '\n')
            out.append("\\n");
        else if (u >= 0x20 && u < 0x7f)
            out.append(c);
        else
            appendHex(out, u);
    }
    out.append('\'');
    return out;
}

// curl percent-encodes spaces and non-ASCII bytes in a URL and cuts it at '#'.
bool curlWouldRewrite(QByteArrayView target)
{
    for (const char c : target) {
        const uchar u = uchar(c);
        if (u <= 0x20 || u >= 0x7f || c == '#')
            return true;
    }
    return false;
}

// Letters, digits, '-' and '_' need no quotes (readable `-X POST`).
bool isPlainWord(QByteArrayView word)
{
    if (word.isEmpty())
        return false;
    for (const char c : word) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

} // namespace

QByteArray CurlCommand::shellQuote(QByteArrayView bytes)
{
    QByteArray out;
    if (isPlainText(bytes)) {
        out.reserve(bytes.size() + 2);
        out.append('\'');
        for (const char c : bytes) {
            if (c == '\'')
                out.append("'\\''");
            else
                out.append(c);
        }
        out.append('\'');
        return out;
    }
    out.reserve(bytes.size() * 2 + 3);
    out.append("$'");
    for (const char c : bytes) {
        const uchar u = uchar(c);
        switch (c) {
        case '\'':
            out.append("\\'");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (u >= 0x20 && u < 0x7f)
                out.append(c);
            else
                appendHex(out, u);
        }
    }
    out.append('\'');
    return out;
}

QByteArray CurlCommand::targetUrl(const StoredRequest &request, const QUrl &baseUrl)
{
    return baseUrl.toEncoded(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                             QUrl::RemoveUserInfo | QUrl::StripTrailingSlash) +
           requestTarget(request);
}

QByteArray CurlCommand::requestTarget(const StoredRequest &request)
{
    QByteArray target = request.path.startsWith('/') ? request.path : '/' + request.path;
    if (!request.query.isEmpty())
        target += '?' + request.query;
    return target;
}

QString CurlCommand::build(const StoredRequest &request, const QUrl &baseUrl)
{
    QList<QByteArray> words{QByteArrayLiteral("curl")};
    const auto add = [&words](QByteArrayView option, QByteArrayView value) {
        words.append(option.toByteArray() + ' ' + shellQuote(value));
    };

    // --globoff: [] and {} in the URL are literal; --path-as-is: no ../ squashing.
    words.append(QByteArrayLiteral("--globoff --path-as-is"));
    if (request.httpVersion == "1.0")
        words.append(QByteArrayLiteral("--http1.0"));
    else if (baseUrl.scheme() == QLatin1String("https"))
        words.append(QByteArrayLiteral("--http1.1")); // HTTP/2 would lowercase header names
    if (request.method == "HEAD")
        words.append(QByteArrayLiteral("--head")); // -X HEAD makes curl wait for a body
    else
        words.append("-X " +
                     (isPlainWord(request.method) ? request.method : shellQuote(request.method)));

    for (const HeaderField &field : request.headers) {
        const QByteArrayView name(field.name);
        // curl writes these itself from the URL and the body.
        if (name.compare("host", Qt::CaseInsensitive) == 0 ||
            name.compare("content-length", Qt::CaseInsensitive) == 0)
            continue;
        // "Name:" would remove the header in curl; "Name;" sends it empty.
        if (field.value.isEmpty())
            add("-H", QByteArray(field.name + ';'));
        else
            add("-H", QByteArray(field.name + ": " + field.value));
    }

    const bool sendsBody = !request.body.isEmpty() || request.hasHeader("content-length") ||
                           request.hasHeader("transfer-encoding");
    // Headers curl would add on its own that the original did not carry.
    if (!request.hasHeader("user-agent"))
        words.append(QByteArrayLiteral("-H 'User-Agent:'"));
    if (!request.hasHeader("accept"))
        words.append(QByteArrayLiteral("-H 'Accept:'"));
    if (sendsBody && !request.hasHeader("content-type"))
        words.append(QByteArrayLiteral("-H 'Content-Type:'"));
    if (sendsBody && !request.hasHeader("expect"))
        words.append(QByteArrayLiteral("-H 'Expect:'"));

    if (sendsBody) {
        // A leading '@' would make curl read a file of that name.
        const bool inlineBody = request.body.size() <= InlineBodyLimit &&
                                !request.body.contains('\0') && !request.body.startsWith('@');
        if (inlineBody)
            add("--data-binary", request.body);
        else
            words.append("--data-binary @<(printf %b " + printfEscaped(request.body) + ')');
    }
    // A target curl would rewrite travels verbatim with --request-target.
    const QByteArray target = requestTarget(request);
    if (curlWouldRewrite(target)) {
        add("--request-target", target);
        words.append(shellQuote(QByteArray(
            baseUrl.toEncoded(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                              QUrl::RemoveUserInfo | QUrl::StripTrailingSlash) +
            '/')));
    } else {
        words.append(shellQuote(targetUrl(request, baseUrl)));
    }

    QByteArray command = words.join(" \\\n  ");
    // A shell comment line: the command still runs when pasted, and says what it cannot do.
    if (request.truncated)
        command.prepend("# The body (" + QByteArray::number(request.bodySize) +
                        " bytes) was over the size limit and not stored: this sends it empty.\n");
    return QString::fromUtf8(command);
}

} // namespace hookscope
