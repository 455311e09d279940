#pragma once

#include "signature_scheme.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Thin wrappers over OpenSSL 3 (EVP_MAC, EVP_PKEY, RAND_bytes). Every function returns an
// empty result or false on any error (bad key, wrong length): nothing throws.
namespace hookscope::signcrypto {

// HMAC over the concatenation of `pieces`, fed piece by piece (a 1 MiB body is not copied).
// algorithm must be HmacSha1/256/512.
QByteArray hmac(SignatureAlgorithm algorithm, QByteArrayView key,
                const QList<QByteArrayView> &pieces);
QByteArray hmac(SignatureAlgorithm algorithm, QByteArrayView key, QByteArrayView data);
int hmacSize(SignatureAlgorithm algorithm);

// Ed25519 with raw 32-byte keys (a 64-byte private key is seed + public key, as NaCl writes it).
bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);
QByteArray ed25519Sign(QByteArrayView privateKey, QByteArrayView message);

// ECDSA P-256 with SHA-256; keys as DER (SPKI public, PKCS#8 or SEC1 private) or PEM text;
// signatures DER-encoded as SendGrid sends them.
bool ecdsaP256Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);
QByteArray ecdsaP256Sign(QByteArrayView privateKey, QByteArrayView message);
// SPKI DER of a P-256 public key given as a public or a private key; empty when neither.
QByteArray ecdsaP256PublicKey(QByteArrayView key);

struct KeyPair
{
    QByteArray privateKey; // Ed25519: raw 32-byte seed; ECDSA: PKCS#8 DER
    QByteArray publicKey;  // Ed25519: raw 32 bytes; ECDSA: SPKI DER
};
KeyPair generateKeyPair(SignatureAlgorithm algorithm);
// The public key that belongs to a private one (same encodings as KeyPair).
QByteArray publicKeyOf(SignatureAlgorithm algorithm, QByteArrayView privateKey);

// Cryptographically secure random bytes (RAND_bytes); empty when the generator fails.
QByteArray randomBytes(int count);

QByteArray sha256(QByteArrayView data);

} // namespace hookscope::signcrypto
