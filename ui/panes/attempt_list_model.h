#pragma once

#include "store/outbox_store.h"

#include <QAbstractTableModel>

namespace hookscope {

// One delivery's attempts in order: number, start time, duration and result (HTTP status
// or the error).
class AttemptListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        AttemptColumn,
        StartedColumn,
        DurationColumn,
        ResultColumn,
        ColumnCount
    };

    explicit AttemptListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Same attempts as before (a refresh): only the cells change; more: appended.
    void setAttempts(qint64 deliveryId, const QList<AttemptRow> &attempts);
    qint64 deliveryId() const { return m_deliveryId; }
    const QList<AttemptRow> &attempts() const { return m_attempts; }
    const AttemptRow *attemptAt(int row) const;

private:
    qint64 m_deliveryId = 0;
    QList<AttemptRow> m_attempts;
};

} // namespace hookscope
