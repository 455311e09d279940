#include "signature_computer.h"

#include "signature_crypto.h"
#include "signature_header_parser.h"

#include <algorithm>
#include <map>
#include <set>

namespace hookscope {

namespace {

const char *const kinds[] = {"id", "timestamp", "body", "url", "form", "token"};

QByteArray twilioForm(const QList<std::pair<QByteArray, QByteArray>> &form)
{
    // twilio-python: sorted(set(names)), then for each name sorted(set(values)).
    std::map<QByteArray, std::set<QByteArray>> byName;
    for (const auto &[name, value] : form)
        byName[name].insert(value);
    QByteArray out;
    for (const auto &[name, values] : byName) {
        for (const QByteArray &value : values)
            out += name + value;
    }
    return out;
}

// Authority bounds of "scheme://authority/...": [start, end).
bool authority(const QByteArray &url, qsizetype *start, qsizetype *end)
{
    const qsizetype sep = url.indexOf("://");
    if (sep <= 0)
        return false;
    *start = sep + 3;
    qsizetype e = *start;
    while (e < url.size() && url[e] != '/' && url[e] != '?' && url[e] != '#')
        ++e;
    *end = e;
    return true;
}

} // namespace

bool SignatureComputer::decodeSecret(const SignatureScheme &scheme, const QByteArray &secret,
                                     bool signing, QByteArray *key, QString *error)
{
    if (secret.isEmpty()) {
        *error = QStringLiteral("the secret is empty");
        return false;
    }
    if (scheme.secretFormat == SecretFormat::Utf8 ||
        scheme.algorithm == SignatureAlgorithm::SharedSecret) {
        *key = secret;
        return true;
    }
    QByteArray text = secret.trimmed();
    bool privateGiven = false; // "whsk_": a signing key, even where a public one is expected
    if (!scheme.signingSecretPrefix.isEmpty() && text.startsWith(scheme.signingSecretPrefix)) {
        text = text.mid(scheme.signingSecretPrefix.size());
        privateGiven = true;
    } else if (!scheme.secretPrefix.isEmpty() && text.startsWith(scheme.secretPrefix)) {
        text = text.mid(scheme.secretPrefix.size());
    }
    QByteArray bytes;
    if (text.startsWith("-----BEGIN")) {
        bytes = text; // PEM, read by OpenSSL as it is
    } else {
        const SignatureEncoding encoding = scheme.secretFormat == SecretFormat::Hex
                                               ? SignatureEncoding::Hex
                                               : SignatureEncoding::Base64;
        if (!SignatureHeaderParser::decode(encoding, text, &bytes)) {
            const QByteArray prefix =
                text.size() == secret.trimmed().size()
                    ? QByteArray()
                    : secret.trimmed().left(secret.trimmed().size() - text.size());
            *error =
                QStringLiteral("the secret is not valid %1%2")
                    .arg(encoding == SignatureEncoding::Hex ? QStringLiteral("hex")
                                                            : QStringLiteral("base64"),
                         prefix.isEmpty()
                             ? QString()
                             : QStringLiteral(" after \"%1\"").arg(QString::fromLatin1(prefix)));
            return false;
        }
    }
    if (scheme.minimumKeyBytes > 0 && bytes.size() < scheme.minimumKeyBytes) {
        *error = QStringLiteral("the decoded secret is %1 bytes; %2 needs at least %3")
                     .arg(bytes.size())
                     .arg(scheme.id)
                     .arg(scheme.minimumKeyBytes);
        return false;
    }
    if (!scheme.isAsymmetric()) {
        *key = bytes;
        return true;
    }
    const bool ed = scheme.algorithm == SignatureAlgorithm::Ed25519;
    if (signing) {
        if (signcrypto::publicKeyOf(scheme.algorithm, bytes).isEmpty()) {
            *error = ed ? QStringLiteral("an Ed25519 private key is 32 bytes (or 64: seed and "
                                         "public key); this one is %1")
                              .arg(bytes.size())
                        : QStringLiteral("the secret is not an ECDSA P-256 private key "
                                         "(PKCS#8 or SEC1 DER, or PEM)");
            return false;
        }
        *key = bytes;
        return true;
    }
    // Verifying: a private key given instead of the public one still verifies.
    if (ed) {
        if (privateGiven || bytes.size() == 64) {
            *key = signcrypto::publicKeyOf(scheme.algorithm, bytes);
        } else if (bytes.size() == 32) {
            *key = bytes;
        } else {
            key->clear();
        }
        if (key->isEmpty()) {
            *error = QStringLiteral("an Ed25519 public key is 32 bytes; this one is %1")
                         .arg(bytes.size());
            return false;
        }
        return true;
    }
    *key = signcrypto::ecdsaP256PublicKey(bytes);
    if (key->isEmpty()) {
        *error = QStringLiteral("the secret is not an ECDSA P-256 public key (SPKI DER or PEM)");
        return false;
    }
    return true;
}

QList<QByteArrayView> SignatureComputer::contentPieces(const QByteArray &contentTemplate,
                                                       const SignedContentInputs &inputs,
                                                       QByteArrayList *storage)
{
    QList<QByteArrayView> pieces;
    storage->reserve(storage->size() + 8); // views into storage must not move
    qsizetype at = 0;
    while (at < contentTemplate.size()) {
        const qsizetype open = contentTemplate.indexOf('{', at);
        if (open < 0) {
            pieces << QByteArrayView(contentTemplate).sliced(at);
            break;
        }
        const qsizetype close = contentTemplate.indexOf('}', open);
        if (close < 0) {
            pieces << QByteArrayView(contentTemplate).sliced(at);
            break;
        }
        const QByteArrayView name =
            QByteArrayView(contentTemplate).sliced(open + 1, close - open - 1);
        int kind = -1;
        for (int i = 0; i < int(std::size(kinds)); ++i) {
            if (name == kinds[i])
                kind = i;
        }
        if (kind < 0) { // not a placeholder: literal text
            pieces << QByteArrayView(contentTemplate).sliced(at, close + 1 - at);
            at = close + 1;
            continue;
        }
        if (open > at)
            pieces << QByteArrayView(contentTemplate).sliced(at, open - at);
        switch (kind) {
        case 0:
            pieces << QByteArrayView(inputs.id);
            break;
        case 1:
            pieces << QByteArrayView(inputs.timestamp);
            break;
        case 2:
            pieces << inputs.body;
            break;
        case 3:
            pieces << QByteArrayView(inputs.url);
            break;
        case 4:
            storage->append(twilioForm(inputs.form));
            pieces << QByteArrayView(storage->constLast());
            break;
        case 5:
            pieces << QByteArrayView(inputs.token);
            break;
        }
        at = close + 1;
    }
    return pieces;
}

QByteArray SignatureComputer::join(const QList<QByteArrayView> &pieces)
{
    qsizetype size = 0;
    for (const QByteArrayView piece : pieces)
        size += piece.size();
    QByteArray out;
    out.reserve(size);
    for (const QByteArrayView piece : pieces)
        out.append(piece);
    return out;
}

QByteArray SignatureComputer::compute(SignatureAlgorithm algorithm, const QByteArray &key,
                                      const QList<QByteArrayView> &pieces)
{
    switch (algorithm) {
    case SignatureAlgorithm::HmacSha1:
    case SignatureAlgorithm::HmacSha256:
    case SignatureAlgorithm::HmacSha512:
        return signcrypto::hmac(algorithm, key, pieces);
    case SignatureAlgorithm::Ed25519:
        return signcrypto::ed25519Sign(key, join(pieces));
    case SignatureAlgorithm::EcdsaP256Sha256:
        return signcrypto::ecdsaP256Sign(key, join(pieces));
    case SignatureAlgorithm::SharedSecret:
        return key;
    }
    return {};
}

bool SignatureComputer::verifyAsymmetric(SignatureAlgorithm algorithm, const QByteArray &publicKey,
                                         const QList<QByteArrayView> &pieces,
                                         const QByteArray &signature)
{
    if (algorithm == SignatureAlgorithm::Ed25519)
        return signcrypto::ed25519Verify(publicKey, join(pieces), signature);
    if (algorithm == SignatureAlgorithm::EcdsaP256Sha256)
        return signcrypto::ecdsaP256Verify(publicKey, join(pieces), signature);
    return false;
}

QByteArray SignatureComputer::headerValue(const SignatureScheme &scheme, const QByteArray &encoded,
                                          const QByteArray &timestamp)
{
    if (scheme.headerFormat == SignatureHeaderFormat::KeyValue) {
        QByteArray value;
        if (!scheme.timestampKey.isEmpty())
            value = scheme.timestampKey + '=' + timestamp + scheme.pairSeparator;
        return value + scheme.signatureKey + '=' + encoded;
    }
    return scheme.prefix + encoded;
}

QByteArrayList SignatureComputer::urlVariants(const QByteArray &url)
{
    QByteArrayList variants{url};
    qsizetype start = 0, end = 0;
    if (!authority(url, &start, &end))
        return variants;
    const QByteArray host = url.mid(start, end - start);
    const qsizetype colon = host.lastIndexOf(':');
    const bool hasPort = colon >= 0 && colon > host.lastIndexOf(']');
    if (hasPort) {
        variants << url.left(start) + host.left(colon) + url.mid(end);
    } else {
        const QByteArray port =
            url.startsWith("https:") ? QByteArrayLiteral(":443") : QByteArrayLiteral(":80");
        variants << url.left(end) + port + url.mid(end);
    }
    return variants;
}

bool SignatureComputer::queryValue(const QByteArray &url, QByteArrayView name, QByteArray *value)
{
    const qsizetype question = url.indexOf('?');
    if (question < 0)
        return false;
    QByteArray query = url.mid(question + 1);
    const qsizetype hash = query.indexOf('#');
    if (hash >= 0)
        query.truncate(hash);
    for (const auto &[key, v] : SignatureHeaderParser::parseForm(query)) {
        if (key == name) {
            *value = v;
            return true;
        }
    }
    return false;
}

QByteArray SignatureComputer::withQueryValue(const QByteArray &url, QByteArrayView name,
                                             const QByteArray &value)
{
    QByteArray base = url;
    QByteArray fragment;
    const qsizetype hash = base.indexOf('#');
    if (hash >= 0) {
        fragment = base.mid(hash);
        base.truncate(hash);
    }
    const qsizetype question = base.indexOf('?');
    QByteArrayList kept;
    if (question >= 0) {
        for (const QByteArray &item : base.mid(question + 1).split('&')) {
            if (!item.isEmpty() && !item.startsWith(QByteArray(name.toByteArray() + "=")))
                kept << item;
        }
        base.truncate(question);
    }
    kept << name.toByteArray() + '=' + value;
    return base + '?' + kept.join('&') + fragment;
}

} // namespace hookscope
