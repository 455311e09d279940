#pragma once

#include "signature_scheme.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QString>
#include <utility>

namespace hookscope {

// What the signed-content template is filled with.
struct SignedContentInputs
{
    QByteArray id;
    QByteArray timestamp; // as written on the wire
    QByteArray token;
    QByteArray url;
    QByteArrayView body;
    QList<std::pair<QByteArray, QByteArray>> form; // {form}: Twilio's parameters
};

// The steps the verifier and the signer share: secret decoding, the signed content, the MAC
// or signature itself and the header value around it.
class SignatureComputer
{
public:
    // Key bytes for `secret` as the scheme reads it. For asymmetric schemes `signing` selects
    // the private key; verifying with a private key uses the public key derived from it.
    static bool decodeSecret(const SignatureScheme &scheme, const QByteArray &secret, bool signing,
                             QByteArray *key, QString *error);

    // The template's pieces in order; views into `inputs` and `storage` (kept alive by the
    // caller), so a large body is never copied.
    static QList<QByteArrayView> contentPieces(const QByteArray &contentTemplate,
                                               const SignedContentInputs &inputs,
                                               QByteArrayList *storage);
    static QByteArray join(const QList<QByteArrayView> &pieces);

    // HMAC (symmetric) or signature (asymmetric, private key) of the content; empty on error.
    static QByteArray compute(SignatureAlgorithm algorithm, const QByteArray &key,
                              const QList<QByteArrayView> &pieces);
    // Asymmetric check of one decoded signature with a public key.
    static bool verifyAsymmetric(SignatureAlgorithm algorithm, const QByteArray &publicKey,
                                 const QList<QByteArrayView> &pieces, const QByteArray &signature);

    // The signature header value carrying `encoded`: "sha256=<hex>", "v1,<b64>", "t=..,v1=..".
    static QByteArray headerValue(const SignatureScheme &scheme, const QByteArray &encoded,
                                  const QByteArray &timestamp);

    // Twilio's URL spellings: as given, with the default port and without it.
    static QByteArrayList urlVariants(const QByteArray &url);
    // The value of a query parameter of `url`; false when absent.
    static bool queryValue(const QByteArray &url, QByteArrayView name, QByteArray *value);
    // `url` without any `name` parameter, then `name=value` appended.
    static QByteArray withQueryValue(const QByteArray &url, QByteArrayView name,
                                     const QByteArray &value);
};

} // namespace hookscope
