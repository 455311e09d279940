#include "json_document.h"

namespace hookscope {

namespace {

// One recursive-descent pass that validates and, on request, builds the node list and/or
// writes the pretty form. Tokens are copied as written, so nothing is renormalised.
class Parser
{
public:
    struct Key
    {
        qsizetype begin = -1;
        qsizetype end = -1;
    };

    Parser(QByteArrayView text, QList<JsonNode> *nodes, QByteArray *pretty)
        : m_text(text), m_nodes(nodes), m_pretty(pretty)
    {}

    bool run()
    {
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        skipSpace();
        if (!value(-1, Key(), 0))
            return false;
        skipSpace();
        if (m_pos != m_text.size())
            return fail(QStringLiteral("unexpected data after the JSON value"));
        return true;
    }

    QString error;
    qsizetype errorPos = -1;

    // At the opening quote; leaves m_pos after the closing one.
    bool string(QString *decoded);

private:
    bool fail(const QString &message)
    {
        if (error.isEmpty()) {
            error = message;
            errorPos = m_pos;
        }
        return false;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }

    void skipSpace()
    {
        while (!atEnd()) {
            const char c = m_text.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    void indent(int depth)
    {
        m_pretty->append('\n');
        m_pretty->append(qsizetype(depth) * 2, ' ');
    }

    int addNode(int parent, JsonNode::Type type, Key key)
    {
        if (!m_nodes)
            return -1;
        JsonNode node;
        node.type = type;
        node.parent = parent;
        node.keyBegin = key.begin;
        node.keyEnd = key.end;
        node.begin = m_pos;
        const int index = int(m_nodes->size());
        if (parent >= 0)
            node.row = (*m_nodes)[parent].childCount++;
        m_nodes->append(node);
        return index;
    }

    void finishNode(int index)
    {
        if (index >= 0)
            (*m_nodes)[index].end = m_pos;
    }

    bool value(int parent, Key key, int depth)
    {
        if (depth > JsonDocument::MaxDepth)
            return fail(QStringLiteral("nested deeper than %1 levels").arg(JsonDocument::MaxDepth));
        switch (peek()) {
        case '{':
            return container(parent, key, depth, JsonNode::Type::Object);
        case '[':
            return container(parent, key, depth, JsonNode::Type::Array);
        case '"': {
            const int index = addNode(parent, JsonNode::Type::String, key);
            const qsizetype start = m_pos;
            if (!string(nullptr))
                return false;
            if (m_pretty)
                m_pretty->append(m_text.sliced(start, m_pos - start));
            finishNode(index);
            return true;
        }
        case 't':
            return literal(parent, key, "true", JsonNode::Type::Bool);
        case 'f':
            return literal(parent, key, "false", JsonNode::Type::Bool);
        case 'n':
            return literal(parent, key, "null", JsonNode::Type::Null);
        default:
            return number(parent, key);
        }
    }

    bool container(int parent, Key key, int depth, JsonNode::Type type)
    {
        const bool object = type == JsonNode::Type::Object;
        const char close = object ? '}' : ']';
        const int index = addNode(parent, type, key);
        ++m_pos;
        if (m_pretty)
            m_pretty->append(object ? '{' : '[');
        skipSpace();
        if (peek() == close) {
            ++m_pos;
            if (m_pretty)
                m_pretty->append(close);
            finishNode(index);
            return true;
        }
        for (;;) {
            if (m_pretty)
                indent(depth + 1);
            Key memberKey;
            if (object) {
                if (peek() != '"')
                    return fail(QStringLiteral("expected a member name in quotes"));
                const qsizetype start = m_pos;
                if (!string(nullptr))
                    return false;
                memberKey = {start, m_pos};
                if (m_pretty) {
                    m_pretty->append(m_text.sliced(start, m_pos - start));
                    m_pretty->append(": ");
                }
                skipSpace();
                if (peek() != ':')
                    return fail(QStringLiteral("expected ':' after the member name"));
                ++m_pos;
                skipSpace();
            }
            if (atEnd())
                return fail(QStringLiteral("unexpected end of input"));
            if (!value(index, memberKey, depth + 1))
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                if (m_pretty)
                    m_pretty->append(',');
                skipSpace();
                continue;
            }
            if (peek() == close) {
                ++m_pos;
                if (m_pretty) {
                    indent(depth);
                    m_pretty->append(close);
                }
                finishNode(index);
                return true;
            }
            return fail(atEnd() ? QStringLiteral("unexpected end of input")
                                : QStringLiteral("expected ',' or '%1'").arg(QLatin1Char(close)));
        }
    }

    bool literal(int parent, Key key, const char *word, JsonNode::Type type)
    {
        const QByteArrayView w(word);
        if (!m_text.sliced(m_pos).startsWith(w))
            return fail(QStringLiteral("invalid literal"));
        const int index = addNode(parent, type, key);
        m_pos += w.size();
        if (m_pretty)
            m_pretty->append(w);
        finishNode(index);
        return true;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool digits()
    {
        if (!isDigit(peek()))
            return false;
        while (isDigit(peek()))
            ++m_pos;
        return true;
    }

    bool number(int parent, Key key)
    {
        const qsizetype start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (!digits()) {
            m_pos = start;
            return fail(atEnd() ? QStringLiteral("unexpected end of input")
                                : QStringLiteral("unexpected character"));
        }
        if (peek() == '.') {
            ++m_pos;
            if (!digits())
                return fail(QStringLiteral("expected digits after '.'"));
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!digits())
                return fail(QStringLiteral("expected digits in the exponent"));
        }
        const QByteArrayView text = m_text.sliced(start, m_pos - start);
        if (m_pretty)
            m_pretty->append(text);
        if (m_nodes) {
            const qsizetype end = m_pos;
            m_pos = start;
            const int index = addNode(parent, JsonNode::Type::Number, key);
            m_pos = end;
            finishNode(index);
        }
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(char32_t *out)
    {
        if (m_pos + 4 > m_text.size())
            return fail(QStringLiteral("truncated \\u escape"));
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_text.at(m_pos + i));
            if (h < 0)
                return fail(QStringLiteral("invalid \\u escape"));
            v = v * 16 + char32_t(h);
        }
        m_pos += 4;
        *out = v;
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QList<JsonNode> *m_nodes;
    QByteArray *m_pretty;
};

bool Parser::string(QString *decoded)
{
    ++m_pos;
    QByteArray utf8;
    while (true) {
        if (atEnd())
            return fail(QStringLiteral("unterminated string"));
        const char c = m_text.at(m_pos);
        if (c == '"') {
            ++m_pos;
            break;
        }
        if (uchar(c) < 0x20)
            return fail(QStringLiteral("control character in a string"));
        if (c != '\\') {
            if (decoded)
                utf8.append(c);
            ++m_pos;
            continue;
        }
        ++m_pos;
        if (atEnd())
            return fail(QStringLiteral("unterminated string"));
        const char e = m_text.at(m_pos++);
        char plain = 0;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            plain = e;
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u': {
            char32_t cp = 0;
            if (!hex4(&cp))
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF && m_text.sliced(m_pos).startsWith("\\u")) {
                const qsizetype save = m_pos;
                m_pos += 2;
                char32_t low = 0;
                if (!hex4(&low))
                    return false;
                if (low >= 0xDC00 && low <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                else
                    m_pos = save; // lone high surrogate; the next escape stands alone
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; // unpaired surrogate
            if (decoded)
                utf8.append(QString::fromUcs4(&cp, 1).toUtf8());
            continue;
        }
        default:
            --m_pos;
            return fail(QStringLiteral("invalid escape sequence"));
        }
        if (decoded)
            utf8.append(plain);
    }
    if (decoded)
        *decoded = QString::fromUtf8(utf8);
    return true;
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$')))
            return false;
    }
    return true;
}

QString quoted(const QString &key)
{
    QString out = QStringLiteral("[\"");
    for (const QChar c : key) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QStringLiteral("\"]");
}

} // namespace

JsonDocument JsonDocument::parse(const QByteArray &json)
{
    JsonDocument doc;
    Parser parser(json, &doc.m_nodes, nullptr);
    if (!parser.run()) {
        doc.m_nodes.clear();
        doc.m_error = parser.error;
        doc.m_errorOffset = parser.errorPos;
        return doc;
    }
    doc.m_source = json;
    // Children lists side by side in one array: each container's slice starts where the
    // previous container's ends.
    int next = 0;
    for (JsonNode &node : doc.m_nodes) {
        node.firstChild = next;
        next += node.childCount;
    }
    doc.m_children.resize(next);
    for (int i = 1; i < doc.m_nodes.size(); ++i) {
        const JsonNode &node = doc.m_nodes.at(i);
        doc.m_children[doc.m_nodes.at(node.parent).firstChild + node.row] = i;
    }
    return doc;
}

QByteArrayView JsonDocument::sourceOf(int index) const
{
    const JsonNode &node = m_nodes.at(index);
    return QByteArrayView(m_source).sliced(node.begin, node.end - node.begin);
}

QString JsonDocument::key(int index) const
{
    const JsonNode &node = m_nodes.at(index);
    if (node.keyBegin < 0)
        return {};
    QString decoded;
    Parser(QByteArrayView(m_source).sliced(node.keyBegin, node.keyEnd - node.keyBegin), nullptr,
           nullptr)
        .string(&decoded);
    return decoded;
}

QString JsonDocument::value(int index) const
{
    const JsonNode &node = m_nodes.at(index);
    switch (node.type) {
    case JsonNode::Type::String: {
        QString decoded;
        Parser(sourceOf(index), nullptr, nullptr).string(&decoded);
        return decoded;
    }
    case JsonNode::Type::Array:
    case JsonNode::Type::Object:
        return {};
    default:
        return QString::fromLatin1(sourceOf(index));
    }
}

bool JsonDocument::prettyPrint(QByteArrayView json, QByteArray *out)
{
    QByteArray pretty;
    pretty.reserve(json.size() + json.size() / 2);
    Parser parser(json, nullptr, &pretty);
    if (!parser.run())
        return false;
    *out = std::move(pretty);
    return true;
}

QString JsonDocument::path(int index) const
{
    QStringList parts;
    for (int i = index; i > 0; i = m_nodes.at(i).parent) {
        const JsonNode &node = m_nodes.at(i);
        const JsonNode &parent = m_nodes.at(node.parent);
        if (parent.type == JsonNode::Type::Array)
            parts.prepend(QLatin1Char('[') + QString::number(node.row) + QLatin1Char(']'));
        else if (const QString name = key(i); isIdentifier(name))
            parts.prepend(QLatin1Char('.') + name);
        else
            parts.prepend(quoted(name));
    }
    QString out = parts.join(QString());
    if (out.startsWith(QLatin1Char('.')))
        out.remove(0, 1);
    return out;
}

} // namespace hookscope
