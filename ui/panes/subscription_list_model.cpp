#include "subscription_list_model.h"

#include "outbox_text.h"

#include <QColor>

namespace hookscope {

SubscriptionListModel::SubscriptionListModel(QObject *parent) : QAbstractTableModel(parent) {}

int SubscriptionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SubscriptionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SubscriptionListModel::text(const SubscriptionEntry &entry, int column) const
{
    const Subscription &s = entry.subscription;
    switch (column) {
    case NameColumn:
        return s.name;
    case UrlColumn:
        return s.url;
    case EventsColumn:
        return s.events.join(QStringLiteral(", "));
    case StateColumn:
        if (s.active)
            return tr("Active");
        return s.disabledReason.isEmpty() ? tr("Disabled")
                                          : tr("Disabled: %1").arg(s.disabledReason);
    case SuccessColumn:
        return entry.stats.succeeded + entry.stats.failed > 0
                   ? OutboxText::percent(entry.stats.successRate)
                   : QStringLiteral("–");
    case LastStatusColumn:
        if (!entry.stats.lastAttemptUs)
            return QStringLiteral("–");
        return entry.stats.lastStatus ? QString::number(entry.stats.lastStatus) : tr("no answer");
    }
    return {};
}

QVariant SubscriptionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SubscriptionEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(entry, index.column());
    case Qt::ToolTipRole:
        if (index.column() == EventsColumn || index.column() == UrlColumn ||
            index.column() == StateColumn)
            return text(entry, index.column());
        if (index.column() == NameColumn)
            return entry.subscription.description;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && !entry.subscription.active)
            return QColor(0xd0, 0x40, 0x40);
        if (index.column() == LastStatusColumn && entry.stats.lastAttemptUs &&
            (entry.stats.lastStatus < 200 || entry.stats.lastStatus >= 300))
            return QColor(0xd0, 0x40, 0x40);
        return {};
    case IdRole:
        return entry.subscription.id;
    case ActiveRole:
        return entry.subscription.active;
    }
    return {};
}

QVariant SubscriptionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case EventsColumn:
        return tr("Events");
    case StateColumn:
        return tr("State");
    case SuccessColumn:
        return tr("Success");
    case LastStatusColumn:
        return tr("Last");
    }
    return {};
}

void SubscriptionListModel::setEntries(const QList<SubscriptionEntry> &entries)
{
    bool sameIds = entries.size() == m_entries.size();
    for (qsizetype i = 0; sameIds && i < entries.size(); ++i)
        sameIds = entries.at(i).subscription.id == m_entries.at(i).subscription.id;
    if (sameIds) {
        m_entries = entries;
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_entries = entries;
    m_rowOf.clear();
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        m_rowOf.insert(m_entries.at(i).subscription.id, int(i));
    endResetModel();
}

const SubscriptionEntry *SubscriptionListModel::entry(qint64 id) const
{
    const int row = rowOf(id);
    return row >= 0 ? &m_entries.at(row) : nullptr;
}

qint64 SubscriptionListModel::idAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).subscription.id : 0;
}

int SubscriptionListModel::rowOf(qint64 id) const
{
    return m_rowOf.value(id, -1);
}

} // namespace hookscope
