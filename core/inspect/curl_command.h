#pragma once

#include "store/stored_request.h"

#include <QString>
#include <QUrl>

namespace hookscope {

// A bash command line that makes curl send a captured request again, byte for byte: same
// method, path, query, headers in order and case, and body, to another base URL.
class CurlCommand
{
public:
    // Bodies up to this size go inline as an argument; larger ones (and any with NUL bytes,
    // which no argument can carry) are produced by bash's printf through process
    // substitution, which keeps clear of the kernel's 128 KiB limit on one argument.
    static constexpr qsizetype InlineBodyLimit = 64 * 1024;

    // baseUrl gives scheme, host and port (its path is ignored); the request's path and raw
    // query are appended unchanged. A truncated request (body not stored) gets a comment
    // line saying so first.
    static QString build(const StoredRequest &request, const QUrl &baseUrl);

    // The request's target on baseUrl: scheme://host:port + path + ?query, not re-encoded.
    static QByteArray targetUrl(const StoredRequest &request, const QUrl &baseUrl);

    // path?query as in the request line.
    static QByteArray requestTarget(const StoredRequest &request);

    // One POSIX shell word for arbitrary bytes without NUL: '...' when the bytes are
    // printable UTF-8 (newlines allowed), else bash's $'...' with \xHH escapes.
    static QByteArray shellQuote(QByteArrayView bytes);
};

} // namespace hookscope
