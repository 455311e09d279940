#include "delivery_list_model.h"

#include "deliver/outbox_service.h"
#include "engine.h"
#include "outbox_text.h"

#include <QLocale>
#include <limits>

namespace hookscope {

DeliveryListModel::DeliveryListModel(Engine *engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine)
{}

int DeliveryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeliveryListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeliveryListModel::text(const DeliveryRow &row, int column) const
{
    switch (column) {
    case IdColumn:
        return QString::number(row.id);
    case CreatedColumn:
        return OutboxText::time(row.createdUs);
    case EventTypeColumn:
        return row.event.type;
    case EventIdColumn:
        return QString::fromLatin1(row.event.uid);
    case SubscriptionColumn:
        return row.subscriptionName;
    case StatusColumn:
        return OutboxText::status(row.status);
    case AttemptsColumn:
        return QLocale().toString(row.attempts);
    case LastResultColumn:
        return row.attempts ? OutboxText::attemptResult(row.lastStatus, row.lastError)
                            : QStringLiteral("–");
    case NextAttemptColumn:
        return row.status == QLatin1String("scheduled") || row.status == QLatin1String("pending")
                   ? OutboxText::time(row.nextAttemptUs)
                   : QString();
    }
    return {};
}

QVariant DeliveryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeliveryRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastResultColumn || index.column() == EventIdColumn)
            return text(row, index.column());
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            const QColor color = OutboxText::statusColor(row.status);
            return color.isValid() ? QVariant(color) : QVariant();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == AttemptsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return row.id;
    case StatusRole:
        return row.status;
    }
    return {};
}

QVariant DeliveryListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("#");
    case CreatedColumn:
        return tr("Created");
    case EventTypeColumn:
        return tr("Event");
    case EventIdColumn:
        return tr("Event id");
    case SubscriptionColumn:
        return tr("Subscription");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case LastResultColumn:
        return tr("Last result");
    case NextAttemptColumn:
        return tr("Next attempt");
    }
    return {};
}

bool DeliveryListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more && !m_fetching && !m_loadingFirst;
}

void DeliveryListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || m_rows.isEmpty())
        return;
    m_fetching = true;
    load(m_pageSize, m_rows.last().id, true);
}

void DeliveryListModel::setFilter(const DeliveryFilter &filter)
{
    m_filter = filter;
    m_filter.beforeId = 0;
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
    m_more = false;
    m_fetching = false;
    m_loadingFirst = true;
    load(m_pageSize, 0, false);
}

void DeliveryListModel::refresh()
{
    // What is loaded so far, read again from the newest.
    load(qMax<int>(m_pageSize, int(m_rows.size())), 0, false);
}

void DeliveryListModel::load(int limit, qint64 beforeId, bool append)
{
    DeliveryFilter filter = m_filter;
    filter.beforeId = beforeId;
    filter.limit = limit;
    const quint64 generation = m_generation;
    m_engine->outboxCall(
        this, [filter](OutboxService &outbox) { return outbox.deliveries(filter); },
        [this, generation, limit, append](const QList<DeliveryRow> &rows) {
            if (generation != m_generation)
                return;
            if (append) {
                m_fetching = false;
                m_more = rows.size() >= limit;
                this->append(rows);
            } else {
                const bool first = m_loadingFirst;
                m_loadingFirst = false;
                const bool complete = rows.size() < limit;
                if (complete || first)
                    m_more = !complete;
                merge(rows, complete);
            }
            emit loaded();
        });
}

void DeliveryListModel::append(const QList<DeliveryRow> &rows)
{
    const qint64 last = m_rows.isEmpty() ? std::numeric_limits<qint64>::max() : m_rows.last().id;
    QList<DeliveryRow> older;
    for (const DeliveryRow &row : rows) {
        if (row.id < last)
            older.append(row);
    }
    if (older.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + older.size() - 1));
    m_rows.append(older);
    reindex();
    endInsertRows();
}

void DeliveryListModel::merge(const QList<DeliveryRow> &rows, bool complete)
{
    // Both lists are newest first. Rows older than the re-read window (when it was cut by
    // its limit) are left as they are.
    const qint64 windowEnd = complete || rows.isEmpty() ? 0 : rows.last().id;
    int i = 0;
    qsizetype j = 0;
    while (i < m_rows.size() || j < rows.size()) {
        const bool haveOld = i < m_rows.size();
        const bool haveNew = j < rows.size();
        if (haveNew && (!haveOld || rows.at(j).id > m_rows.at(i).id)) {
            // A run of new rows goes in with one insert.
            qsizetype end = j + 1;
            while (end < rows.size() && (!haveOld || rows.at(end).id > m_rows.at(i).id))
                ++end;
            beginInsertRows({}, i, int(i + end - j - 1));
            for (qsizetype k = j; k < end; ++k)
                m_rows.insert(i + (k - j), rows.at(k));
            endInsertRows();
            i += int(end - j);
            j = end;
        } else if (haveOld && (!haveNew || m_rows.at(i).id > rows.at(j).id)) {
            if (m_rows.at(i).id < windowEnd) {
                ++i; // beyond the window: kept
                continue;
            }
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        } else {
            const DeliveryRow &fresh = rows.at(j);
            DeliveryRow &row = m_rows[i];
            if (fresh.status != row.status || fresh.attempts != row.attempts ||
                fresh.updatedUs != row.updatedUs || fresh.nextAttemptUs != row.nextAttemptUs ||
                fresh.subscriptionName != row.subscriptionName) {
                row = fresh;
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            ++i;
            ++j;
        }
    }
    reindex();
}

void DeliveryListModel::reindex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).id, int(i));
}

qint64 DeliveryListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int DeliveryListModel::rowOf(qint64 id) const
{
    return m_rowOf.value(id, -1);
}

const DeliveryRow *DeliveryListModel::delivery(qint64 id) const
{
    const int row = rowOf(id);
    return row >= 0 ? &m_rows.at(row) : nullptr;
}

} // namespace hookscope
