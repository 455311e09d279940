#pragma once

#include "deliver/subscription.h"
#include "store/outbox_store.h"

#include <QAbstractTableModel>
#include <QHash>

namespace hookscope {

// A subscription with the statistics the list shows for it.
struct SubscriptionEntry
{
    Subscription subscription;
    SubscriptionStats stats;
};

// The subscriptions in id order: name, URL, events, state (with the reason a disabled one
// was disabled), success rate and last status. Set whole from one outbox read; an update
// with the same ids only changes cells.
class SubscriptionListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        UrlColumn,
        EventsColumn,
        StateColumn,
        SuccessColumn,
        LastStatusColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        ActiveRole,
    };

    explicit SubscriptionListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setEntries(const QList<SubscriptionEntry> &entries);
    const QList<SubscriptionEntry> &entries() const { return m_entries; }
    const SubscriptionEntry *entry(qint64 id) const;
    qint64 idAt(int row) const;
    int rowOf(qint64 id) const;

private:
    QString text(const SubscriptionEntry &entry, int column) const;

    QList<SubscriptionEntry> m_entries;
    QHash<qint64, int> m_rowOf;
};

} // namespace hookscope
