#pragma once

#include "store/stored_request.h"

namespace hookscope {

// Serialises an HTTP/1.1 response. Content-Length and Connection are added here.
struct HttpResponse
{
    static QByteArray serialize(int status, const HeaderList &headers, const QByteArray &body,
                                bool keepAlive, bool omitBody = false);
    static QByteArray reasonPhrase(int status);
};

} // namespace hookscope
