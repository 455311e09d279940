#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope schemes`: the signature presets, one line each, or one as JSON.
int runSchemes(const QStringList &arguments);

} // namespace hookscope
