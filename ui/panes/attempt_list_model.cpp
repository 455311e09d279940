#include "attempt_list_model.h"

#include "outbox_text.h"

#include <QColor>

namespace hookscope {

AttemptListModel::AttemptListModel(QObject *parent) : QAbstractTableModel(parent) {}

int AttemptListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attempts.size());
}

int AttemptListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AttemptRow &a = m_attempts.at(index.row());
    const bool ok = a.responseStatus >= 200 && a.responseStatus < 300;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case AttemptColumn:
            return tr("Attempt %1").arg(a.attempt);
        case StartedColumn:
            return OutboxText::time(a.startedUs);
        case DurationColumn:
            return OutboxText::duration(a.durationUs);
        case ResultColumn:
            return OutboxText::attemptResult(a.responseStatus, a.error);
        }
    } else if (role == Qt::ForegroundRole && index.column() == ResultColumn) {
        return ok ? QColor(0x30, 0xa0, 0x50) : QColor(0xd0, 0x40, 0x40);
    }
    return {};
}

QVariant AttemptListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AttemptColumn:
        return tr("Attempt");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}

void AttemptListModel::setAttempts(qint64 deliveryId, const QList<AttemptRow> &attempts)
{
    bool prefix = deliveryId == m_deliveryId && attempts.size() >= m_attempts.size();
    for (qsizetype i = 0; prefix && i < m_attempts.size(); ++i)
        prefix = attempts.at(i).id == m_attempts.at(i).id;
    if (!prefix) {
        beginResetModel();
        m_deliveryId = deliveryId;
        m_attempts = attempts;
        endResetModel();
        return;
    }
    if (attempts.size() > m_attempts.size()) {
        beginInsertRows({}, int(m_attempts.size()), int(attempts.size() - 1));
        m_attempts = attempts;
        endInsertRows();
    }
}

const AttemptRow *AttemptListModel::attemptAt(int row) const
{
    return row >= 0 && row < m_attempts.size() ? &m_attempts.at(row) : nullptr;
}

} // namespace hookscope
