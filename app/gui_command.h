#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope` with a display: the inspector window with the receiver in the same process.
int runGui(const QStringList &arguments);

} // namespace hookscope
