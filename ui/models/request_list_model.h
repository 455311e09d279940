#pragma once

#include "receive/capture_summary.h"
#include "store/request_browser.h"
#include "store/stored_request.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QSet>
#include <QTimer>
#include <memory>
#include <optional>

namespace hookscope {

class Database;
class RequestIdLoader;

// The request list, newest first. Holds only the ids of the rows that match the filter
// (read from a covering index in SQLite) and fetches the columns of the rows a view asks
// for a window at a time, into a bounded cache: a million stored requests cost a few
// megabytes. A filter change shows its first window at once; the rest of the ids come from
// a loader thread and are appended. Live arrivals are coalesced (at most 20 refreshes a
// second) and inserted at the top.
class RequestListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        SizeColumn,
        ContentTypeColumn,
        EventColumn,
        SignatureColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        UnreadRole,
    };

    explicit RequestListModel(QObject *parent = nullptr);
    ~RequestListModel() override;

    // Opens a read connection of this thread to the database file and loads the list.
    bool open(const QString &databasePath, QString *error);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    RequestFilter filter() const { return m_filter; }
    void setFilter(const RequestFilter &filter);
    // Re-reads the list from the database (after a failure, or to re-evaluate relative
    // time ranges).
    void reload();

    // Paused, arrivals are only counted; resuming shows them.
    void setLive(bool live);
    bool isLive() const { return m_live; }
    qint64 pendingCount() const { return m_pending; }

    qint64 idAt(int row) const;
    // The whole stored request (headers and body), read on the model's connection.
    std::optional<StoredRequest> request(qint64 id) const;
    int rowOf(qint64 id) const;
    // Every stored request, whatever the filter.
    qint64 totalCount() const { return m_total; }
    // False while the rest of a filter's ids is still being read.
    bool isComplete() const { return !m_loading; }
    void markRead(qint64 id);
    QString lastError() const { return m_error; }

public slots:
    void onCaptured(const QList<hookscope::CaptureSummary> &batch);
    void onDeleted(const QList<qint64> &ids);
    void onCleared();

signals:
    void countsChanged();
    void loadFailed(const QString &message);
    // The whole list of the current filter is in (after the first window).
    void loadCompleted();

private:
    const RequestRow *rowFor(int row) const;
    void fetchAround(int row) const;
    void refreshLive();
    void removeRowsWhere(const QSet<qint64> &ids);
    void onLoaded(quint64 generation, const QList<qint64> &ids, const QString &error);

    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestBrowser> m_browser;
    std::unique_ptr<RequestIdLoader> m_loader;
    quint64 m_generation = 0;
    bool m_loading = false;
    QSet<qint64> m_deletedWhileLoading;
    RequestFilter m_filter;
    QList<qint64> m_ids; // newest first
    mutable QCache<qint64, RequestRow> m_rows;
    QSet<qint64> m_unread;
    qint64 m_maxSeenId = 0; // every id up to here is in m_ids or does not match the filter
    qint64 m_total = 0;
    qint64 m_pending = 0;
    bool m_live = true;
    QTimer m_liveTimer;
    QString m_error;
};

} // namespace hookscope
