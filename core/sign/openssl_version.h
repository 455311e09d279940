#pragma once

#include <QString>

namespace hookscope::signcrypto {

// The OpenSSL library in use at run time, as it names itself ("OpenSSL 3.0.15 3 Sep 2024"):
// the About dialog shows it, since the signature checks depend on it.
QString openSslVersion();

} // namespace hookscope::signcrypto
