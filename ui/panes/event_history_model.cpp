#include "event_history_model.h"

#include "outbox_text.h"

#include <QColor>

namespace hookscope {

EventHistoryModel::EventHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

int EventHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventHistoryEntry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return OutboxText::time(entry.event.createdUs);
        case TypeColumn:
            return entry.event.type;
        case IdColumn:
            return QString::fromLatin1(entry.event.uid);
        case DeliveredColumn:
            return entry.total ? tr("%1 / %2").arg(entry.delivered).arg(entry.total)
                               : tr("no subscriber");
        }
    } else if (role == Qt::ForegroundRole && index.column() == DeliveredColumn && entry.total) {
        if (entry.delivered == entry.total)
            return QColor(0x30, 0xa0, 0x50);
    } else if (role == UidRole) {
        return QString::fromLatin1(entry.event.uid);
    }
    return {};
}

QVariant EventHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case IdColumn:
        return tr("Event id");
    case DeliveredColumn:
        return tr("Delivered");
    }
    return {};
}

void EventHistoryModel::setEntries(const QList<EventHistoryEntry> &entries)
{
    // Newest first: the old list is usually a tail of the new one.
    const qsizetype added = entries.size() - m_entries.size();
    bool tail = added >= 0;
    for (qsizetype i = 0; tail && i < m_entries.size(); ++i)
        tail = entries.at(i + added).event.id == m_entries.at(i).event.id;
    if (!tail) {
        beginResetModel();
        m_entries = entries;
        endResetModel();
        return;
    }
    if (added > 0) {
        beginInsertRows({}, 0, int(added - 1));
        m_entries = entries;
        endInsertRows();
    } else {
        m_entries = entries;
    }
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, DeliveredColumn), index(rowCount() - 1, DeliveredColumn));
}

} // namespace hookscope
