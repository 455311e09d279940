#pragma once

#include "deliver/outbox_service.h"

#include <optional>

namespace hookscope {

// What an outbox operation run through Engine::outboxCall hands back to the GUI thread: the
// value, or the service's refusal.
template <typename T>
struct OutboxResult
{
    std::optional<T> value;
    OutboxError error;
};

} // namespace hookscope
