#include "signature_signer.h"

#include "signature_computer.h"
#include "signature_crypto.h"
#include "signature_header_parser.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace hookscope {

namespace {

QByteArray timestampText(TimestampFormat format, qint64 seconds)
{
    switch (format) {
    case TimestampFormat::UnixSeconds:
        return QByteArray::number(seconds);
    case TimestampFormat::UnixMilliseconds:
        return QByteArray::number(seconds * 1000);
    case TimestampFormat::Rfc3339:
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)
            .toString(Qt::ISODateWithMs)
            .toLatin1();
    }
    return {};
}

bool isJson(const QByteArray &body)
{
    QJsonParseError error{};
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError;
}

QJsonValue valueAt(const QJsonObject &root, const QStringList &path)
{
    QJsonValue value = root;
    for (const QString &key : path)
        value = value.toObject().value(key);
    return value;
}

QJsonObject withValueAt(QJsonObject root, QStringList path, const QJsonValue &value)
{
    const QString key = path.takeFirst();
    root.insert(key, path.isEmpty() ? value : withValueAt(root.value(key).toObject(), path, value));
    return root;
}

// Mailgun-like schemes carry the signature inside the JSON body: the timestamp and token
// fields are filled in when absent, then the signature field is set.
bool signInsideBody(const SignatureScheme &scheme, const QByteArray &key, qint64 timestamp,
                    SignedContentInputs inputs, SignResult *r)
{
    QJsonObject root;
    if (!r->body.trimmed().isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(r->body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            r->error = QStringLiteral("%1 signs inside a JSON object body; this body is not one")
                           .arg(scheme.id);
            return false;
        }
        root = document.object();
    }
    const QChar dot = QLatin1Char('.');
    if (scheme.timestampLocation == TimestampLocation::JsonBody) {
        const QStringList path = scheme.timestampJsonPath.split(dot);
        if (!valueAt(root, path).isString() && !valueAt(root, path).isDouble())
            root = withValueAt(
                root, path, QString::fromLatin1(timestampText(scheme.timestampFormat, timestamp)));
    }
    if (!scheme.tokenJsonPath.isEmpty()) {
        const QStringList path = scheme.tokenJsonPath.split(dot);
        if (!valueAt(root, path).isString())
            root =
                withValueAt(root, path, QString::fromLatin1(signcrypto::randomBytes(25).toHex()));
    }
    // The fields are read back exactly as the verifier reads them.
    const QByteArray unsignedBody = QJsonDocument(root).toJson(QJsonDocument::Compact);
    if (scheme.timestampLocation == TimestampLocation::JsonBody)
        SignatureHeaderParser::jsonText(unsignedBody, scheme.timestampJsonPath, &inputs.timestamp);
    if (!scheme.tokenJsonPath.isEmpty())
        SignatureHeaderParser::jsonText(unsignedBody, scheme.tokenJsonPath, &inputs.token);
    inputs.body = unsignedBody;
    QByteArrayList storage;
    const QByteArray mac = SignatureComputer::compute(
        scheme.algorithm, key,
        SignatureComputer::contentPieces(scheme.contentTemplate, inputs, &storage));
    if (mac.isEmpty()) {
        r->error = QStringLiteral("signing failed");
        return false;
    }
    const QByteArray value = SignatureComputer::headerValue(
        scheme, SignatureHeaderParser::encode(scheme.encoding, mac), inputs.timestamp);
    root = withValueAt(root, scheme.signatureJsonPath.split(dot), QString::fromLatin1(value));
    r->body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return true;
}

} // namespace

SignResult SignatureSigner::sign(const SignatureScheme &scheme, const QByteArray &secret,
                                 const QByteArray &body, const SignOptions &options)
{
    SignResult r;
    r.body = body;
    r.url = options.url;
    QByteArray key;
    QString error;
    if (!SignatureComputer::decodeSecret(scheme, secret, true, &key, &error)) {
        r.error = QStringLiteral("bad secret for %1: %2").arg(scheme.id, error);
        return r;
    }
    const qint64 seconds =
        options.timestamp != 0 ? options.timestamp : QDateTime::currentSecsSinceEpoch();
    const QByteArray signatureHeader = !options.signatureHeader.isEmpty()
                                           ? options.signatureHeader
                                           : scheme.signatureHeaders.value(0);
    if (scheme.algorithm == SignatureAlgorithm::SharedSecret) {
        r.headers.append({signatureHeader, secret});
        r.ok = true;
        return r;
    }
    const bool insideBody = scheme.signatureHeaders.isEmpty() && options.signatureHeader.isEmpty();

    SignedContentInputs inputs;
    if (scheme.needsId()) {
        inputs.id =
            !options.id.isEmpty() ? options.id : "msg_" + signcrypto::randomBytes(12).toHex();
        r.headers.append({scheme.idHeaders.constFirst(), inputs.id});
    }
    if (scheme.timestampLocation == TimestampLocation::JsonBody) {
        if (!insideBody &&
            !SignatureHeaderParser::jsonText(body, scheme.timestampJsonPath, &inputs.timestamp)) {
            r.error = QStringLiteral("%1 reads the timestamp from the body's %2 field; the body "
                                     "has none")
                          .arg(scheme.id, scheme.timestampJsonPath);
            return r;
        }
    } else if (scheme.needsTimestamp()) {
        inputs.timestamp = timestampText(scheme.timestampFormat, seconds);
        if (scheme.timestampLocation == TimestampLocation::Header)
            r.headers.append({scheme.timestampHeaders.constFirst(), inputs.timestamp});
    }
    if (scheme.needsUrl) {
        if (options.url.isEmpty()) {
            r.error = QStringLiteral("%1 signs the target URL: give it (--url)").arg(scheme.id);
            return r;
        }
        inputs.url = options.url;
        if (scheme.contentTemplate.contains("{form}")) {
            QByteArray existing;
            if (SignatureComputer::queryValue(options.url, "bodySHA256", &existing) ||
                (!body.isEmpty() && isJson(body))) {
                r.url = SignatureComputer::withQueryValue(options.url, "bodySHA256",
                                                          signcrypto::sha256(body).toHex());
                inputs.url = r.url;
            } else {
                inputs.form = SignatureHeaderParser::parseForm(body);
            }
        }
    }
    if (insideBody) {
        r.ok = signInsideBody(scheme, key, seconds, inputs, &r);
        return r;
    }
    if (scheme.contentTemplate.contains("{token}") &&
        !SignatureHeaderParser::jsonText(body, scheme.tokenJsonPath, &inputs.token)) {
        r.error = QStringLiteral("the body has no %1 field").arg(scheme.tokenJsonPath);
        return r;
    }
    inputs.body = body;
    QByteArrayList storage;
    const QByteArray signature = SignatureComputer::compute(
        scheme.algorithm, key,
        SignatureComputer::contentPieces(scheme.contentTemplate, inputs, &storage));
    if (signature.isEmpty()) {
        r.error = QStringLiteral("signing failed");
        return r;
    }
    r.headers.append(
        {signatureHeader,
         SignatureComputer::headerValue(
             scheme, SignatureHeaderParser::encode(scheme.encoding, signature), inputs.timestamp)});
    r.ok = true;
    return r;
}

GeneratedSecret SignatureSigner::generateSecret(const SignatureScheme &scheme)
{
    GeneratedSecret secret;
    auto encode = [&scheme](const QByteArray &bytes) {
        return scheme.secretFormat == SecretFormat::Hex ? bytes.toHex() : bytes.toBase64();
    };
    if (scheme.isAsymmetric()) {
        const signcrypto::KeyPair pair = signcrypto::generateKeyPair(scheme.algorithm);
        if (pair.privateKey.isEmpty())
            return {};
        const QByteArray signingPrefix =
            scheme.signingSecretPrefix.isEmpty() ? scheme.secretPrefix : scheme.signingSecretPrefix;
        secret.signingSecret = signingPrefix + encode(pair.privateKey);
        secret.verifyingSecret = scheme.secretPrefix + encode(pair.publicKey);
        return secret;
    }
    const QByteArray bytes = signcrypto::randomBytes(32);
    if (bytes.isEmpty())
        return {};
    secret.signingSecret = scheme.secretFormat == SecretFormat::Utf8
                               ? bytes.toHex()
                               : scheme.secretPrefix + encode(bytes);
    secret.verifyingSecret = secret.signingSecret;
    return secret;
}

} // namespace hookscope
