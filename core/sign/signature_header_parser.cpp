#include "signature_header_parser.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace hookscope {

namespace {

QString printable(QByteArrayView text)
{
    QString s = QString::fromUtf8(text.first(qMin<qsizetype>(40, text.size())));
    if (text.size() > 40)
        s += QStringLiteral("...");
    return s;
}

bool allDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

int digitsAt(QByteArrayView text, qsizetype at, qsizetype count)
{
    if (at + count > text.size())
        return -1;
    int value = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// RFC 3339 "2023-09-13T17:01:44.123456789Z" / "+02:00": Twitch sends nanoseconds, which
// QDateTime does not parse, so this reads the fields itself.
bool parseRfc3339(QByteArrayView text, qint64 *ms)
{
    if (text.size() < 20 || text.size() > 64)
        return false;
    const int year = digitsAt(text, 0, 4), month = digitsAt(text, 5, 2), day = digitsAt(text, 8, 2);
    const int hour = digitsAt(text, 11, 2), minute = digitsAt(text, 14, 2),
              second = digitsAt(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
        text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':')
        return false;
    qsizetype at = 19;
    int millis = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        int digits = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            if (digits < 3)
                millis = millis * 10 + (text[at] - '0');
            ++digits;
            ++at;
        }
        if (digits == 0)
            return false;
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }
    int offsetSeconds = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        const int oh = digitsAt(text, at + 1, 2), om = digitsAt(text, at + 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59 || at + 3 >= text.size() || text[at + 3] != ':')
            return false;
        offsetSeconds = (oh * 60 + om) * 60 * (text[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        return false;
    }
    if (at != text.size())
        return false;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second == 60 ? 59 : second, millis);
    if (!date.isValid() || !time.isValid())
        return false;
    *ms = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch() - qint64(offsetSeconds) * 1000;
    return true;
}

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

} // namespace

ParsedSignatureHeader SignatureHeaderParser::parse(const SignatureScheme &scheme,
                                                   QByteArrayView value)
{
    ParsedSignatureHeader result;
    const QByteArrayView trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        result.error = QStringLiteral("is empty");
        return result;
    }
    switch (scheme.headerFormat) {
    case SignatureHeaderFormat::Single: {
        if (!trimmed.startsWith(scheme.prefix)) {
            result.error =
                QStringLiteral("does not start with \"%1\" (it starts with \"%2\")")
                    .arg(QString::fromUtf8(scheme.prefix),
                         printable(trimmed.first(qMin(scheme.prefix.size(), trimmed.size()))));
            return result;
        }
        const QByteArrayView signature = trimmed.sliced(scheme.prefix.size()).trimmed();
        if (signature.isEmpty()) {
            result.error = QStringLiteral("has no signature after \"%1\"")
                               .arg(QString::fromUtf8(scheme.prefix));
            return result;
        }
        result.signatures << signature.toByteArray();
        break;
    }
    case SignatureHeaderFormat::SpaceList: {
        for (const QByteArrayView entry : trimmed.toByteArray().split(' ')) {
            if (entry.isEmpty())
                continue;
            if (entry.startsWith(scheme.prefix) && entry.size() > scheme.prefix.size())
                result.signatures << entry.sliced(scheme.prefix.size()).toByteArray();
            else
                result.skipped << entry.toByteArray();
        }
        if (result.signatures.isEmpty()) {
            result.error =
                QStringLiteral("has no \"%1\" signature").arg(QString::fromUtf8(scheme.prefix));
            if (!result.skipped.isEmpty())
                result.error +=
                    QStringLiteral(" (only \"%1\")").arg(printable(result.skipped.constFirst()));
            return result;
        }
        break;
    }
    case SignatureHeaderFormat::KeyValue: {
        bool haveTimestamp = false;
        for (const QByteArray &item : trimmed.toByteArray().split(scheme.pairSeparator)) {
            const qsizetype eq = item.indexOf('=');
            if (eq < 0) {
                if (!item.trimmed().isEmpty())
                    result.skipped << item.trimmed();
                continue;
            }
            const QByteArray key = item.left(eq).trimmed();
            const QByteArray itemValue = item.mid(eq + 1).trimmed();
            if (!scheme.timestampKey.isEmpty() && key == scheme.timestampKey) {
                if (!haveTimestamp)
                    result.timestamp = itemValue;
                haveTimestamp = true;
            } else if (key == scheme.signatureKey) {
                if (!itemValue.isEmpty())
                    result.signatures << itemValue;
            } else {
                result.skipped << item.trimmed();
            }
        }
        if (scheme.timestampLocation == TimestampLocation::SignatureHeader && !haveTimestamp) {
            result.error = QStringLiteral("has no \"%1=\" timestamp")
                               .arg(QString::fromLatin1(scheme.timestampKey));
            return result;
        }
        if (result.signatures.isEmpty()) {
            result.error = QStringLiteral("has no \"%1=\" signature")
                               .arg(QString::fromLatin1(scheme.signatureKey));
            return result;
        }
        break;
    }
    }
    result.ok = true;
    return result;
}

bool SignatureHeaderParser::parseTimestamp(TimestampFormat format, QByteArrayView text, qint64 *ms,
                                           QString *error)
{
    const QByteArrayView trimmed = text.trimmed();
    if (format == TimestampFormat::Rfc3339) {
        if (parseRfc3339(trimmed, ms))
            return true;
        *error = QStringLiteral("\"%1\" is not an RFC 3339 date-time").arg(printable(trimmed));
        return false;
    }
    // 15 digits of seconds or 18 of milliseconds stay far below qint64's limit.
    const qsizetype maxDigits = format == TimestampFormat::UnixSeconds ? 15 : 18;
    if (!allDigits(trimmed) || trimmed.size() > maxDigits) {
        *error = QStringLiteral("\"%1\" is not a Unix time in %2 (an integer)")
                     .arg(printable(trimmed), format == TimestampFormat::UnixSeconds
                                                  ? QStringLiteral("seconds")
                                                  : QStringLiteral("milliseconds"));
        return false;
    }
    const qint64 value = trimmed.toLongLong();
    *ms = format == TimestampFormat::UnixSeconds ? value * 1000 : value;
    return true;
}

bool SignatureHeaderParser::decode(SignatureEncoding encoding, QByteArrayView text, QByteArray *out)
{
    if (text.isEmpty())
        return false;
    if (encoding == SignatureEncoding::Hex) {
        if (text.size() % 2 != 0)
            return false;
        for (const char c : text) {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                return false;
        }
        *out = QByteArray::fromHex(text.toByteArray());
        return true;
    }
    qsizetype end = text.size();
    int padding = 0;
    while (end > 0 && text[end - 1] == '=' && padding < 2) {
        --end;
        ++padding;
    }
    if (end == 0 || end % 4 == 1 || (padding > 0 && (end + padding) % 4 != 0))
        return false;
    for (qsizetype i = 0; i < end; ++i) {
        if (!isBase64Char(text[i]))
            return false;
    }
    *out = QByteArray::fromBase64(text.toByteArray());
    return true;
}

QByteArray SignatureHeaderParser::encode(SignatureEncoding encoding, const QByteArray &bytes)
{
    return encoding == SignatureEncoding::Hex ? bytes.toHex() : bytes.toBase64();
}

QList<std::pair<QByteArray, QByteArray>> SignatureHeaderParser::parseForm(QByteArrayView body)
{
    QList<std::pair<QByteArray, QByteArray>> pairs;
    if (body.isEmpty())
        return pairs;
    for (QByteArray item : body.toByteArray().split('&')) {
        if (item.isEmpty())
            continue;
        item.replace('+', ' ');
        const qsizetype eq = item.indexOf('=');
        const QByteArray name = eq < 0 ? item : item.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : item.mid(eq + 1);
        pairs.append(
            {QByteArray::fromPercentEncoding(name), QByteArray::fromPercentEncoding(value)});
    }
    return pairs;
}

bool SignatureHeaderParser::jsonText(const QByteArray &body, const QString &path, QByteArray *out)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    QJsonValue value = document.object();
    for (const QString &key : path.split(QLatin1Char('.'))) {
        if (!value.isObject())
            return false;
        value = value.toObject().value(key);
    }
    if (value.isString()) {
        *out = value.toString().toUtf8();
        return true;
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::floor(number) != number || std::fabs(number) > 9.0e15) {
            *out = QByteArray::number(number, 'g', 17);
            return true;
        }
        *out = QByteArray::number(qint64(number));
        return true;
    }
    return false;
}

} // namespace hookscope
