#pragma once

#include "store/stored_request.h"

namespace hookscope {

// How a captured request will be answered; the body is rendered by the capture writer
// once the request has its id.
struct ResponsePlan
{
    int status = 200;
    HeaderList headers; // always includes Content-Type
    QByteArray bodyTemplate;
    bool jsonBody = true; // escape placeholder values for JSON
    int delayMs = 0;

    // 200 {"success":true,"id":"<request id>"}
    static ResponsePlan success();
    // {"success":false,"message":...,"error":...} in that key order (seed 000's bodies).
    static ResponsePlan error(int status, const QString &message, const QString &error);
};

} // namespace hookscope
