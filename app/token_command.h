#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope token`: prints the management API's bearer token (made on first use).
int runToken(const QStringList &arguments);

} // namespace hookscope
