#pragma once

#include "store/stored_request.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QUrlQuery>
#include <functional>

namespace hookscope {

class OutboxService;

struct ApiRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    HeaderList headers;
    QByteArray body;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body; // JSON
    HeaderList headers;
};

// The local management REST API (README "Management API", resources/openapi.json), served by
// the receiver on its port: subscriptions, events, deliveries and queue statistics over the
// OutboxService. Bearer-token protected; JSON in and out; errors are
// {"success":false,"error":"..."}. Lives on the delivery thread with the service.
class ManagementApi : public QObject
{
    Q_OBJECT

public:
    // dataDir: where GET /api/export/... opens its own read connection.
    ManagementApi(OutboxService *outbox, const QByteArray &token, const QString &dataDir = {},
                  QObject *parent = nullptr);

    // Exports answered in memory stop at this size (the CLI streams any size to a file).
    static constexpr qint64 MaxExportBytes = 256LL * 1024 * 1024;

    // Whether the receiver hands this path to the API instead of capturing it.
    static bool handles(QByteArrayView path);
    // Runs on the API's thread.
    ApiResponse handle(const ApiRequest &request);
    // GET /api/export/{source}.{format}?filters: runs the export with its own connection on
    // the calling thread (dispatch() gives it one of its own, so deliveries never wait).
    ApiResponse exportNow(const ApiRequest &request) const;
    // Thread-safe: runs handle() on the API's thread, then `done` on the context's thread.
    void dispatch(const ApiRequest &request, QObject *context,
                  std::function<void(const ApiResponse &)> done);

    static ApiResponse error(int status, const QString &message);
    static ApiResponse ok(const QJsonValue &data, int status = 200);

private:
    struct Call
    {
        const ApiRequest &request;
        QStringList args; // the {id} parts of the path
        QUrlQuery query;
        QJsonObject body;
    };
    using Handler = ApiResponse (ManagementApi::*)(const Call &);
    struct Route
    {
        const char *method;
        const char *pattern; // "/api/webhooks/{}/test"
        Handler handler;
        bool needsBody;
    };
    static const QList<Route> &routes();

    ApiResponse listWebhooks(const Call &);
    ApiResponse createWebhook(const Call &);
    ApiResponse getWebhook(const Call &);
    ApiResponse patchWebhook(const Call &);
    ApiResponse putWebhook(const Call &);
    ApiResponse deleteWebhook(const Call &);
    ApiResponse testWebhook(const Call &);
    ApiResponse rotateSecret(const Call &);
    ApiResponse webhookDeliveries(const Call &);
    ApiResponse webhookStats(const Call &);
    ApiResponse queueStats(const Call &);
    ApiResponse retryFailed(const Call &);
    ApiResponse fireEvent(const Call &);
    ApiResponse listEvents(const Call &);
    ApiResponse getEvent(const Call &);
    ApiResponse resendEvent(const Call &);
    ApiResponse getDelivery(const Call &);
    ApiResponse retryDelivery(const Call &);
    ApiResponse cancelDelivery(const Call &);
    ApiResponse catalog(const Call &);
    ApiResponse openApi(const Call &);

    ApiResponse updateWebhook(const Call &call, bool replace);
    static ApiResponse noSubscription(const Call &call);
    static ApiResponse noDelivery(const Call &call);
    // The {id} of the path as a stored subscription's id; none with *missing (404) otherwise.
    std::optional<qint64> existingSubscription(const Call &call, ApiResponse *missing) const;
    QJsonArray deliveriesJson(const QList<struct DeliveryRow> &rows, bool withAttempts) const;

    bool authorized(const ApiRequest &request, ApiResponse *denied) const;

    OutboxService *m_outbox;
    QByteArray m_token;
    QString m_dataDir;
};

} // namespace hookscope
