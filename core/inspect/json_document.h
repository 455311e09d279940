#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope {

// One value of a parsed JSON text. Nodes live in JsonDocument's flat list and point at
// each other by index, so a tree model can use the index as its internal id. Names and
// values are byte ranges of the source, decoded on request: a 10 MiB body has about a
// million nodes.
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
    int parent = -1;         // index of the parent node, -1 for the root
    int row = 0;             // position among the parent's children
    int childCount = 0;      // members / elements
    int firstChild = 0;      // where the children's indices start in JsonDocument's child list
    qsizetype keyBegin = -1; // member name token (with quotes) when the parent is an object
    qsizetype keyEnd = -1;
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
    static JsonDocument parse(const QByteArray &json);

    bool isValid() const { return !m_nodes.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }

    const QList<JsonNode> &nodes() const { return m_nodes; }
    const JsonNode &node(int index) const { return m_nodes.at(index); }
    int root() const { return 0; }
    int childCount(int index) const { return m_nodes.at(index).childCount; }
    // The row-th member / element of a container, in document order.
    int child(int index, int row) const
    {
        return m_children.at(m_nodes.at(index).firstChild + row);
    }
    // Member name, decoded; empty for array elements and the root.
    QString key(int index) const;
    // Strings decoded; numbers as written; "true", "false", "null"; containers empty.
    QString value(int index) const;
    // The value's source bytes (a container's whole text).
    QByteArrayView sourceOf(int index) const;

    // JavaScript-style path of a node: data.items[0].id, ["odd key"], root is "".
    QString path(int index) const;

    // Reformats with 2-space indentation, keeping keys, numbers and string escapes exactly as
    // written. Returns false (and leaves *out untouched) when json is not valid JSON.
    static bool prettyPrint(QByteArrayView json, QByteArray *out);

private:
    QByteArray m_source;
    QList<JsonNode> m_nodes;
    QList<int> m_children;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace hookscope
