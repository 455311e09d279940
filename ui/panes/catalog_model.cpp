#include "catalog_model.h"

#include <QFont>

namespace hookscope {

namespace {

bool same(const CatalogEvent &a, const CatalogEvent &b)
{
    return a.type == b.type && a.description == b.description && a.source == b.source &&
           a.sample == b.sample && a.custom == b.custom;
}

} // namespace

CatalogModel::CatalogModel(QObject *parent) : QAbstractTableModel(parent) {}

int CatalogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int CatalogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CatalogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CatalogEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TypeColumn:
            return event.type;
        case DescriptionColumn:
            return event.description;
        case SourceColumn:
            return event.custom ? tr("custom") : event.source;
        }
        return {};
    case Qt::FontRole:
        if (event.custom) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case TypeRole:
        return event.type;
    case CustomRole:
        return event.custom;
    }
    return {};
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case DescriptionColumn:
        return tr("Description");
    case SourceColumn:
        return tr("Source");
    }
    return {};
}

void CatalogModel::setEvents(const QList<CatalogEvent> &events)
{
    bool unchanged = events.size() == m_events.size();
    for (qsizetype i = 0; unchanged && i < events.size(); ++i)
        unchanged = same(events.at(i), m_events.at(i));
    if (unchanged)
        return;
    beginResetModel();
    m_events = events;
    endResetModel();
}

const CatalogEvent *CatalogModel::find(const QString &type) const
{
    const int row = rowOf(type);
    return row >= 0 ? &m_events.at(row) : nullptr;
}

int CatalogModel::rowOf(const QString &type) const
{
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        if (m_events.at(i).type == type)
            return int(i);
    }
    return -1;
}

} // namespace hookscope
