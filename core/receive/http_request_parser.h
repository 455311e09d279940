#pragma once

#include "store/stored_request.h"

#include <QList>
#include <http_parser.h>

namespace hookscope {

struct ParsedRequest
{
    StoredRequest request; // method, target, version, headers, body
    bool keepAlive = true;
    bool tooLarge = false; // body over the limit: not kept, answer 413 and close
};

// Incremental HTTP/1.x request parser for one connection, over Debian's http-parser (the
// parser Qt's own QHttpServer 6.4 embeds), keeping what QHttpServerRequest drops: header
// order, duplicates and original case. Enforces the body limit before buffering.
class HttpRequestParser
{
public:
    explicit HttpRequestParser(qint64 maxBodyBytes);
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Parses what arrived; complete requests are appended to `out`. Returns false on a
    // protocol error (see errorStatus()/errorText()); the connection must then be closed.
    bool feed(QByteArrayView data, QList<ParsedRequest> &out);

    // A request whose headers arrived with "Expect: 100-continue" and whose body has not
    // started: the client waits for an interim 100 (or a final answer) before sending it.
    bool wantsContinue() const;
    void continueSent() { m_continueSent = true; }
    // The client announced "Expect: 100-continue" and was not told to go on: no body follows.
    bool bodyWithheld() const { return m_expectContinue && !m_continueSent; }
    // Headers of an unfinished request are in (for idle timeouts: a slow client).
    bool inMessage() const { return m_inMessage; }
    // Bytes still announced by Content-Length of an over-limit request (drained, not kept).
    quint64 remainingContentLength() const { return m_parser.content_length; }

    int errorStatus() const { return m_errorStatus; }
    QString errorText() const { return m_errorText; }

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);
    static const http_parser_settings &settings();

    void finishTarget();

    http_parser m_parser;
    qint64 m_maxBody;
    ParsedRequest m_current;
    QByteArray m_target;
    bool m_lastWasValue = false;
    bool m_inMessage = false;
    bool m_headersDone = false;
    bool m_expectContinue = false;
    bool m_continueSent = false;
    QList<ParsedRequest> *m_out = nullptr;
    int m_errorStatus = 0;
    QString m_errorText;
};

} // namespace hookscope
