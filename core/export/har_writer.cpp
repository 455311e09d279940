#include "har_writer.h"

#include "export_value.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QUrlQuery>

namespace hookscope {

namespace {

void appendString(QByteArray *out, QByteArrayView text)
{
    ExportValue::appendJsonString(text, out);
}

// Header bytes are not always UTF-8; JSON needs text, so other bytes go as Latin-1.
QByteArray textOf(QByteArrayView bytes)
{
    return ExportValue::isUtf8(bytes) ? bytes.toByteArray() : QString::fromLatin1(bytes).toUtf8();
}

void appendHeaders(QByteArray *out, const HeaderList &headers)
{
    out->append('[');
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (i)
            out->append(',');
        out->append("{\"name\":");
        appendString(out, textOf(headers.at(i).name));
        out->append(",\"value\":");
        appendString(out, textOf(headers.at(i).value));
        out->append('}');
    }
    out->append(']');
}

qint64 headersSize(const StoredRequest &request)
{
    return StoredRequest::encodeHeaders(request.headers).size() + 2;
}

} // namespace

QByteArray HarWriter::isoTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

QByteArray HarWriter::url(const StoredRequest &request)
{
    QByteArray scheme = request.header("x-forwarded-proto");
    if (scheme.isEmpty())
        scheme = "http";
    QByteArray host = request.header("x-forwarded-host");
    if (host.isEmpty())
        host = request.header("host");
    if (host.isEmpty())
        host = "localhost";
    QByteArray url = scheme + "://" + host + request.path;
    if (!request.query.isEmpty())
        url += '?' + request.query;
    return textOf(url);
}

void HarWriter::begin(QByteArray *out) const
{
    out->append("{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"Hookscope\",\"version\":\"");
    // The version is the application's (set by app/); core carries none of its own.
    out->append(QCoreApplication::applicationVersion().toUtf8());
    out->append("\"},\"pages\":[],\"entries\":[");
}

void HarWriter::entry(const StoredRequest &request, QByteArray *out)
{
    if (!m_first)
        out->append(',');
    m_first = false;
    const bool utf8 = ExportValue::isUtf8(request.body);
    QByteArray mime = request.contentType();
    out->append("\n{\"startedDateTime\":\"");
    out->append(isoTime(request.receivedUs));
    out->append("\",\"time\":0,\"request\":{\"method\":");
    appendString(out, textOf(request.method));
    out->append(",\"url\":");
    appendString(out, url(request));
    out->append(",\"httpVersion\":");
    appendString(out, QByteArray("HTTP/" + request.httpVersion));
    out->append(",\"cookies\":[],\"headers\":");
    appendHeaders(out, request.headers);
    out->append(",\"queryString\":[");
    const QList<std::pair<QString, QString>> items =
        QUrlQuery(QString::fromUtf8(request.query)).queryItems(QUrl::FullyDecoded);
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i)
            out->append(',');
        out->append("{\"name\":");
        appendString(out, items.at(i).first.toUtf8());
        out->append(",\"value\":");
        appendString(out, items.at(i).second.toUtf8());
        out->append('}');
    }
    out->append(']');
    if (!request.body.isEmpty() || request.truncated) {
        out->append(",\"postData\":{\"mimeType\":");
        appendString(out, textOf(mime));
        out->append(",\"text\":");
        appendString(out, utf8 ? request.body : request.body.toBase64());
        if (!utf8)
            out->append(",\"comment\":\"text is base64\"");
        else if (request.truncated)
            out->append(",\"comment\":\"body over the size limit, not kept\"");
        out->append('}');
    }
    out->append(",\"headersSize\":");
    out->append(QByteArray::number(headersSize(request)));
    out->append(",\"bodySize\":");
    out->append(QByteArray::number(request.bodySize));
    out->append("},\"response\":{\"status\":");
    out->append(QByteArray::number(request.responseStatus));
    out->append(",\"statusText\":\"\",\"httpVersion\":");
    appendString(out, QByteArray("HTTP/" + request.httpVersion));
    const bool responseUtf8 = ExportValue::isUtf8(request.responseBody);
    out->append(",\"cookies\":[],\"headers\":[],\"content\":{\"size\":");
    out->append(QByteArray::number(request.responseBody.size()));
    out->append(",\"mimeType\":\"");
    out->append(request.responseBody.startsWith('{') ? "application/json" : "text/plain");
    out->append("\",\"text\":");
    appendString(out, responseUtf8 ? request.responseBody : request.responseBody.toBase64());
    if (!responseUtf8)
        out->append(",\"encoding\":\"base64\"");
    out->append("},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":");
    out->append(QByteArray::number(request.responseBody.size()));
    out->append("},\"cache\":{},\"timings\":{\"send\":0,\"wait\":0,\"receive\":0}");
    if (!request.endpointName.isEmpty()) {
        out->append(",\"comment\":");
        appendString(out, QByteArray("endpoint rule: " + request.endpointName.toUtf8()));
    }
    out->append('}');
}

void HarWriter::end(QByteArray *out) const
{
    out->append("\n]}}\n");
}

} // namespace hookscope
