#pragma once

#include <QByteArray>
#include <vector>

namespace hookscope {

class JsonDocument;
struct ExportMember;

// One value of an exported row: a small JSON tree that keeps member order and numbers as
// written (QJsonValue sorts keys and turns numbers into doubles). Sources build it directly
// (requests, deliveries) or from a parsed body (records, event data).
struct ExportValue
{
    enum class Type : quint8
    {
        Null,
        Bool,
        Number,
        String,
        Object,
        Array
    };

    Type type = Type::Null;
    QByteArray text;                    // UTF-8 string, number as written, "true" / "false"
    std::vector<ExportMember> children; // object members / array elements (empty keys)

    static ExportValue string(const QByteArray &utf8);
    static ExportValue number(qint64 value);
    static ExportValue boolean(bool value);
    static ExportValue object();
    static ExportValue array();
    // The node of a parsed document and everything below it.
    static ExportValue fromJson(const JsonDocument &document, int node);
    // Parses JSON text; false when it is not valid JSON.
    static bool parse(const QByteArray &json, ExportValue *out);

    bool isScalar() const { return type != Type::Object && type != Type::Array; }
    bool isContainer() const { return !isScalar(); }
    bool isNull() const { return type == Type::Null; }
    // Object members by name (the first of that name); null when absent.
    const ExportValue *member(QByteArrayView key) const;
    ExportValue *member(QByteArrayView key);
    void add(const QByteArray &key, ExportValue value);

    // Compact JSON, strings re-escaped, numbers as written.
    void appendJson(QByteArray *out) const;
    QByteArray toJson() const;
    static void appendJsonString(QByteArrayView utf8, QByteArray *out);
    // Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF), without
    // decoding: an export checks every body, and decoding one costs more than writing it.
    static bool isUtf8(QByteArrayView bytes);
};

struct ExportMember
{
    QByteArray key;
    ExportValue value;
};

} // namespace hookscope
