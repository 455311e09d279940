#include "openssl_version.h"

#include <openssl/crypto.h>

namespace hookscope::signcrypto {

QString openSslVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
}

} // namespace hookscope::signcrypto
