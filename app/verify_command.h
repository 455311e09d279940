#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope verify`: checks a request's signature; exit 0 valid, 1 invalid, 2 usage.
int runVerify(const QStringList &arguments);

} // namespace hookscope
