#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope sign`: prints the headers a sender of a scheme sends, one "Name: value" a line.
int runSign(const QStringList &arguments);

} // namespace hookscope
