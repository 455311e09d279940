#pragma once

#include "request_filter.h"
#include "stored_request.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>

struct sqlite3_stmt;

namespace hookscope {

// Which fired events to read (events table). Every part optional; they combine.
struct EventFilter
{
    qint64 fromUs = 0; // created at or after
    qint64 toUs = 0;   // created before
    QString typeGlob;  // user.*
    QString text;      // case-insensitive substring of the data
};

struct ExportedEvent
{
    qint64 id = 0;
    QByteArray uid;
    QByteArray type;
    QByteArray data; // the event's payload as stored (JSON)
    QByteArray source;
    qint64 createdUs = 0;
};

// Which deliveries to read: time on created_us, the event's type, status, subscription (its
// id, or a glob on its name).
struct DeliveryFilter
{
    qint64 fromUs = 0;
    qint64 toUs = 0;
    QString eventGlob;
    QString status; // pending, scheduled, delivered, failed, cancelled
    QString subscription;
};

struct ExportedAttempt
{
    int attempt = 0;
    qint64 startedUs = 0;
    qint64 durationUs = 0;
    QByteArray url;
    QByteArray requestHeaders;
    QByteArray requestBody;
    int responseStatus = 0;
    QByteArray responseHeaders;
    QByteArray responseBody;
    QByteArray error;
};

// One delivery with its event, its subscription (name and URL: never the secret, which
// lives in subscription_secrets and is not read here) and its attempts in order.
struct ExportedDelivery
{
    qint64 id = 0;
    qint64 eventId = 0;
    QByteArray eventUid;
    QByteArray eventType;
    qint64 subscriptionId = 0;
    QByteArray subscriptionName;
    QByteArray subscriptionUrl;
    QByteArray status;
    int attempts = 0;
    qint64 nextAttemptUs = 0;
    int lastStatus = 0;
    QByteArray lastError;
    qint64 lastDurationUs = 0;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;
    qint64 completedUs = 0;
    QList<ExportedAttempt> attemptLog;
};

// The read side of exports: captured requests (filtered exactly as the inspector's list, by
// RequestBrowser), fired events and deliveries with their attempts, oldest first, one row
// at a time. Runs on the calling thread's connection.
class ExportSourceStore
{
public:
    explicit ExportSourceStore(const QSqlDatabase &db);
    ~ExportSourceStore();
    ExportSourceStore(const ExportSourceStore &) = delete;
    ExportSourceStore &operator=(const ExportSourceStore &) = delete;

    // Ids matching the filter, oldest first; with `selected`, only those of them (8 bytes a
    // row is what an export holds in memory besides the row it writes).
    bool requestIds(const RequestFilter &filter, const QList<qint64> &selected,
                    QList<qint64> *out) const;
    // One request; rawHeaders (when given) gets the stored "Name: value\r\n" lines and
    // request->headers is then left empty (decoding them is half the cost of a row);
    // contentType (when given) the stored content type.
    bool fetchRequest(qint64 id, StoredRequest *request, QByteArray *rawHeaders = nullptr,
                      QByteArray *contentType = nullptr);

    // Every request in id (arrival) order in one statement: a sequential scan, several times
    // cheaper than a lookup per id, on one read snapshot. visit returns false to stop.
    using RequestVisit = std::function<bool(const StoredRequest &, const QByteArray &rawHeaders,
                                            const QByteArray &contentType)>;
    bool eachRequest(const RequestVisit &visit) const;
    qint64 countRequests() const;

    qint64 countEvents(const EventFilter &filter) const;
    // visit returns false to stop; false with lastError() on a failed query.
    bool eachEvent(const EventFilter &filter,
                   const std::function<bool(const ExportedEvent &)> &visit) const;
    qint64 countDeliveries(const DeliveryFilter &filter) const;
    bool eachDelivery(const DeliveryFilter &filter,
                      const std::function<bool(const ExportedDelivery &)> &visit) const;

    QString lastError() const { return m_lastError; }

private:
    QSqlDatabase m_db;
    sqlite3_stmt *m_fetch = nullptr;
    mutable QString m_lastError;
};

} // namespace hookscope
