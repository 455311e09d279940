#include "signature_verifier.h"

#include "constant_time.h"
#include "json_reformatter.h"
#include "signature_computer.h"
#include "signature_crypto.h"
#include "signature_header_parser.h"
#include "signature_scheme_registry.h"

#include <QDateTime>

namespace hookscope {

namespace {

QString latin1(const QByteArray &name)
{
    return QString::fromLatin1(name);
}

QString jsonFieldLabel(const QString &path)
{
    return QStringLiteral("JSON field %1 of the body").arg(path);
}

QString headerList(const QByteArrayList &names)
{
    QStringList list;
    for (const QByteArray &name : names)
        list << latin1(name);
    return list.join(QStringLiteral(" or "));
}

// Everything read from the request, shared by the check and the hints.
struct Context
{
    SignatureScheme scheme; // with the header override / legacy header applied
    QString signatureLabel; // header name or JSON field, for messages
    QByteArray rawSignature;
    QByteArrayList candidates; // encoded signatures from the header
    QList<QByteArray> decoded; // same order; null when not decodable
    SignedContentInputs inputs;
    QByteArrayList urls{QByteArray()};
    QList<QByteArray> keys; // decoded secrets; null when the secret is unusable
};

bool matches(const Context &c, const QByteArray &key, const SignedContentInputs &inputs,
             const QList<QByteArray> &signatures, int *matched, QByteArray *expected = nullptr)
{
    QByteArrayList storage;
    const QList<QByteArrayView> pieces =
        SignatureComputer::contentPieces(c.scheme.contentTemplate, inputs, &storage);
    if (c.scheme.isAsymmetric()) {
        for (int j = 0; j < signatures.size(); ++j) {
            if (!signatures[j].isNull() && SignatureComputer::verifyAsymmetric(
                                               c.scheme.algorithm, key, pieces, signatures[j])) {
                *matched = j;
                return true;
            }
        }
        return false;
    }
    const QByteArray mac = SignatureComputer::compute(c.scheme.algorithm, key, pieces);
    if (expected)
        *expected = mac;
    if (mac.isEmpty())
        return false;
    for (int j = 0; j < signatures.size(); ++j) {
        // A shared secret's length is secret too; a MAC's is not.
        const bool equal = c.scheme.algorithm == SignatureAlgorithm::SharedSecret
                               ? constantTimeEquals(mac, signatures[j])
                               : macEquals(mac, signatures[j]);
        if (!signatures[j].isNull() && equal) {
            *matched = j;
            return true;
        }
    }
    return false;
}

// Any key, any URL spelling.
bool anyMatch(const Context &c, const QList<QByteArray> &keys, const SignedContentInputs &base,
              const QList<QByteArray> &signatures)
{
    for (const QByteArray &key : keys) {
        if (key.isNull())
            continue;
        for (const QByteArray &url : c.urls) {
            SignedContentInputs inputs = base;
            inputs.url = url;
            int matched = -1;
            if (matches(c, key, inputs, signatures, &matched))
                return true;
        }
    }
    return false;
}

void collectHints(const Context &c, const QList<QByteArray> &secrets, const HeaderList &headers,
                  const QByteArray &body, const VerifyOptions &options, VerifyResult *r)
{
    const SignatureScheme &s = c.scheme;
    if (!c.candidates.isEmpty() && s.algorithm != SignatureAlgorithm::SharedSecret) {
        // The body as the sender may have signed it.
        if (s.contentTemplate.contains("{body}")) {
            struct Variant
            {
                JsonReformatter::Style style;
                const char *name;
            };
            const Variant variants[] = {
                {JsonReformatter::Style::Minified, "minified"},
                {JsonReformatter::Style::Indented2, "pretty-printed (2 spaces)"},
                {JsonReformatter::Style::Indented4, "pretty-printed (4 spaces)"},
                {JsonReformatter::Style::PythonSpaced, "re-serialised with \", \" and \": \""},
            };
            for (const Variant &variant : variants) {
                const QByteArray reformatted = JsonReformatter::reformat(body, variant.style);
                if (reformatted.isEmpty() || reformatted == body)
                    continue;
                SignedContentInputs inputs = c.inputs;
                inputs.body = reformatted;
                if (anyMatch(c, c.keys, inputs, c.decoded)) {
                    r->hints.append(
                        {SignatureHintKind::ReserializedJson,
                         QStringLiteral("the signature matches the JSON body %1, not the raw "
                                        "bytes received: the sender signs re-serialised JSON "
                                        "(e.g. JSON.stringify of the parsed body); it must "
                                        "sign the exact bytes it sends")
                             .arg(QLatin1String(variant.name)),
                         QString::fromLatin1(variant.name)});
                    break;
                }
            }
            QList<std::pair<QByteArray, const char *>> newlineVariants;
            if (body.endsWith("\r\n"))
                newlineVariants.append({body.chopped(2), "without its trailing CRLF"});
            else if (body.endsWith('\n'))
                newlineVariants.append({body.chopped(1), "without its trailing newline"});
            newlineVariants.append({body + '\n', "with a trailing newline added"});
            for (const auto &[variantBody, name] : newlineVariants) {
                SignedContentInputs inputs = c.inputs;
                inputs.body = variantBody;
                if (anyMatch(c, c.keys, inputs, c.decoded)) {
                    r->hints.append({SignatureHintKind::TrailingNewline,
                                     QStringLiteral("the signature matches the body %1: a proxy "
                                                    "or the sender changed the line ending")
                                         .arg(QLatin1String(name)),
                                     QString::fromLatin1(name)});
                    break;
                }
            }
        }
        // The other encoding.
        const SignatureEncoding other = s.encoding == SignatureEncoding::Hex
                                            ? SignatureEncoding::Base64
                                            : SignatureEncoding::Hex;
        QList<QByteArray> otherDecoded;
        for (const QByteArray &candidate : c.candidates) {
            QByteArray bytes;
            otherDecoded << (SignatureHeaderParser::decode(other, candidate, &bytes)
                                 ? bytes
                                 : QByteArray());
        }
        if (anyMatch(c, c.keys, c.inputs, otherDecoded)) {
            const QString otherName = SignatureScheme::encodingName(other);
            r->hints.append({SignatureHintKind::OtherEncoding,
                             QStringLiteral("the signature is right but encoded in %1; %2 "
                                            "expects %3")
                                 .arg(otherName, s.id, SignatureScheme::encodingName(s.encoding)),
                             otherName});
        }
        // The whsec_ prefix handled the other way.
        QList<QByteArray> kept, stripped;
        static const QByteArray whsec = QByteArrayLiteral("whsec_");
        for (const QByteArray &secret : secrets) {
            if (!secret.startsWith(whsec))
                continue;
            if (s.secretFormat == SecretFormat::Base64 && s.secretPrefix == whsec) {
                kept << secret;
            } else if (s.secretFormat == SecretFormat::Utf8) {
                QByteArray decoded;
                if (SignatureHeaderParser::decode(SignatureEncoding::Base64, secret.mid(6),
                                                  &decoded))
                    stripped << decoded;
                stripped << secret.mid(6);
            }
        }
        if (!kept.isEmpty() && anyMatch(c, kept, c.inputs, c.decoded)) {
            r->hints.append({SignatureHintKind::WhsecPrefix,
                             QStringLiteral("the signature matches the whole secret, \"whsec_\" "
                                            "included, used as text: the sender does not strip "
                                            "the prefix and base64-decode the rest"),
                             QStringLiteral("kept")});
        } else if (!stripped.isEmpty() && anyMatch(c, stripped, c.inputs, c.decoded)) {
            r->hints.append({SignatureHintKind::WhsecPrefix,
                             QStringLiteral("the signature matches the secret with \"whsec_\" "
                                            "stripped (Standard Webhooks style); %1 uses the "
                                            "whole secret as text")
                                 .arg(s.id),
                             QStringLiteral("stripped")});
        }
    }
    // Another preset reading the same header.
    if (!r->signatureHeader.isEmpty()) {
        VerifyOptions quiet = options;
        quiet.hints = false;
        quiet.toleranceSeconds = 0;
        quiet.signatureHeader.clear();
        for (const SignatureScheme &preset : SignatureSchemeRegistry::presets()) {
            if (preset.id == s.id)
                continue;
            bool sameHeader =
                preset.legacySignatureHeader.compare(r->signatureHeader, Qt::CaseInsensitive) == 0;
            for (const QByteArray &name : preset.signatureHeaders)
                sameHeader =
                    sameHeader || name.compare(r->signatureHeader, Qt::CaseInsensitive) == 0;
            if (!sameHeader)
                continue;
            if (SignatureVerifier::verify(preset, secrets, headers, body, quiet).valid) {
                r->hints.append({SignatureHintKind::OtherScheme,
                                 QStringLiteral("the signature matches the %1 scheme (%2)")
                                     .arg(preset.id, preset.description),
                                 preset.id});
                break;
            }
        }
    }
}

} // namespace

QString VerifyResult::failureName(VerifyFailure failure)
{
    switch (failure) {
    case VerifyFailure::None:
        return QStringLiteral("none");
    case VerifyFailure::MissingHeader:
        return QStringLiteral("missing header");
    case VerifyFailure::MalformedHeader:
        return QStringLiteral("malformed header");
    case VerifyFailure::BadSecret:
        return QStringLiteral("bad secret");
    case VerifyFailure::MissingUrl:
        return QStringLiteral("missing URL");
    case VerifyFailure::TimestampOutsideTolerance:
        return QStringLiteral("timestamp outside tolerance");
    case VerifyFailure::SignatureMismatch:
        return QStringLiteral("signature mismatch");
    }
    return {};
}

QString VerifyResult::summary() const
{
    if (!valid)
        return QStringLiteral("invalid: ") + message;
    QString text = QStringLiteral("valid (%1, secret %2").arg(schemeId).arg(secretIndex + 1);
    if (signatureIndex >= 0)
        text += QStringLiteral(", signature %1").arg(signatureIndex + 1);
    if (hasTimestamp)
        text += QStringLiteral(", timestamp skew %1 s").arg(skewSeconds);
    return text + QLatin1Char(')');
}

bool VerifyResult::hasHint(SignatureHintKind kind) const
{
    for (const SignatureHint &hint : hints) {
        if (hint.kind == kind)
            return true;
    }
    return false;
}

VerifyResult SignatureVerifier::verify(const SignatureScheme &scheme,
                                       const QList<QByteArray> &secrets, const HeaderList &headers,
                                       const QByteArray &body, const VerifyOptions &options)
{
    VerifyResult r;
    r.schemeId = scheme.id;
    Context c;
    c.scheme = scheme;
    SignatureScheme &s = c.scheme;
    if (!options.signatureHeader.isEmpty()) {
        s.signatureHeaders = {options.signatureHeader};
        s.signatureJsonPath.clear();
        s.legacySignatureHeader.clear();
    }
    auto fail = [&](VerifyFailure failure, const QString &message) {
        r.failure = failure;
        r.message = message;
        if (options.hints && (failure == VerifyFailure::SignatureMismatch ||
                              failure == VerifyFailure::MalformedHeader))
            collectHints(c, secrets, headers, body, options, &r);
        return r;
    };

    // The signature.
    if (!s.signatureHeaders.isEmpty()) {
        QByteArray name =
            SignatureSchemeRegistry::firstPresent(headers, s.signatureHeaders, &c.rawSignature);
        if (name.isEmpty() && !s.legacySignatureHeader.isEmpty()) {
            name = SignatureSchemeRegistry::firstPresent(headers, {s.legacySignatureHeader},
                                                         &c.rawSignature);
            if (!name.isEmpty()) {
                s.algorithm = s.legacyAlgorithm;
                s.prefix = s.legacyPrefix;
                s.signatureHeaders = {s.legacySignatureHeader};
            }
        }
        if (name.isEmpty())
            return fail(VerifyFailure::MissingHeader,
                        QStringLiteral("missing header %1").arg(headerList(s.signatureHeaders)));
        r.signatureHeader = name;
        c.signatureLabel = latin1(name);
    } else {
        c.signatureLabel = jsonFieldLabel(s.signatureJsonPath);
        if (!SignatureHeaderParser::jsonText(body, s.signatureJsonPath, &c.rawSignature))
            return fail(VerifyFailure::MissingHeader,
                        QStringLiteral("missing %1").arg(c.signatureLabel));
    }
    ParsedSignatureHeader parsed;
    if (s.algorithm == SignatureAlgorithm::SharedSecret) {
        parsed.ok = true;
        parsed.signatures << c.rawSignature.trimmed();
    } else {
        parsed = SignatureHeaderParser::parse(s, c.rawSignature);
    }
    if (!parsed.ok)
        return fail(VerifyFailure::MalformedHeader,
                    QStringLiteral("malformed %1: it %2").arg(c.signatureLabel, parsed.error));
    c.candidates = parsed.signatures;

    // The timestamp.
    qint64 timestampMs = 0;
    if (s.needsTimestamp()) {
        QString label;
        bool present = false;
        switch (s.timestampLocation) {
        case TimestampLocation::Header: {
            const QByteArray name = SignatureSchemeRegistry::firstPresent(
                headers, s.timestampHeaders, &c.inputs.timestamp);
            present = !name.isEmpty();
            label = present ? latin1(name) : headerList(s.timestampHeaders);
            break;
        }
        case TimestampLocation::SignatureHeader:
            present = true;
            c.inputs.timestamp = parsed.timestamp;
            label = QStringLiteral("the %1= timestamp of %2")
                        .arg(latin1(s.timestampKey), c.signatureLabel);
            break;
        case TimestampLocation::JsonBody:
            label = jsonFieldLabel(s.timestampJsonPath);
            present =
                SignatureHeaderParser::jsonText(body, s.timestampJsonPath, &c.inputs.timestamp);
            break;
        case TimestampLocation::None:
            break;
        }
        if (!present)
            return fail(VerifyFailure::MissingHeader,
                        s.timestampLocation == TimestampLocation::Header
                            ? QStringLiteral("missing header %1").arg(label)
                            : QStringLiteral("missing %1").arg(label));
        c.inputs.timestamp = c.inputs.timestamp.trimmed();
        QString error;
        if (!SignatureHeaderParser::parseTimestamp(s.timestampFormat, c.inputs.timestamp,
                                                   &timestampMs, &error))
            return fail(VerifyFailure::MalformedHeader,
                        QStringLiteral("malformed %1: %2").arg(label, error));
        const qint64 nowMs =
            options.nowMs != 0 ? options.nowMs : QDateTime::currentMSecsSinceEpoch();
        r.hasTimestamp = true;
        r.skewSeconds = s.timestampFormat == TimestampFormat::UnixSeconds
                            ? nowMs / 1000 - timestampMs / 1000
                            : (nowMs - timestampMs) / 1000;
        const int tolerance = options.toleranceSeconds.value_or(s.toleranceSeconds);
        if (tolerance > 0) {
            const qint64 skew = s.timestampFormat == TimestampFormat::UnixSeconds
                                    ? r.skewSeconds * 1000
                                    : nowMs - timestampMs;
            const bool outside = s.toleranceDirection == ToleranceDirection::Both
                                     ? qAbs(skew) > qint64(tolerance) * 1000
                                     : skew > qint64(tolerance) * 1000;
            if (outside) {
                // Checked after the signature below, so a forged request is reported as such.
                r.failure = VerifyFailure::TimestampOutsideTolerance;
                r.message =
                    QStringLiteral("%1 is %2 s %3 (tolerance %4 s%5)")
                        .arg(label)
                        .arg(qAbs(r.skewSeconds))
                        .arg(skew > 0 ? QStringLiteral("old") : QStringLiteral("in the future"),
                             QString::number(tolerance),
                             s.toleranceDirection == ToleranceDirection::PastOnly
                                 ? QStringLiteral(", too old only")
                                 : QString());
            }
        }
    }

    // The other inputs of the signed content.
    if (s.needsId()) {
        const QByteArray name =
            SignatureSchemeRegistry::firstPresent(headers, s.idHeaders, &c.inputs.id);
        if (name.isEmpty())
            return fail(VerifyFailure::MissingHeader,
                        QStringLiteral("missing header %1").arg(headerList(s.idHeaders)));
    }
    if (s.contentTemplate.contains("{token}") &&
        !SignatureHeaderParser::jsonText(body, s.tokenJsonPath, &c.inputs.token))
        return fail(VerifyFailure::MissingHeader,
                    QStringLiteral("missing %1").arg(jsonFieldLabel(s.tokenJsonPath)));
    bool bodyHashOk = true;
    if (s.needsUrl) {
        if (options.url.isEmpty())
            return fail(VerifyFailure::MissingUrl,
                        QStringLiteral("%1 signs the request URL: give the URL the sender "
                                       "used (--url)")
                            .arg(s.id));
        c.urls = s.contentTemplate.contains("{form}") ? SignatureComputer::urlVariants(options.url)
                                                      : QByteArrayList{options.url};
        QByteArray bodyHash;
        if (s.contentTemplate.contains("{form}")) {
            // Twilio: a JSON body is covered by the bodySHA256 URL parameter instead.
            if (SignatureComputer::queryValue(options.url, "bodySHA256", &bodyHash))
                bodyHashOk = bodyHash.toLower() == signcrypto::sha256(body).toHex();
            else
                c.inputs.form = SignatureHeaderParser::parseForm(body);
        }
    }
    c.inputs.body = body;

    // The secrets.
    if (secrets.isEmpty())
        return fail(VerifyFailure::BadSecret, QStringLiteral("no secret given"));
    QString firstError;
    for (int i = 0; i < secrets.size(); ++i) {
        QByteArray key;
        QString error;
        if (SignatureComputer::decodeSecret(s, secrets[i], false, &key, &error)) {
            c.keys << key;
        } else {
            c.keys << QByteArray();
            if (firstError.isEmpty())
                firstError = secrets.size() == 1
                                 ? error
                                 : QStringLiteral("secret %1: %2").arg(i + 1).arg(error);
        }
    }
    bool anyKey = false;
    for (const QByteArray &key : c.keys)
        anyKey = anyKey || !key.isNull();
    if (!anyKey)
        return fail(VerifyFailure::BadSecret,
                    QStringLiteral("bad secret for %1: %2").arg(s.id, firstError));

    // The comparison.
    bool anyDecoded = false;
    for (const QByteArray &candidate : c.candidates) {
        QByteArray bytes;
        if (s.algorithm == SignatureAlgorithm::SharedSecret)
            bytes = candidate;
        else if (!SignatureHeaderParser::decode(s.encoding, candidate, &bytes))
            bytes = QByteArray();
        anyDecoded = anyDecoded || !bytes.isNull();
        c.decoded << bytes;
    }
    for (int i = 0; i < c.keys.size() && r.secretIndex < 0; ++i) {
        if (c.keys[i].isNull())
            continue;
        for (const QByteArray &url : c.urls) {
            SignedContentInputs inputs = c.inputs;
            inputs.url = url;
            int matched = -1;
            QByteArray expected;
            const bool ok = matches(c, c.keys[i], inputs, c.decoded, &matched, &expected);
            if (r.expectedSignature.isEmpty() && !expected.isEmpty() &&
                s.algorithm != SignatureAlgorithm::SharedSecret)
                r.expectedSignature = SignatureComputer::headerValue(
                    s, SignatureHeaderParser::encode(s.encoding, expected), c.inputs.timestamp);
            if (ok) {
                r.secretIndex = i;
                r.signatureIndex = s.algorithm == SignatureAlgorithm::SharedSecret ? -1 : matched;
                break;
            }
        }
    }
    if (r.secretIndex < 0) {
        if (!anyDecoded) {
            const QString encoding = SignatureScheme::encodingName(s.encoding);
            VerifyResult failed = fail(VerifyFailure::MalformedHeader,
                                       QStringLiteral("malformed %1: the signature is not %2")
                                           .arg(c.signatureLabel, encoding));
            if (failed.hasHint(SignatureHintKind::OtherEncoding)) {
                failed.failure = VerifyFailure::SignatureMismatch;
                failed.message = QStringLiteral("%1 does not match: it is not %2")
                                     .arg(c.signatureLabel, encoding);
            }
            return failed;
        }
        QString message;
        if (s.algorithm == SignatureAlgorithm::SharedSecret)
            message = QStringLiteral("%1 does not equal the secret").arg(c.signatureLabel);
        else
            message = QStringLiteral("%1 does not match: %2 signature%3 checked against %4 "
                                     "secret%5 over the raw body")
                          .arg(c.signatureLabel)
                          .arg(c.candidates.size())
                          .arg(c.candidates.size() == 1 ? QString() : QStringLiteral("s"))
                          .arg(secrets.size())
                          .arg(secrets.size() == 1 ? QString() : QStringLiteral("s"));
        return fail(VerifyFailure::SignatureMismatch, message);
    }
    if (!bodyHashOk) {
        r.secretIndex = -1;
        r.signatureIndex = -1;
        return fail(VerifyFailure::SignatureMismatch,
                    QStringLiteral("the bodySHA256 parameter of the URL is not the SHA-256 of "
                                   "the body (the body changed on the way)"));
    }
    if (r.failure == VerifyFailure::TimestampOutsideTolerance)
        return r;
    r.valid = true;
    return r;
}

VerifyResult SignatureVerifier::verifyDetected(const QList<QByteArray> &secrets,
                                               const HeaderList &headers, const QByteArray &body,
                                               const VerifyOptions &options)
{
    const QList<const SignatureScheme *> candidates =
        SignatureSchemeRegistry::detect(headers, body);
    if (candidates.isEmpty()) {
        VerifyResult r;
        r.failure = VerifyFailure::MissingHeader;
        r.message = QStringLiteral("no known signature header found (see hookscope schemes)");
        return r;
    }
    VerifyResult first;
    for (int i = 0; i < candidates.size(); ++i) {
        VerifyResult r = verify(*candidates[i], secrets, headers, body, options);
        if (r.valid)
            return r;
        if (i == 0)
            first = r;
    }
    return first;
}

} // namespace hookscope
