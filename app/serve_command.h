#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope serve`: the headless receiver.
int runServe(const QStringList &arguments);

} // namespace hookscope
