#pragma once

#include "deliver/event_catalog.h"

#include <QAbstractTableModel>

namespace hookscope {

// The event catalog as a table (type, description, where it comes from); custom types in
// italics. A QSortFilterProxyModel over it does the search.
class CatalogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TypeColumn,
        SourceColumn,
        DescriptionColumn,
        ColumnCount
    };
    enum Role
    {
        TypeRole = Qt::UserRole + 1,
        CustomRole,
    };

    explicit CatalogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Unchanged events change nothing (a refresh keeps the selection).
    void setEvents(const QList<CatalogEvent> &events);
    const QList<CatalogEvent> &events() const { return m_events; }
    const CatalogEvent *find(const QString &type) const;
    int rowOf(const QString &type) const;

private:
    QList<CatalogEvent> m_events;
};

} // namespace hookscope
