#include "signature_crypto.h"

#include <memory>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

namespace hookscope::signcrypto {

namespace {

struct Deleter
{
    void operator()(EVP_MAC_CTX *p) const { EVP_MAC_CTX_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

// Failed key parses leave entries in the thread's OpenSSL error queue, where a later TLS
// call on the same thread would find them: every key-handling entry point clears it.
struct ErrorQueueGuard
{
    ErrorQueueGuard() = default;
    ErrorQueueGuard(const ErrorQueueGuard &) = delete;
    ErrorQueueGuard &operator=(const ErrorQueueGuard &) = delete;
    ~ErrorQueueGuard() { ERR_clear_error(); }
};

const char *digestName(SignatureAlgorithm algorithm)
{
    switch (algorithm) {
    case SignatureAlgorithm::HmacSha1:
        return "SHA1";
    case SignatureAlgorithm::HmacSha256:
        return "SHA256";
    case SignatureAlgorithm::HmacSha512:
        return "SHA512";
    default:
        return nullptr;
    }
}

// Fetched once: fetching per call would dominate the cost for small bodies.
EVP_MAC *hmacAlgorithm()
{
    static EVP_MAC *const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

// One context per thread and digest, re-keyed by every EVP_MAC_init: setting up a context
// (fetching the digest by name) costs more than the HMAC of a small body.
EVP_MAC_CTX *hmacContext(SignatureAlgorithm algorithm)
{
    const char *digest = digestName(algorithm);
    if (!digest || !hmacAlgorithm())
        return nullptr;
    thread_local Owned<EVP_MAC_CTX> contexts[3];
    Owned<EVP_MAC_CTX> &ctx = contexts[algorithm == SignatureAlgorithm::HmacSha1     ? 0
                                       : algorithm == SignatureAlgorithm::HmacSha256 ? 1
                                                                                     : 2];
    if (!ctx) {
        Owned<EVP_MAC_CTX> fresh(EVP_MAC_CTX_new(hmacAlgorithm()));
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digest), 0),
            OSSL_PARAM_construct_end()};
        if (!fresh || EVP_MAC_CTX_set_params(fresh.get(), params) != 1)
            return nullptr;
        ctx = std::move(fresh);
    }
    return ctx.get();
}

bool isPem(QByteArrayView key)
{
    return key.startsWith("-----BEGIN");
}

Owned<EVP_PKEY> readPublicKey(QByteArrayView key)
{
    if (isPem(key)) {
        Owned<BIO> bio(BIO_new_mem_buf(key.data(), int(key.size())));
        return Owned<EVP_PKEY>(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    }
    auto *p = reinterpret_cast<const unsigned char *>(key.data());
    return Owned<EVP_PKEY>(d2i_PUBKEY(nullptr, &p, long(key.size())));
}

Owned<EVP_PKEY> readPrivateKey(QByteArrayView key)
{
    if (isPem(key)) {
        Owned<BIO> bio(BIO_new_mem_buf(key.data(), int(key.size())));
        return Owned<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    }
    auto *p = reinterpret_cast<const unsigned char *>(key.data());
    return Owned<EVP_PKEY>(d2i_AutoPrivateKey(nullptr, &p, long(key.size())));
}

bool isP256(EVP_PKEY *key)
{
    if (!key || !EVP_PKEY_is_a(key, "EC"))
        return false;
    char group[64] = {};
    size_t length = 0;
    return EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                          &length) == 1 &&
           QByteArrayView(group, qsizetype(length)) == "prime256v1";
}

bool digestVerify(EVP_PKEY *key, const EVP_MD *md, QByteArrayView message, QByteArrayView signature)
{
    Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(message.data()),
                            size_t(message.size())) == 1;
}

QByteArray digestSign(EVP_PKEY *key, const EVP_MD *md, QByteArrayView message)
{
    Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return {};
    auto *data = reinterpret_cast<const unsigned char *>(message.data());
    size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, data, size_t(message.size())) != 1)
        return {};
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       data, size_t(message.size())) != 1)
        return {};
    signature.truncate(qsizetype(length));
    return signature;
}

Owned<EVP_PKEY> ed25519Private(QByteArrayView privateKey)
{
    // NaCl / libsodium write the 32-byte seed followed by the public key.
    if (privateKey.size() != 32 && privateKey.size() != 64)
        return nullptr;
    return Owned<EVP_PKEY>(EVP_PKEY_new_raw_private_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(privateKey.data()), 32));
}

QByteArray derOf(EVP_PKEY *key, bool privatePart)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    const int ok =
        privatePart ? i2d_PKCS8PrivateKey_bio(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                    : i2d_PUBKEY_bio(bio.get(), key);
    if (ok != 1)
        return {};
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(length));
}

QByteArray rawKey(EVP_PKEY *key, bool privatePart)
{
    unsigned char buffer[32];
    size_t length = sizeof buffer;
    const int ok = privatePart ? EVP_PKEY_get_raw_private_key(key, buffer, &length)
                               : EVP_PKEY_get_raw_public_key(key, buffer, &length);
    return ok == 1 ? QByteArray(reinterpret_cast<const char *>(buffer), qsizetype(length))
                   : QByteArray();
}

} // namespace

int hmacSize(SignatureAlgorithm algorithm)
{
    switch (algorithm) {
    case SignatureAlgorithm::HmacSha1:
        return 20;
    case SignatureAlgorithm::HmacSha256:
        return 32;
    case SignatureAlgorithm::HmacSha512:
        return 64;
    default:
        return 0;
    }
}

QByteArray hmac(SignatureAlgorithm algorithm, QByteArrayView key,
                const QList<QByteArrayView> &pieces)
{
    EVP_MAC_CTX *ctx = hmacContext(algorithm);
    // An empty key is a valid HMAC key; OpenSSL wants a non-null pointer for it.
    static const unsigned char emptyKey = 0;
    const auto *keyData =
        key.isEmpty() ? &emptyKey : reinterpret_cast<const unsigned char *>(key.data());
    if (!ctx || EVP_MAC_init(ctx, keyData, size_t(key.size()), nullptr) != 1)
        return {};
    for (const QByteArrayView piece : pieces) {
        if (!piece.isEmpty() &&
            EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(piece.data()),
                           size_t(piece.size())) != 1)
            return {};
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (EVP_MAC_final(ctx, out, &length, sizeof out) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

QByteArray hmac(SignatureAlgorithm algorithm, QByteArrayView key, QByteArrayView data)
{
    return hmac(algorithm, key, QList<QByteArrayView>{data});
}

bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    const ErrorQueueGuard clearErrors;
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    Owned<EVP_PKEY> key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(publicKey.data()), 32));
    return key && digestVerify(key.get(), nullptr, message, signature);
}

QByteArray ed25519Sign(QByteArrayView privateKey, QByteArrayView message)
{
    const ErrorQueueGuard clearErrors;
    Owned<EVP_PKEY> key = ed25519Private(privateKey);
    return key ? digestSign(key.get(), nullptr, message) : QByteArray();
}

bool ecdsaP256Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    const ErrorQueueGuard clearErrors;
    Owned<EVP_PKEY> key = readPublicKey(publicKey);
    return isP256(key.get()) && !signature.isEmpty() &&
           digestVerify(key.get(), EVP_sha256(), message, signature);
}

QByteArray ecdsaP256Sign(QByteArrayView privateKey, QByteArrayView message)
{
    const ErrorQueueGuard clearErrors;
    Owned<EVP_PKEY> key = readPrivateKey(privateKey);
    return isP256(key.get()) ? digestSign(key.get(), EVP_sha256(), message) : QByteArray();
}

QByteArray ecdsaP256PublicKey(QByteArrayView key)
{
    const ErrorQueueGuard clearErrors;
    Owned<EVP_PKEY> publicKey = readPublicKey(key);
    if (isP256(publicKey.get()))
        return derOf(publicKey.get(), false);
    Owned<EVP_PKEY> privateKey = readPrivateKey(key);
    return isP256(privateKey.get()) ? derOf(privateKey.get(), false) : QByteArray();
}

KeyPair generateKeyPair(SignatureAlgorithm algorithm)
{
    const ErrorQueueGuard clearErrors;
    KeyPair pair;
    if (algorithm == SignatureAlgorithm::Ed25519) {
        Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        if (key) {
            pair.privateKey = rawKey(key.get(), true);
            pair.publicKey = rawKey(key.get(), false);
        }
    } else if (algorithm == SignatureAlgorithm::EcdsaP256Sha256) {
        Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", const_cast<char *>("P-256")));
        if (key) {
            pair.privateKey = derOf(key.get(), true);
            pair.publicKey = derOf(key.get(), false);
        }
    }
    return pair;
}

QByteArray publicKeyOf(SignatureAlgorithm algorithm, QByteArrayView privateKey)
{
    const ErrorQueueGuard clearErrors;
    if (algorithm == SignatureAlgorithm::Ed25519) {
        Owned<EVP_PKEY> key = ed25519Private(privateKey);
        return key ? rawKey(key.get(), false) : QByteArray();
    }
    if (algorithm == SignatureAlgorithm::EcdsaP256Sha256) {
        Owned<EVP_PKEY> key = readPrivateKey(privateKey);
        return isP256(key.get()) ? derOf(key.get(), false) : QByteArray();
    }
    return {};
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (count < 0 || RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        return {};
    return bytes;
}

QByteArray sha256(QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), size_t(data.size()), out, &length, EVP_sha256(), nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

} // namespace hookscope::signcrypto
