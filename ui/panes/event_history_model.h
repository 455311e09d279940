#pragma once

#include "deliver/envelope_format.h"

#include <QAbstractTableModel>

namespace hookscope {

// A fired event with how many of its deliveries arrived.
struct EventHistoryEntry
{
    OutboundEvent event;
    int delivered = 0;
    int total = 0;
};

// The events fired most recently, newest first: time, type, id, delivered / total.
class EventHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        TypeColumn,
        IdColumn,
        DeliveredColumn,
        ColumnCount
    };
    enum Role
    {
        UidRole = Qt::UserRole + 1,
    };

    explicit EventHistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // New events at the top are inserted; the same ids only change cells.
    void setEntries(const QList<EventHistoryEntry> &entries);
    const QList<EventHistoryEntry> &entries() const { return m_entries; }

private:
    QList<EventHistoryEntry> m_entries;
};

} // namespace hookscope
