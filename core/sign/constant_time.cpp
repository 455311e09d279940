#include "constant_time.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace hookscope {

namespace {

bool sha256(QByteArrayView data, unsigned char (&out)[EVP_MAX_MD_SIZE])
{
    unsigned int length = 0;
    return EVP_Digest(data.data(), size_t(data.size()), out, &length, EVP_sha256(), nullptr) == 1;
}

} // namespace

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    unsigned char da[EVP_MAX_MD_SIZE];
    unsigned char db[EVP_MAX_MD_SIZE];
    if (!sha256(a, da) || !sha256(b, db))
        return false;
    return CRYPTO_memcmp(da, db, 32) == 0;
}

bool macEquals(QByteArrayView expected, QByteArrayView received)
{
    if (expected.size() != received.size() || expected.isEmpty())
        return false;
    return CRYPTO_memcmp(expected.data(), received.data(), size_t(expected.size())) == 0;
}

} // namespace hookscope
