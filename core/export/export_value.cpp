#include "export_value.h"

#include "inspect/json_document.h"

#include <cstring>

namespace hookscope {

ExportValue ExportValue::string(const QByteArray &utf8)
{
    ExportValue v;
    v.type = Type::String;
    v.text = utf8;
    return v;
}

ExportValue ExportValue::number(qint64 value)
{
    ExportValue v;
    v.type = Type::Number;
    v.text = QByteArray::number(value);
    return v;
}

ExportValue ExportValue::boolean(bool value)
{
    ExportValue v;
    v.type = Type::Bool;
    v.text = value ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    return v;
}

ExportValue ExportValue::object()
{
    ExportValue v;
    v.type = Type::Object;
    return v;
}

ExportValue ExportValue::array()
{
    ExportValue v;
    v.type = Type::Array;
    return v;
}

namespace {

// The bytes of a member name: between its quotes when it has no escapes (nearly always),
// else decoded.
QByteArray keyOf(const JsonDocument &document, const char *base, int index)
{
    const JsonNode &node = document.node(index);
    const QByteArrayView token(base + node.keyBegin, node.keyEnd - node.keyBegin);
    if (token.size() >= 2 && !token.contains('\\'))
        return token.sliced(1, token.size() - 2).toByteArray();
    return document.key(index).toUtf8();
}

ExportValue fromJsonAt(const JsonDocument &document, const char *base, int index)
{
    using Type = ExportValue::Type;
    const JsonNode &node = document.node(index);
    ExportValue v;
    switch (node.type) {
    case JsonNode::Type::Null:
        break;
    case JsonNode::Type::Bool:
        v.type = Type::Bool;
        v.text = document.sourceOf(index).toByteArray();
        break;
    case JsonNode::Type::Number:
        v.type = Type::Number;
        v.text = document.sourceOf(index).toByteArray();
        break;
    case JsonNode::Type::String: {
        v.type = Type::String;
        const QByteArrayView source = document.sourceOf(index);
        // Most strings have no escapes: their bytes between the quotes are the value.
        if (!source.contains('\\'))
            v.text = source.sliced(1, source.size() - 2).toByteArray();
        else
            v.text = document.value(index).toUtf8();
        break;
    }
    case JsonNode::Type::Object:
    case JsonNode::Type::Array: {
        const bool isObject = node.type == JsonNode::Type::Object;
        v.type = isObject ? Type::Object : Type::Array;
        const int count = document.childCount(index);
        v.children.reserve(size_t(count));
        for (int row = 0; row < count; ++row) {
            const int child = document.child(index, row);
            v.children.push_back({isObject ? keyOf(document, base, child) : QByteArray(),
                                  fromJsonAt(document, base, child)});
        }
        break;
    }
    }
    return v;
}

} // namespace

ExportValue ExportValue::fromJson(const JsonDocument &document, int index)
{
    // Offsets in nodes are into the document's source; the root's view locates it.
    const int root = document.root();
    const char *base = document.sourceOf(root).data() - document.node(root).begin;
    return fromJsonAt(document, base, index);
}

bool ExportValue::parse(const QByteArray &json, ExportValue *out)
{
    const JsonDocument document = JsonDocument::parse(json);
    if (!document.isValid())
        return false;
    *out = fromJson(document, document.root());
    return true;
}

const ExportValue *ExportValue::member(QByteArrayView key) const
{
    if (type != Type::Object)
        return nullptr;
    for (const ExportMember &m : children) {
        if (m.key == key)
            return &m.value;
    }
    return nullptr;
}

ExportValue *ExportValue::member(QByteArrayView key)
{
    return const_cast<ExportValue *>(std::as_const(*this).member(key));
}

void ExportValue::add(const QByteArray &key, ExportValue value)
{
    children.push_back({key, std::move(value)});
}

void ExportValue::appendJsonString(QByteArrayView utf8, QByteArray *out)
{
    static const char hex[] = "0123456789abcdef";
    out->append('"');
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out->append(utf8.sliced(plainFrom, i - plainFrom));
        plainFrom = i + 1;
        switch (c) {
        case '"':
            out->append("\\\"");
            break;
        case '\\':
            out->append("\\\\");
            break;
        case '\n':
            out->append("\\n");
            break;
        case '\r':
            out->append("\\r");
            break;
        case '\t':
            out->append("\\t");
            break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out->append(escape, 6);
        }
        }
    }
    out->append(utf8.sliced(plainFrom));
    out->append('"');
}

void ExportValue::appendJson(QByteArray *out) const
{
    switch (type) {
    case Type::Null:
        out->append("null");
        break;
    case Type::Bool:
    case Type::Number:
        out->append(text);
        break;
    case Type::String:
        appendJsonString(text, out);
        break;
    case Type::Object:
    case Type::Array: {
        const bool isObject = type == Type::Object;
        out->append(isObject ? '{' : '[');
        bool first = true;
        for (const ExportMember &m : children) {
            if (!first)
                out->append(',');
            first = false;
            if (isObject) {
                appendJsonString(m.key, out);
                out->append(':');
            }
            m.value.appendJson(out);
        }
        out->append(isObject ? '}' : ']');
        break;
    }
    }
}

bool ExportValue::isUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const uchar *end = p + bytes.size();
    while (p < end) {
        // Eight ASCII bytes at a time: most of a webhook body.
        if (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const uchar c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int length;
        uint min;
        uint code;
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
            code = c & 0x07;
        } else {
            return false;
        }
        if (end - p < length)
            return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (p[i] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        p += length;
    }
    return true;
}

QByteArray ExportValue::toJson() const
{
    QByteArray out;
    appendJson(&out);
    return out;
}

} // namespace hookscope
