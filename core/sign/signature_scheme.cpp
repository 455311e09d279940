#include "signature_scheme.h"

#include <QJsonArray>
#include <utility>

namespace hookscope {

namespace {

template <typename E>
using NameTable = std::initializer_list<std::pair<E, const char *>>;

const NameTable<SignatureAlgorithm> algorithmNames = {
    {SignatureAlgorithm::HmacSha1, "hmac-sha1"},
    {SignatureAlgorithm::HmacSha256, "hmac-sha256"},
    {SignatureAlgorithm::HmacSha512, "hmac-sha512"},
    {SignatureAlgorithm::Ed25519, "ed25519"},
    {SignatureAlgorithm::EcdsaP256Sha256, "ecdsa-p256-sha256"},
    {SignatureAlgorithm::SharedSecret, "shared-secret"},
};
const NameTable<SignatureEncoding> encodingNames = {
    {SignatureEncoding::Hex, "hex"},
    {SignatureEncoding::Base64, "base64"},
};
const NameTable<SignatureHeaderFormat> headerFormatNames = {
    {SignatureHeaderFormat::Single, "single"},
    {SignatureHeaderFormat::SpaceList, "space-list"},
    {SignatureHeaderFormat::KeyValue, "key-value"},
};
const NameTable<SecretFormat> secretFormatNames = {
    {SecretFormat::Utf8, "utf8"},
    {SecretFormat::Base64, "base64"},
    {SecretFormat::Hex, "hex"},
};
const NameTable<TimestampLocation> timestampLocationNames = {
    {TimestampLocation::None, "none"},
    {TimestampLocation::Header, "header"},
    {TimestampLocation::SignatureHeader, "signature-header"},
    {TimestampLocation::JsonBody, "json-body"},
};
const NameTable<TimestampFormat> timestampFormatNames = {
    {TimestampFormat::UnixSeconds, "unix-seconds"},
    {TimestampFormat::UnixMilliseconds, "unix-milliseconds"},
    {TimestampFormat::Rfc3339, "rfc3339"},
};
const NameTable<ToleranceDirection> toleranceDirectionNames = {
    {ToleranceDirection::Both, "both"},
    {ToleranceDirection::PastOnly, "past-only"},
};

template <typename E>
QString nameOf(const NameTable<E> &table, E value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename E>
QStringList namesOf(const NameTable<E> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names << QString::fromLatin1(entry.second);
    return names;
}

// Reads an optional enum field; false (with *error) when present but unknown.
template <typename E>
bool readEnum(const QJsonObject &json, const char *key, const NameTable<E> &table, E *out,
              QString *error)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined())
        return true;
    const QString text = value.toString();
    for (const auto &[v, name] : table) {
        if (text == QLatin1String(name)) {
            *out = v;
            return true;
        }
    }
    *error = QStringLiteral("\"%1\" must be one of %2")
                 .arg(QLatin1String(key), namesOf(table).join(QStringLiteral(", ")));
    return false;
}

QJsonArray toArray(const QByteArrayList &list)
{
    QJsonArray array;
    for (const QByteArray &item : list)
        array.append(QString::fromLatin1(item));
    return array;
}

bool readHeaderList(const QJsonObject &json, const char *key, QByteArrayList *out, QString *error)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined())
        return true;
    if (value.isString()) {
        *out = {value.toString().toLatin1()};
        return true;
    }
    if (!value.isArray()) {
        *error = QStringLiteral("\"%1\" must be a header name or a list of them")
                     .arg(QLatin1String(key));
        return false;
    }
    out->clear();
    for (const QJsonValue item : value.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty()) {
            *error =
                QStringLiteral("\"%1\" must hold non-empty header names").arg(QLatin1String(key));
            return false;
        }
        out->append(item.toString().trimmed().toLatin1());
    }
    return true;
}

// RFC 9110 token characters: what a header name may hold.
bool isHeaderName(const QByteArray &name)
{
    static const QByteArrayView extra = "!#$%&'*+-.^_`|~";
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              extra.contains(c)))
            return false;
    }
    return true;
}

// Printable ASCII without spaces: prefixes and keys sit inside a header value, where spaces
// and separators delimit entries.
bool isPlainText(const QByteArray &text)
{
    for (const char c : text) {
        if (c <= ' ' || c > '~')
            return false;
    }
    return true;
}

void putIfSet(QJsonObject &json, const char *key, const QString &value)
{
    if (!value.isEmpty())
        json.insert(QLatin1String(key), value);
}

} // namespace

bool SignatureScheme::matchesId(const QString &idOrAlias) const
{
    if (id.compare(idOrAlias, Qt::CaseInsensitive) == 0)
        return true;
    for (const QString &alias : aliases) {
        if (alias.compare(idOrAlias, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString SignatureScheme::algorithmName(SignatureAlgorithm value)
{
    return nameOf(algorithmNames, value);
}

QString SignatureScheme::encodingName(SignatureEncoding value)
{
    return nameOf(encodingNames, value);
}

QJsonObject SignatureScheme::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("id"), id);
    if (!aliases.isEmpty())
        json.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(aliases));
    putIfSet(json, "description", description);
    if (!idHeaders.isEmpty())
        json.insert(QStringLiteral("idHeaders"), toArray(idHeaders));
    if (!timestampHeaders.isEmpty())
        json.insert(QStringLiteral("timestampHeaders"), toArray(timestampHeaders));
    if (!signatureHeaders.isEmpty())
        json.insert(QStringLiteral("signatureHeaders"), toArray(signatureHeaders));
    putIfSet(json, "signatureJsonPath", signatureJsonPath);
    putIfSet(json, "timestampJsonPath", timestampJsonPath);
    putIfSet(json, "tokenJsonPath", tokenJsonPath);
    json.insert(QStringLiteral("template"), QString::fromUtf8(contentTemplate));
    json.insert(QStringLiteral("algorithm"), algorithmName(algorithm));
    json.insert(QStringLiteral("encoding"), encodingName(encoding));
    putIfSet(json, "prefix", QString::fromUtf8(prefix));
    json.insert(QStringLiteral("headerFormat"), nameOf(headerFormatNames, headerFormat));
    if (headerFormat == SignatureHeaderFormat::KeyValue) {
        json.insert(QStringLiteral("pairSeparator"), QString(QLatin1Char(pairSeparator)));
        json.insert(QStringLiteral("timestampKey"), QString::fromLatin1(timestampKey));
        json.insert(QStringLiteral("signatureKey"), QString::fromLatin1(signatureKey));
    }
    json.insert(QStringLiteral("secretFormat"), nameOf(secretFormatNames, secretFormat));
    putIfSet(json, "secretPrefix", QString::fromLatin1(secretPrefix));
    putIfSet(json, "signingSecretPrefix", QString::fromLatin1(signingSecretPrefix));
    if (minimumKeyBytes > 0)
        json.insert(QStringLiteral("minimumKeyBytes"), minimumKeyBytes);
    json.insert(QStringLiteral("timestampLocation"),
                nameOf(timestampLocationNames, timestampLocation));
    if (timestampLocation != TimestampLocation::None) {
        json.insert(QStringLiteral("timestampFormat"),
                    nameOf(timestampFormatNames, timestampFormat));
        json.insert(QStringLiteral("toleranceSeconds"), toleranceSeconds);
        json.insert(QStringLiteral("toleranceDirection"),
                    nameOf(toleranceDirectionNames, toleranceDirection));
    }
    if (!legacySignatureHeader.isEmpty()) {
        json.insert(QStringLiteral("legacySignatureHeader"),
                    QString::fromLatin1(legacySignatureHeader));
        json.insert(QStringLiteral("legacyAlgorithm"), algorithmName(legacyAlgorithm));
        json.insert(QStringLiteral("legacyPrefix"), QString::fromUtf8(legacyPrefix));
    }
    if (needsUrl)
        json.insert(QStringLiteral("needsUrl"), true);
    return json;
}

bool SignatureScheme::fromJson(const QJsonObject &json, SignatureScheme *scheme, QString *error)
{
    SignatureScheme s;
    s.id = json.value(QStringLiteral("id")).toString().trimmed();
    for (const QJsonValue alias : json.value(QStringLiteral("aliases")).toArray())
        s.aliases << alias.toString();
    s.description = json.value(QStringLiteral("description")).toString();
    if (!readHeaderList(json, "idHeaders", &s.idHeaders, error) ||
        !readHeaderList(json, "timestampHeaders", &s.timestampHeaders, error) ||
        !readHeaderList(json, "signatureHeaders", &s.signatureHeaders, error))
        return false;
    s.signatureJsonPath = json.value(QStringLiteral("signatureJsonPath")).toString();
    s.timestampJsonPath = json.value(QStringLiteral("timestampJsonPath")).toString();
    s.tokenJsonPath = json.value(QStringLiteral("tokenJsonPath")).toString();
    if (json.contains(QStringLiteral("template")))
        s.contentTemplate = json.value(QStringLiteral("template")).toString().toUtf8();
    s.prefix = json.value(QStringLiteral("prefix")).toString().toUtf8();
    const QString separator = json.value(QStringLiteral("pairSeparator")).toString();
    if (separator.size() > 1 || (separator.size() == 1 && separator.at(0).unicode() > 0x7e)) {
        *error = QStringLiteral("\"pairSeparator\" must be one ASCII character");
        return false;
    }
    if (separator.size() == 1)
        s.pairSeparator = char(separator.at(0).unicode());
    s.timestampKey = json.value(QStringLiteral("timestampKey")).toString().toLatin1();
    s.signatureKey = json.value(QStringLiteral("signatureKey")).toString().toLatin1();
    s.secretPrefix = json.value(QStringLiteral("secretPrefix")).toString().toLatin1();
    s.signingSecretPrefix = json.value(QStringLiteral("signingSecretPrefix")).toString().toLatin1();
    s.minimumKeyBytes = json.value(QStringLiteral("minimumKeyBytes")).toInt(0);
    s.toleranceSeconds = json.value(QStringLiteral("toleranceSeconds")).toInt(0);
    s.legacySignatureHeader =
        json.value(QStringLiteral("legacySignatureHeader")).toString().toLatin1();
    s.legacyPrefix = json.value(QStringLiteral("legacyPrefix")).toString().toUtf8();
    s.needsUrl = json.value(QStringLiteral("needsUrl")).toBool(false);
    if (!readEnum(json, "algorithm", algorithmNames, &s.algorithm, error) ||
        !readEnum(json, "encoding", encodingNames, &s.encoding, error) ||
        !readEnum(json, "headerFormat", headerFormatNames, &s.headerFormat, error) ||
        !readEnum(json, "secretFormat", secretFormatNames, &s.secretFormat, error) ||
        !readEnum(json, "timestampLocation", timestampLocationNames, &s.timestampLocation, error) ||
        !readEnum(json, "timestampFormat", timestampFormatNames, &s.timestampFormat, error) ||
        !readEnum(json, "toleranceDirection", toleranceDirectionNames, &s.toleranceDirection,
                  error) ||
        !readEnum(json, "legacyAlgorithm", algorithmNames, &s.legacyAlgorithm, error))
        return false;
    if (!s.validate(error))
        return false;
    *scheme = s;
    return true;
}

bool SignatureScheme::validate(QString *error) const
{
    auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };
    if (id.isEmpty())
        return fail(QStringLiteral("\"id\" is missing"));
    if (signatureHeaders.isEmpty() && signatureJsonPath.isEmpty())
        return fail(QStringLiteral("\"signatureHeaders\" or \"signatureJsonPath\" is needed"));
    QByteArrayList allHeaders = idHeaders + timestampHeaders + signatureHeaders;
    if (!legacySignatureHeader.isEmpty())
        allHeaders << legacySignatureHeader;
    for (int i = 0; i < allHeaders.size(); ++i) {
        if (!isHeaderName(allHeaders[i]))
            return fail(QStringLiteral("\"%1\" is not a header name")
                            .arg(QString::fromLatin1(allHeaders[i])));
        for (int j = 0; j < i; ++j) {
            if (allHeaders[i].compare(allHeaders[j], Qt::CaseInsensitive) == 0 &&
                !(allHeaders[i] == legacySignatureHeader &&
                  j >= idHeaders.size() + timestampHeaders.size()))
                return fail(QStringLiteral("header %1 is used twice")
                                .arg(QString::fromLatin1(allHeaders[i])));
        }
    }
    if (!isPlainText(prefix) || !isPlainText(legacyPrefix) || !isPlainText(timestampKey) ||
        !isPlainText(signatureKey))
        return fail(QStringLiteral("prefixes and keys must be printable ASCII without spaces"));
    if (headerFormat == SignatureHeaderFormat::KeyValue) {
        // Never a character of a hex or base64 signature or of a timestamp.
        if (!QByteArrayView(",;|&").contains(pairSeparator))
            return fail(QStringLiteral("\"pairSeparator\" must be one of , ; | &"));
        if (signatureKey.contains('=') || signatureKey.contains(pairSeparator) ||
            timestampKey.contains('=') || timestampKey.contains(pairSeparator) ||
            (!timestampKey.isEmpty() && timestampKey == signatureKey))
            return fail(QStringLiteral("\"timestampKey\" and \"signatureKey\" must differ and "
                                       "hold neither = nor the separator"));
    }
    if (algorithm == SignatureAlgorithm::SharedSecret &&
        (timestampLocation != TimestampLocation::None || !contentTemplate.isEmpty()))
        return fail(QStringLiteral("a shared-secret scheme signs nothing: no template, no "
                                   "timestamp"));
    if (!signatureJsonPath.isEmpty() &&
        (contentTemplate.contains("{body}") || contentTemplate.contains("{form}")))
        return fail(QStringLiteral("a signature inside the body cannot sign {body} or {form}"));
    if (toleranceSeconds < 0)
        return fail(QStringLiteral("\"toleranceSeconds\" must not be negative"));
    if (minimumKeyBytes < 0)
        return fail(QStringLiteral("\"minimumKeyBytes\" must not be negative"));
    if (contentTemplate.isEmpty() && algorithm != SignatureAlgorithm::SharedSecret)
        return fail(QStringLiteral("\"template\" must not be empty"));
    if (headerFormat == SignatureHeaderFormat::KeyValue && signatureKey.isEmpty())
        return fail(QStringLiteral("a key-value header needs \"signatureKey\""));
    if (timestampLocation == TimestampLocation::SignatureHeader &&
        (headerFormat != SignatureHeaderFormat::KeyValue || timestampKey.isEmpty()))
        return fail(QStringLiteral("a timestamp in the signature header needs a key-value "
                                   "header with \"timestampKey\""));
    if (timestampLocation == TimestampLocation::Header && timestampHeaders.isEmpty())
        return fail(QStringLiteral("\"timestampHeaders\" is missing"));
    if (timestampLocation == TimestampLocation::JsonBody && timestampJsonPath.isEmpty())
        return fail(QStringLiteral("\"timestampJsonPath\" is missing"));
    if (contentTemplate.contains("{timestamp}") && timestampLocation == TimestampLocation::None)
        return fail(QStringLiteral("the template uses {timestamp} but the scheme has none"));
    if (contentTemplate.contains("{id}") && idHeaders.isEmpty())
        return fail(QStringLiteral("the template uses {id} but \"idHeaders\" is missing"));
    if (contentTemplate.contains("{token}") && tokenJsonPath.isEmpty())
        return fail(QStringLiteral("the template uses {token} but \"tokenJsonPath\" is missing"));
    if ((contentTemplate.contains("{url}") || contentTemplate.contains("{form}")) && !needsUrl)
        return fail(QStringLiteral("the template uses {url} or {form}: set \"needsUrl\""));
    return true;
}

} // namespace hookscope
