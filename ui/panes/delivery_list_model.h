#pragma once

#include "store/outbox_store.h"

#include <QAbstractTableModel>
#include <QHash>

namespace hookscope {

class Engine;

// Deliveries matching a filter, newest first, a page at a time: the first page on a filter
// change, the next one (DeliveryFilter::beforeId) when a view scrolls to the end or
// fetchMore() is called, never the whole table. refresh() re-reads the pages loaded so far
// and merges them in place (new rows at the top, changed cells, rows that left the filter
// removed), so the selection and the scroll position stay. Reads go through
// Engine::outboxCall; results of an older filter are dropped.
class DeliveryListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int DefaultPageSize = 50;

    enum Column
    {
        IdColumn,
        CreatedColumn,
        EventTypeColumn,
        EventIdColumn,
        SubscriptionColumn,
        StatusColumn,
        AttemptsColumn,
        LastResultColumn,
        NextAttemptColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        StatusRole, // the store's status word
    };

    explicit DeliveryListModel(Engine *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    void setPageSize(int size) { m_pageSize = qMax(1, size); }
    int pageSize() const { return m_pageSize; }
    DeliveryFilter filter() const { return m_filter; }
    // Empties the list and loads the first page of this filter (its beforeId and limit are
    // the model's own).
    void setFilter(const DeliveryFilter &filter);
    void refresh();
    bool hasMore() const { return m_more; }
    bool isLoading() const { return m_loadingFirst || m_fetching; }

    qint64 idAt(int row) const;
    int rowOf(qint64 id) const;
    const DeliveryRow *delivery(qint64 id) const;

signals:
    // A page or a refresh was applied.
    void loaded();

private:
    void load(int limit, qint64 beforeId, bool append);
    void append(const QList<DeliveryRow> &rows);
    void merge(const QList<DeliveryRow> &rows, bool complete);
    void reindex();
    QString text(const DeliveryRow &row, int column) const;

    Engine *m_engine;
    DeliveryFilter m_filter;
    QList<DeliveryRow> m_rows; // newest first
    QHash<qint64, int> m_rowOf;
    quint64 m_generation = 0;
    int m_pageSize = DefaultPageSize;
    bool m_more = false;
    bool m_loadingFirst = false;
    bool m_fetching = false;
};

} // namespace hookscope
