#include "response_template.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>
#include <cstdio>
#include <optional>

namespace hookscope {

namespace {

const QList<QByteArrayView> plainNames = {
    "request.id", "request.method", "request.path", "request.query", "request.remoteAddress",
    "now.ms",     "now.s",          "now.iso",      "uuid"};

bool isKnown(QByteArrayView name)
{
    if (plainNames.contains(name))
        return true;
    return (name.startsWith("header.") && name.size() > 7) ||
           (name.startsWith("body.") && name.size() > 5);
}

// Escapes text for use inside a JSON string (RFC 8259: quote, backslash, control characters).
QByteArray jsonEscaped(const QByteArray &utf8)
{
    QByteArray out;
    out.reserve(utf8.size() + 8);
    for (char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(c));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    return out;
}

// Looks up a dotted path ("data.items.0.id") in a JSON document.
std::optional<QJsonValue> lookup(const QJsonDocument &doc, QByteArrayView path)
{
    QJsonValue current = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    for (QByteArrayView part : QByteArray(path.toByteArray()).split('.')) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(QString::fromUtf8(part));
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        } else if (current.isArray()) {
            bool ok = false;
            const int index = part.toByteArray().toInt(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || index < 0 || index >= array.size())
                return std::nullopt;
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

} // namespace

QString ResponseTemplate::validate(const QByteArray &text)
{
    qsizetype pos = 0;
    while ((pos = text.indexOf("{{", pos)) >= 0) {
        const qsizetype end = text.indexOf("}}", pos + 2);
        if (end < 0)
            return QStringLiteral("unclosed placeholder at offset %1").arg(pos);
        const QByteArray name = text.mid(pos + 2, end - pos - 2).trimmed();
        if (!isKnown(name))
            return QStringLiteral("unknown placeholder {{%1}}").arg(QString::fromUtf8(name));
        pos = end + 2;
    }
    return {};
}

QByteArray ResponseTemplate::render(const QByteArray &text, const StoredRequest &request,
                                    qint64 nowMs, bool jsonContext)
{
    if (!hasPlaceholders(text))
        return text;
    std::optional<QJsonDocument> body; // parsed on first {{body.*}}
    QByteArray out;
    out.reserve(text.size() + 32);
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf("{{", pos);
        const qsizetype close = open < 0 ? -1 : text.indexOf("}}", open + 2);
        if (close < 0) {
            out += QByteArrayView(text).sliced(pos);
            break;
        }
        out += QByteArrayView(text).sliced(pos, open - pos);
        const QByteArray name = text.mid(open + 2, close - open - 2).trimmed();
        pos = close + 2;

        QByteArray text_;
        bool raw = false; // already JSON (numbers, nested values)
        if (name == "request.id") {
            text_ = QByteArray::number(request.id);
            raw = true;
        } else if (name == "request.method") {
            text_ = request.method;
        } else if (name == "request.path") {
            text_ = request.path;
        } else if (name == "request.query") {
            text_ = request.query;
        } else if (name == "request.remoteAddress") {
            text_ = request.remoteAddress.toUtf8();
        } else if (name == "now.ms") {
            text_ = QByteArray::number(nowMs);
            raw = true;
        } else if (name == "now.s") {
            text_ = QByteArray::number(nowMs / 1000);
            raw = true;
        } else if (name == "now.iso") {
            text_ =
                QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
        } else if (name == "uuid") {
            text_ = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        } else if (name.startsWith("header.")) {
            text_ = request.header(QByteArrayView(name).sliced(7));
        } else if (name.startsWith("body.")) {
            if (!body)
                body = QJsonDocument::fromJson(request.body);
            const std::optional<QJsonValue> value = lookup(*body, QByteArrayView(name).sliced(5));
            if (value && value->isString()) {
                text_ = value->toString().toUtf8();
            } else if (value && (value->isObject() || value->isArray())) {
                text_ = value->isObject()
                            ? QJsonDocument(value->toObject()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(value->toArray()).toJson(QJsonDocument::Compact);
                raw = true;
            } else if (value && value->isBool()) {
                text_ = value->toBool() ? "true" : "false";
                raw = true;
            } else if (value && value->isDouble()) {
                text_ = QJsonDocument(QJsonArray{*value}).toJson(QJsonDocument::Compact);
                text_ = text_.mid(1, text_.size() - 2);
                raw = true;
            } else if (value && value->isNull()) {
                text_ = jsonContext ? "null" : "";
                raw = true;
            }
        } else {
            text_ = "{{" + name + "}}";
            raw = true;
        }
        out += (jsonContext && !raw) ? jsonEscaped(text_) : text_;
    }
    return out;
}

} // namespace hookscope
