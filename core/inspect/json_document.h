#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope {

// One value of a parsed JSON text. Nodes live in JsonDocument's flat list and point at
// each other by index, so a tree model can use the index as its internal id.
struct JsonNode
{
    enum class Type : quint8
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    Type type = Type::Null;
    int parent = -1;     // index of the parent node, -1 for the root
    int row = 0;         // position among the parent's children
    QString key;         // member name (decoded) when the parent is an object
    QString value;       // decoded string; number as written; "true"/"false"/"null"
    QList<int> children; // members / elements in document order
    qsizetype begin = 0; // byte range of the value in the source text
    qsizetype end = 0;

    bool isContainer() const { return type == Type::Array || type == Type::Object; }
};

// An order-preserving JSON reader and pretty printer over the raw bytes. QJsonDocument sorts
// object keys and turns numbers into doubles, which is wrong for showing what was received.
class JsonDocument
{
public:
    // Strict RFC 8259 parse (after an optional UTF-8 BOM). Nesting deeper than MaxDepth is
    // rejected rather than risking the stack.
    static constexpr int MaxDepth = 512;
    static JsonDocument parse(QByteArrayView json);

    bool isValid() const { return !m_nodes.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }

    const QList<JsonNode> &nodes() const { return m_nodes; }
    const JsonNode &node(int index) const { return m_nodes.at(index); }
    int root() const { return 0; }

    // JavaScript-style path of a node: data.items[0].id, ["odd key"], root is "".
    QString path(int index) const;

    // Reformats with 2-space indentation, keeping keys, numbers and string escapes exactly as
    // written. Returns false (and leaves *out untouched) when json is not valid JSON.
    static bool prettyPrint(QByteArrayView json, QByteArray *out);

private:
    QList<JsonNode> m_nodes;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace hookscope
