#include "http_request_parser.h"

#include <QString>
#include <limits>

namespace hookscope {

namespace {

HttpRequestParser *self(http_parser *p)
{
    return static_cast<HttpRequestParser *>(p->data);
}

} // namespace

HttpRequestParser::HttpRequestParser(qint64 maxBodyBytes) : m_maxBody(maxBodyBytes)
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
}

const http_parser_settings &HttpRequestParser::settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings t;
        http_parser_settings_init(&t);
        t.on_message_begin = &HttpRequestParser::onMessageBegin;
        t.on_url = &HttpRequestParser::onUrl;
        t.on_header_field = &HttpRequestParser::onHeaderField;
        t.on_header_value = &HttpRequestParser::onHeaderValue;
        t.on_headers_complete = &HttpRequestParser::onHeadersComplete;
        t.on_body = &HttpRequestParser::onBody;
        t.on_message_complete = &HttpRequestParser::onMessageComplete;
        return t;
    }();
    return s;
}

bool HttpRequestParser::feed(QByteArrayView data, QList<ParsedRequest> &out)
{
    if (m_errorStatus)
        return false;
    m_out = &out;
    const size_t parsed =
        http_parser_execute(&m_parser, &settings(), data.data(), size_t(data.size()));
    m_out = nullptr;
    const auto error = static_cast<http_errno>(m_parser.http_errno);
    if (m_current.tooLarge && (error == HPE_CB_headers_complete || error == HPE_CB_body)) {
        // Keep the headers: the request is stored (marked truncated) and answered 413.
        m_current.request.bodySize =
            qMax<qint64>(m_current.request.bodySize, qint64(m_current.request.body.size()));
        m_current.request.body.clear();
        m_current.request.truncated = true;
        m_current.keepAlive = false;
        out.append(std::move(m_current));
        m_current = {};
        m_errorStatus = 413;
        m_errorText = QStringLiteral("request body exceeds the %1-byte limit").arg(m_maxBody);
        return false;
    }
    if (error != HPE_OK) {
        // A well-formed but unknown method ("FROBNICATE") is 501; bytes that are no
        // method at all are a plain 400.
        const bool methodLike = !data.isEmpty() && data.front() >= 'A' && data.front() <= 'Z';
        m_errorStatus = error == HPE_INVALID_METHOD && methodLike ? 501
                        : error == HPE_HEADER_OVERFLOW            ? 431
                                                                  : 400;
        m_errorText = QString::fromLatin1(http_errno_description(error));
        return false;
    }
    if (parsed != size_t(data.size()) && !m_parser.upgrade) {
        m_errorStatus = 400;
        m_errorText = QStringLiteral("unparsed bytes after the request");
        return false;
    }
    return true;
}

bool HttpRequestParser::wantsContinue() const
{
    return m_inMessage && m_headersDone && m_expectContinue && !m_continueSent &&
           m_current.request.body.isEmpty();
}

int HttpRequestParser::onMessageBegin(http_parser *p)
{
    HttpRequestParser *s = self(p);
    s->m_current = {};
    s->m_target.clear();
    s->m_lastWasValue = false;
    s->m_inMessage = true;
    s->m_headersDone = false;
    s->m_expectContinue = false;
    s->m_continueSent = false;
    return 0;
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    self(p)->m_target.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *s = self(p);
    HeaderList &headers = s->m_current.request.headers;
    if (s->m_lastWasValue || headers.isEmpty())
        headers.append(HeaderField{});
    headers.last().name.append(at, qsizetype(length));
    s->m_lastWasValue = false;
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *s = self(p);
    HeaderList &headers = s->m_current.request.headers;
    if (headers.isEmpty())
        return -1;
    if (!s->m_lastWasValue)
        headers.last().value = QByteArray(""); // present, possibly empty
    headers.last().value.append(at, qsizetype(length));
    s->m_lastWasValue = true;
    return 0;
}

void HttpRequestParser::finishTarget()
{
    StoredRequest &r = m_current.request;
    QByteArray target = m_target;
    // absolute-form ("POST http://host/path HTTP/1.1") keeps only the path and query
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArray("/") : target.mid(slash);
    }
    const qsizetype fragment = target.indexOf('#');
    if (fragment >= 0)
        target.truncate(fragment);
    const qsizetype question = target.indexOf('?');
    r.path = question < 0 ? target : target.left(question);
    r.query = question < 0 ? QByteArray() : target.mid(question + 1);
    if (r.path.isEmpty())
        r.path = "/";
}

int HttpRequestParser::onHeadersComplete(http_parser *p)
{
    HttpRequestParser *s = self(p);
    StoredRequest &r = s->m_current.request;
    r.method = http_method_str(static_cast<http_method>(p->method));
    r.httpVersion = QByteArray::number(p->http_major) + '.' + QByteArray::number(p->http_minor);
    s->finishTarget();
    s->m_headersDone = true;
    for (HeaderField &h : r.headers) {
        if (h.value.isNull())
            h.value = QByteArray("");
    }
    s->m_expectContinue = r.header("expect").toLower() == "100-continue";
    const bool knownLength =
        p->content_length != std::numeric_limits<uint64_t>::max() && !(p->flags & F_CHUNKED);
    if (knownLength && p->content_length > uint64_t(s->m_maxBody)) {
        r.bodySize = qint64(qMin<uint64_t>(p->content_length, uint64_t(LLONG_MAX)));
        s->m_current.tooLarge = true;
        return -1;
    }
    if (knownLength)
        r.body.reserve(qsizetype(p->content_length));
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *at, size_t length)
{
    HttpRequestParser *s = self(p);
    StoredRequest &r = s->m_current.request;
    if (r.body.size() + qint64(length) > s->m_maxBody) {
        r.bodySize = r.body.size() + qint64(length);
        s->m_current.tooLarge = true;
        return -1;
    }
    r.body.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser *p)
{
    HttpRequestParser *s = self(p);
    ParsedRequest &c = s->m_current;
    if (c.request.body.isNull())
        c.request.body = QByteArray("");
    c.request.bodySize = c.request.body.size();
    c.keepAlive = http_should_keep_alive(p) != 0 && !p->upgrade;
    s->m_inMessage = false;
    s->m_out->append(std::move(c));
    c = {};
    return 0;
}

} // namespace hookscope
