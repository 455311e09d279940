#include "json_tree_model.h"

#include "json_highlighter.h"

#include <QFont>

namespace hookscope {

namespace {

constexpr int MaxDisplayChars = 300;

QString typeName(JsonNode::Type type)
{
    switch (type) {
    case JsonNode::Type::Null:
        return QStringLiteral("null");
    case JsonNode::Type::Bool:
        return QStringLiteral("boolean");
    case JsonNode::Type::Number:
        return QStringLiteral("number");
    case JsonNode::Type::String:
        return QStringLiteral("string");
    case JsonNode::Type::Array:
        return QStringLiteral("array");
    case JsonNode::Type::Object:
        return QStringLiteral("object");
    }
    return {};
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

bool JsonTreeModel::setJson(const QByteArray &json)
{
    beginResetModel();
    m_doc = JsonDocument::parse(json);
    endResetModel();
    return m_doc.isValid();
}

void JsonTreeModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    // Views repaint all rows on a palette change of their own; this tells the others.
    if (rowCount() > 0)
        emit dataChanged(index(0, ValueColumn), index(rowCount() - 1, ValueColumn),
                         {Qt::ForegroundRole});
}

void JsonTreeModel::clear()
{
    beginResetModel();
    m_doc = JsonDocument();
    endResetModel();
}

int JsonTreeModel::topParent() const
{
    return m_doc.node(m_doc.root()).isContainer() ? m_doc.root() : -1;
}

int JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : topParent();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!m_doc.isValid() || row < 0 || column < 0 || column >= ColumnCount ||
        (parent.isValid() && parent.column() != 0))
        return {};
    const int p = nodeOf(parent);
    if (p < 0)
        return row == 0 ? createIndex(0, column, quintptr(m_doc.root())) : QModelIndex();
    if (row >= m_doc.childCount(p))
        return {};
    return createIndex(row, column, quintptr(m_doc.child(p, row)));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !m_doc.isValid())
        return {};
    const int p = m_doc.node(int(child.internalId())).parent;
    if (p < 0 || p == topParent())
        return {};
    return createIndex(m_doc.node(p).row, 0, quintptr(p));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!m_doc.isValid() || (parent.isValid() && parent.column() != 0))
        return 0;
    const int p = nodeOf(parent);
    if (p < 0)
        return 1;
    return m_doc.childCount(p);
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString JsonTreeModel::path(const QModelIndex &index) const
{
    return index.isValid() && m_doc.isValid() ? m_doc.path(int(index.internalId())) : QString();
}

QString JsonTreeModel::copyValue(const QModelIndex &index) const
{
    if (!index.isValid() || !m_doc.isValid())
        return {};
    const int id = int(index.internalId());
    if (!m_doc.node(id).isContainer())
        return m_doc.value(id);
    QByteArray pretty;
    JsonDocument::prettyPrint(m_doc.sourceOf(id), &pretty);
    return QString::fromUtf8(pretty);
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_doc.isValid())
        return {};
    const int id = int(index.internalId());
    const JsonNode &node = m_doc.node(id);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn: {
            if (node.parent < 0)
                return tr("(root)");
            if (m_doc.node(node.parent).type == JsonNode::Type::Array)
                return QString(QLatin1Char('[') + QString::number(node.row) + QLatin1Char(']'));
            return m_doc.key(id);
        }
        case ValueColumn:
            if (node.type == JsonNode::Type::Object)
                return node.childCount == 1 ? tr("{1 member}")
                                            : tr("{%1 members}").arg(node.childCount);
            if (node.type == JsonNode::Type::Array)
                return node.childCount == 1 ? tr("[1 item]")
                                            : tr("[%1 items]").arg(node.childCount);
            if (node.type == JsonNode::Type::String) {
                const QString value = m_doc.value(id);
                QString shown = value.left(MaxDisplayChars);
                shown.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
                if (value.size() > MaxDisplayChars)
                    shown += QChar(0x2026);
                return QString(QLatin1Char('"') + shown + QLatin1Char('"'));
            }
            return m_doc.value(id);
        case TypeColumn:
            return typeName(node.type);
        }
        return {};
    case Qt::ToolTipRole:
        return m_doc.path(id);
    case Qt::ForegroundRole: {
        if (index.column() != ValueColumn)
            return {};
        switch (node.type) {
        case JsonNode::Type::String:
            return JsonHighlighter::colour(JsonHighlighter::Token::String, m_palette);
        case JsonNode::Type::Number:
            return JsonHighlighter::colour(JsonHighlighter::Token::Number, m_palette);
        case JsonNode::Type::Bool:
        case JsonNode::Type::Null:
            return JsonHighlighter::colour(JsonHighlighter::Token::Literal, m_palette);
        default:
            return {};
        }
    }
    case Qt::FontRole:
        // Container summaries in italics: distinct from values in any theme.
        if (index.column() == ValueColumn && node.isContainer()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case PathRole:
        return m_doc.path(id);
    case CopyValueRole:
        return copyValue(index);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}

} // namespace hookscope
