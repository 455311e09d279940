#pragma once

#include "response_plan.h"
#include "store/stored_request.h"

#include <memory>

namespace hookscope {

// A captured request on its way from the receiver thread through the capture writer
// (which stores it and renders the response body) back to the receiver (which answers).
struct CaptureJob
{
    StoredRequest request;
    ResponsePlan plan;
    quint64 connectionId = 0;
    quint64 sequence = 0;
    bool keepAlive = true;
    bool stored = false; // set by the writer: committed
    QString error;       // set by the writer when the row could not be stored
};

using CaptureJobPtr = std::shared_ptr<CaptureJob>;

} // namespace hookscope
