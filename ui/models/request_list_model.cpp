#include "request_list_model.h"

#include "request_id_loader.h"
#include "store/database.h"
#include "store/request_store.h"
#include "widgets/signature_badge.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace hookscope {

namespace {

constexpr int WindowBefore = 32;
constexpr int WindowAfter = 96;
constexpr int CachedRows = 4000;
constexpr int LiveIntervalMs = 50;
// Rows shown synchronously on a filter change: a screenful and then some.
constexpr int FirstWindow = 200;

QString timeText(qint64 receivedUs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(receivedUs / 1000);
    if (at.date() == QDate::currentDate())
        return at.toString(QStringLiteral("HH:mm:ss.zzz"));
    return at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QColor statusColor(int status)
{
    // Mid-tone colours read on light and dark palettes alike.
    if (status >= 500)
        return QColor(0xd0, 0x40, 0x40);
    if (status >= 400)
        return QColor(0xd0, 0x80, 0x20);
    if (status >= 300)
        return QColor(0x40, 0x80, 0xd0);
    return {};
}

} // namespace

RequestListModel::RequestListModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_rows.setMaxCost(CachedRows);
    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(LiveIntervalMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &RequestListModel::refreshLive);
}

RequestListModel::~RequestListModel()
{
    // The loader's thread and connection go first; then the model's own connection.
    m_loader.reset();
}

bool RequestListModel::open(const QString &databasePath, QString *error)
{
    m_db = std::make_unique<Database>(
        databasePath, QStringLiteral("hookscope-list-%1").arg(quintptr(this), 0, 16));
    if (!m_db->open()) {
        *error = m_db->lastError();
        m_db.reset();
        return false;
    }
    m_browser = std::make_unique<RequestBrowser>(m_db->connection());
    m_loader = std::make_unique<RequestIdLoader>(databasePath);
    connect(m_loader.get(), &RequestIdLoader::loaded, this, &RequestListModel::onLoaded);
    m_total = m_browser->totalCount();
    reload();
    if (!m_error.isEmpty()) {
        *error = m_error;
        return false;
    }
    return true;
}

void RequestListModel::reload()
{
    if (!m_browser)
        return;
    QSqlDatabase &connection = m_db->connection();
    // One read transaction: the first window and the high-water mark are one snapshot, and
    // the loader reads the rest up to that mark, so a request committed meanwhile is neither
    // lost nor listed twice (live refresh brings it).
    connection.transaction();
    const qint64 maxId = RequestStore(connection).maxId();
    QList<qint64> ids;
    const bool ok = m_browser->ids(m_filter, &ids, 0, FirstWindow);
    connection.commit();

    const quint64 generation = ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_deletedWhileLoading.clear();
    m_loading = false;
    if (ok) {
        m_loading = ids.size() >= FirstWindow;
        m_ids = std::move(ids);
        m_maxSeenId = maxId;
        m_error.clear();
        if (!m_loading && m_filter.isEmpty())
            m_total = m_ids.size();
    } else {
        m_ids.clear();
        m_error = m_browser->lastError();
    }
    m_pending = 0;
    endResetModel();
    if (m_loading)
        m_loader->load(generation, m_filter, maxId);
    emit countsChanged();
    if (!ok)
        emit loadFailed(m_error);
}

void RequestListModel::onLoaded(quint64 generation, const QList<qint64> &ids, const QString &error)
{
    if (generation != m_generation || !m_loading)
        return;
    m_loading = false;
    if (!error.isEmpty()) {
        m_error = error;
        emit countsChanged();
        emit loadFailed(error);
        return;
    }
    // What is listed already (the first window, live arrivals) stays; the rest follows in
    // the loader's order, without what was deleted meanwhile.
    const QSet<qint64> listed(m_ids.cbegin(), m_ids.cend());
    QList<qint64> tail;
    tail.reserve(ids.size());
    for (qint64 id : ids) {
        if (!listed.contains(id) && !m_deletedWhileLoading.contains(id))
            tail.append(id);
    }
    m_deletedWhileLoading.clear();
    if (!tail.isEmpty()) {
        const int first = int(m_ids.size());
        beginInsertRows({}, first, first + int(tail.size()) - 1);
        m_ids.append(tail);
        endInsertRows();
    }
    if (m_filter.isEmpty())
        m_total = m_ids.size();
    emit countsChanged();
    emit loadCompleted();
}

void RequestListModel::setFilter(const RequestFilter &filter)
{
    m_filter = filter;
    reload();
}

void RequestListModel::setLive(bool live)
{
    if (m_live == live)
        return;
    m_live = live;
    if (live) {
        m_pending = 0;
        refreshLive();
    }
    emit countsChanged();
}

int RequestListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int RequestListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 RequestListModel::idAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

std::optional<StoredRequest> RequestListModel::request(qint64 id) const
{
    if (!m_db)
        return std::nullopt;
    return RequestStore(m_db->connection()).fetch(id);
}

int RequestListModel::rowOf(qint64 id) const
{
    return int(m_ids.indexOf(id));
}

void RequestListModel::markRead(qint64 id)
{
    if (!m_unread.remove(id))
        return;
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::FontRole, UnreadRole});
}

void RequestListModel::fetchAround(int row) const
{
    const int first = qMax(0, row - WindowBefore);
    const int last = qMin(int(m_ids.size()) - 1, row + WindowAfter);
    QList<qint64> missing;
    for (int i = first; i <= last; ++i) {
        if (!m_rows.contains(m_ids.at(i)))
            missing.append(m_ids.at(i));
    }
    for (const RequestRow &r : m_browser->rows(missing))
        m_rows.insert(r.id, new RequestRow(r));
}

const RequestRow *RequestListModel::rowFor(int row) const
{
    const qint64 id = idAt(row);
    if (!id || !m_browser)
        return nullptr;
    if (const RequestRow *cached = m_rows.object(id))
        return cached;
    fetchAround(row);
    return m_rows.object(id);
}

QVariant RequestListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == IdRole)
        return idAt(index.row());
    if (role == UnreadRole)
        return m_unread.contains(idAt(index.row()));
    if (role == Qt::FontRole) {
        if (!m_unread.contains(idAt(index.row())))
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::ForegroundRole &&
        role != Qt::TextAlignmentRole)
        return {};
    const RequestRow *r = rowFor(index.row());
    if (!r)
        return {};
    switch (index.column()) {
    case TimeColumn:
        if (role == Qt::DisplayRole)
            return timeText(r->receivedUs);
        if (role == Qt::ToolTipRole)
            return QDateTime::fromMSecsSinceEpoch(r->receivedUs / 1000)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
        break;
    case MethodColumn:
        if (role == Qt::DisplayRole)
            return QString::fromLatin1(r->method);
        break;
    case PathColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            QString path = QString::fromUtf8(r->path);
            if (!r->query.isEmpty())
                path += QLatin1Char('?') + QString::fromUtf8(r->query);
            return path;
        }
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return r->responseStatus;
        if (role == Qt::ForegroundRole) {
            const QColor colour = statusColor(r->responseStatus);
            return colour.isValid() ? QVariant(colour) : QVariant();
        }
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ToolTipRole && !r->endpointName.isEmpty())
            return tr("Answered by the endpoint rule \"%1\"").arg(r->endpointName);
        break;
    case SizeColumn:
        if (role == Qt::DisplayRole) {
            const QString size =
                QLocale().formattedDataSize(r->bodySize, 1, QLocale::DataSizeTraditionalFormat);
            return r->truncated ? tr("%1 (not kept)").arg(size) : size;
        }
        if (role == Qt::ToolTipRole)
            return r->truncated ? tr("%1 bytes; over the body size limit, so not stored")
                                      .arg(QLocale().toString(r->bodySize))
                                : tr("%1 bytes").arg(QLocale().toString(r->bodySize));
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case ContentTypeColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return QString::fromLatin1(r->contentType);
        break;
    case EventColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return r->eventType;
        break;
    case SignatureColumn:
        if (role == Qt::DisplayRole)
            return SignatureBadge::text(r->verification);
        if (role == Qt::ForegroundRole) {
            const QColor colour = SignatureBadge::colour(r->verification);
            return colour.isValid() ? QVariant(colour) : QVariant();
        }
        if (role == Qt::ToolTipRole)
            return SignatureBadge::explanation(r->verification, r->verificationDetail);
        break;
    default:
        break;
    }
    return {};
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case StatusColumn:
        return tr("Status");
    case SizeColumn:
        return tr("Size");
    case ContentTypeColumn:
        return tr("Content type");
    case EventColumn:
        return tr("Event");
    case SignatureColumn:
        return tr("Signature");
    default:
        return {};
    }
}

void RequestListModel::onCaptured(const QList<CaptureSummary> &batch)
{
    m_total += batch.size();
    if (!m_live) {
        m_pending += batch.size();
        emit countsChanged();
        return;
    }
    if (!m_liveTimer.isActive())
        m_liveTimer.start();
}

void RequestListModel::refreshLive()
{
    if (!m_browser || !m_live)
        return;
    QSqlDatabase &connection = m_db->connection();
    connection.transaction();
    const qint64 maxId = RequestStore(connection).maxId();
    QList<qint64> fresh;
    const bool ok = m_browser->ids(m_filter, &fresh, m_maxSeenId);
    connection.commit();
    if (!ok) {
        m_error = m_browser->lastError();
        emit loadFailed(m_error);
        return;
    }
    m_maxSeenId = qMax(m_maxSeenId, maxId);
    if (!fresh.isEmpty()) {
        beginInsertRows({}, 0, int(fresh.size()) - 1);
        // QList grows at the front in amortised O(1): no copy of a million ids per refresh.
        for (auto it = fresh.crbegin(); it != fresh.crend(); ++it) {
            m_unread.insert(*it);
            m_ids.prepend(*it);
        }
        endInsertRows();
    }
    emit countsChanged();
}

void RequestListModel::onDeleted(const QList<qint64> &ids)
{
    m_total = qMax<qint64>(0, m_total - ids.size());
    QSet<qint64> gone(ids.cbegin(), ids.cend());
    if (m_loading)
        m_deletedWhileLoading.unite(gone);
    for (qint64 id : ids) {
        m_rows.remove(id);
        m_unread.remove(id);
    }
    removeRowsWhere(gone);
    emit countsChanged();
}

void RequestListModel::removeRowsWhere(const QSet<qint64> &ids)
{
    // From the end, one removal per contiguous run, so views keep their other rows.
    int row = int(m_ids.size()) - 1;
    while (row >= 0) {
        if (!ids.contains(m_ids.at(row))) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && ids.contains(m_ids.at(row - 1)))
            --row;
        beginRemoveRows({}, row, last);
        m_ids.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
}

void RequestListModel::onCleared()
{
    beginResetModel();
    m_ids.clear();
    m_rows.clear();
    m_unread.clear();
    m_total = 0;
    m_pending = 0;
    endResetModel();
    emit countsChanged();
}

} // namespace hookscope
