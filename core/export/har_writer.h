#pragma once

#include "store/stored_request.h"

#include <QByteArray>

namespace hookscope {

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of captured requests, one entry
// each, streamed: begin(), entry() per request, end(). The URL is rebuilt from Host (or
// X-Forwarded-Host / -Proto); the response is the status and body Hookscope answered.
// A body that is not UTF-8 goes out base64 with "encoding": "base64" (HAR 1.2 allows it in
// content; postData has no such field, so it carries the same as a comment).
class HarWriter
{
public:
    void begin(QByteArray *out) const;
    void entry(const StoredRequest &request, QByteArray *out);
    void end(QByteArray *out) const;

    static QByteArray url(const StoredRequest &request);
    static QByteArray isoTime(qint64 us);

private:
    bool m_first = true;
};

} // namespace hookscope
