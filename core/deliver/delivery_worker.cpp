#include "delivery_worker.h"

#include "deliver/envelope_format.h"
#include "deliver/retry_policy.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "store/database.h"
#include "store/subscription_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSqlError>
#include <chrono>

namespace hookscope {

namespace {

constexpr int FlushIntervalMs = 5;
constexpr int FlushBatch = 256;
constexpr qint64 IdlePollMs = 60 * 1000;
constexpr int PrefetchRows = 256;

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

QByteArray headerPairsJson(const QList<QPair<QByteArray, QByteArray>> &pairs)
{
    QJsonArray array;
    for (const auto &[name, value] : pairs)
        array.append(QJsonArray{QString::fromLatin1(name), QString::fromUtf8(value)});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace

DeliveryWorker::DeliveryWorker(Database &db, SubscriptionStore &subscriptions, OutboxStore &outbox,
                               QObject *parent)
    : QObject(parent), m_db(db), m_subscriptionStore(subscriptions), m_outbox(outbox),
      m_pumpTimer(this), m_flushTimer(this)
{
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &DeliveryWorker::pump);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &DeliveryWorker::flush);
    m_jitter = [] { return QRandomGenerator::global()->generateDouble(); };
}

DeliveryWorker::~DeliveryWorker()
{
    stop();
}

void DeliveryWorker::start()
{
    m_running = true;
    setConcurrency(m_concurrency);
    reloadSubscriptions();
    schedulePump(0);
}

void DeliveryWorker::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_pumpTimer.stop();
    const QList<QNetworkReply *> replies = m_flights.keys();
    m_flights.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    flush();
    qDeleteAll(m_managers);
    m_managers.clear();
}

void DeliveryWorker::setConcurrency(int concurrency)
{
    m_concurrency = qBound(1, concurrency, 1000);
    if (!m_running)
        return;
    const int managers = (m_concurrency + ConnectionsPerManager - 1) / ConnectionsPerManager;
    while (m_managers.size() < managers) {
        auto *manager = new QNetworkAccessManager;
        manager->setAutoDeleteReplies(false);
        m_managers.append(manager);
    }
    schedulePump(0);
}

void DeliveryWorker::wake()
{
    m_ready.clear();
    m_readyIndex = 0;
    schedulePump(0);
}

void DeliveryWorker::reloadSubscriptions()
{
    m_ready.clear();
    m_readyIndex = 0;
    m_subscriptions.clear();
    for (const Subscription &subscription : m_subscriptionStore.all())
        m_subscriptions.insert(subscription.id, subscription);
    schedulePump(0);
}

QNetworkAccessManager *DeliveryWorker::nextManager()
{
    QNetworkAccessManager *manager = m_managers.at(m_nextManager % m_managers.size());
    m_nextManager = (m_nextManager + 1) % m_managers.size();
    return manager;
}

void DeliveryWorker::schedulePump(qint64 inMs)
{
    if (!m_running)
        return;
    inMs = qBound<qint64>(0, inMs, IdlePollMs);
    if (!m_pumpTimer.isActive() || m_pumpTimer.remainingTime() > inMs)
        m_pumpTimer.start(int(inMs));
}

void DeliveryWorker::pump()
{
    if (!m_running)
        return;
    int free = m_concurrency - int(m_flights.size());
    if (free <= 0)
        return; // a finished attempt pumps again
    const qint64 now = nowUs();
    // Due rows are read in batches into m_ready, so a finished attempt starts the next one
    // without a query; anything that changes the outbox clears the batch (wake()). A
    // subscription out of rate-limit tokens is left out of the next read, so its backlog
    // never hides the other subscriptions' deliveries.
    qint64 retryInMs = -1;
    QSet<qint64> limited;
    for (int reads = 0; free > 0 && reads < 2; ++reads) {
        if (m_readyIndex >= m_ready.size()) {
            m_ready = m_outbox.due(now, std::max(PrefetchRows, m_concurrency * 4), m_busy, limited);
            m_readyIndex = 0;
            if (m_ready.isEmpty())
                break;
        }
        while (free > 0 && m_readyIndex < m_ready.size()) {
            const DeliveryRow row = m_ready.at(m_readyIndex++);
            if (m_busy.contains(row.id) || limited.contains(row.subscriptionId))
                continue;
            const auto it = m_subscriptions.constFind(row.subscriptionId);
            if (it == m_subscriptions.constEnd() || !it->active)
                continue;
            qint64 wait = 0;
            if (!m_rates.tryTake(row.subscriptionId, it->rateLimit, now / 1000, &wait)) {
                retryInMs = retryInMs < 0 ? wait : std::min(retryInMs, wait);
                limited.insert(row.subscriptionId);
                continue;
            }
            send(row, *it);
            --free;
        }
    }
    if (!limited.isEmpty()) {
        // The rows skipped for their rate limit were dropped from the batch: read again then.
        m_ready.clear();
        m_readyIndex = 0;
    }
    if (free == 0)
        return;
    if (retryInMs >= 0) {
        schedulePump(retryInMs);
    } else if (m_readyIndex < m_ready.size()) {
        schedulePump(0);
    } else if (const std::optional<qint64> next = m_outbox.nextDueUs()) {
        // Due rows we could not take are busy (in flight or being committed): the commit pumps.
        if (*next > now)
            schedulePump((*next - now + 999) / 1000);
    } else {
        schedulePump(IdlePollMs);
    }
}

void DeliveryWorker::send(const DeliveryRow &row, const Subscription &subscription)
{
    auto flight = std::make_shared<Flight>();
    flight->row = row;
    flight->subscription = subscription;
    AttemptRow &attempt = flight->attempt;
    attempt.deliveryId = row.id;
    attempt.attempt = row.attempts + 1;
    attempt.startedUs = nowUs();

    QByteArray body = EnvelopeFormat::render(subscription.envelope, row.event);
    QByteArray url = subscription.url.toUtf8();
    QList<QPair<QByteArray, QByteArray>> headers = {
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("User-Agent"),
         QByteArrayLiteral("Hookscope/") + QCoreApplication::applicationVersion().toLatin1()},
        {QByteArrayLiteral("X-Hookscope-Event-Id"), row.event.uid},
        {QByteArrayLiteral("X-Hookscope-Event-Type"), row.event.type.toUtf8()},
        {QByteArrayLiteral("X-Hookscope-Attempt"), QByteArray::number(attempt.attempt)},
    };
    for (const auto &[name, value] : subscription.headers)
        headers.append({name.toLatin1(), value.toUtf8()});
    QString signError;
    if (const SignatureScheme *scheme = SignatureSchemeRegistry::find(subscription.scheme)) {
        SignOptions options;
        options.id = row.event.uid; // idempotency: the same id on every attempt
        options.timestamp = attempt.startedUs / 1000000;
        options.url = url;
        const SignResult signature =
            SignatureSigner::sign(*scheme, subscription.secret, body, options);
        if (signature.ok) {
            for (const auto &[name, value] : signature.headers)
                headers.append({name, value});
            body = signature.body;
            url = signature.url.isEmpty() ? url : signature.url;
        } else {
            signError = signature.error;
        }
    } else {
        signError = QStringLiteral("unknown signing scheme \"%1\"").arg(subscription.scheme);
    }
    attempt.url = QString::fromUtf8(url);
    attempt.requestHeaders = headerPairsJson(headers);
    attempt.requestBody = body;
    if (!signError.isEmpty()) {
        // Nothing is sent unsigned: the attempt is logged as failed with the reason.
        attempt.error = QStringLiteral("could not sign: %1").arg(signError);
        m_busy.insert(row.id);
        conclude(*flight, 0, {});
        return;
    }

    QNetworkRequest request{QUrl::fromEncoded(url)};
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(subscription.timeoutMs);
    flight->clock.start();
    QNetworkReply *reply = nextManager()->post(request, body);
    m_busy.insert(row.id);
    m_flights.insert(reply, flight);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
}

void DeliveryWorker::finished(QNetworkReply *reply)
{
    const std::shared_ptr<Flight> flight = m_flights.take(reply);
    reply->deleteLater();
    if (!flight)
        return;
    AttemptRow &attempt = flight->attempt;
    attempt.durationUs = flight->clock.nsecsElapsed() / 1000;
    const QVariant statusValue = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusValue.isValid() ? statusValue.toInt() : 0;
    attempt.responseStatus = status;
    if (status > 0) {
        attempt.responseHeaders = headerPairsJson(reply->rawHeaderPairs());
        attempt.responseBody = reply->read(ResponseBodyLimit);
        if (status >= 300 && status < 400) {
            const QByteArray location = reply->rawHeader("Location");
            attempt.error = location.isEmpty()
                                ? QStringLiteral("HTTP %1: redirect not followed").arg(status)
                                : QStringLiteral("HTTP %1: redirect to %2 not followed")
                                      .arg(status)
                                      .arg(QString::fromUtf8(location));
        } else if (status < 200 || status >= 300) {
            attempt.error =
                QStringLiteral("HTTP %1 %2")
                    .arg(status)
                    .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                    .trimmed();
        }
    } else if (reply->error() == QNetworkReply::OperationCanceledError ||
               reply->error() == QNetworkReply::TimeoutError) {
        attempt.error = QStringLiteral("timed out after %1 ms without an answer")
                            .arg(flight->subscription.timeoutMs);
    } else {
        attempt.error = reply->errorString();
    }
    conclude(*flight, status, reply->rawHeader("Retry-After"));
    pump();
}

void DeliveryWorker::conclude(Flight &flight, int status, const QByteArray &retryAfter)
{
    const Subscription &subscription = flight.subscription;
    AttemptOutcome outcome;
    outcome.attempt = flight.attempt;
    const int attempt = flight.attempt.attempt;
    const qint64 now = nowUs();
    if (status >= 200 && status < 300) {
        outcome.status = QStringLiteral("delivered");
    } else if (status == 410 || attempt >= subscription.totalAttempts()) {
        outcome.status = QStringLiteral("failed");
    } else {
        outcome.status = QStringLiteral("scheduled");
        qint64 delayMs = RetryPolicy::delayMs(subscription.retryDelayMs, attempt, m_jitter());
        if (status == 429 || status == 503) {
            if (const std::optional<qint64> after =
                    RetryPolicy::retryAfterMs(retryAfter, now / 1000))
                delayMs = std::max<qint64>(*after, 1);
        }
        outcome.nextAttemptUs = now + delayMs * 1000;
    }

    // The subscription's run of failed deliveries decides auto-disable.
    auto it = m_subscriptions.find(subscription.id);
    if (it != m_subscriptions.end() && outcome.status != QLatin1String("scheduled")) {
        if (outcome.status == QLatin1String("delivered")) {
            if (it->consecutiveFailures != 0)
                m_changedSubscriptions.insert(it->id);
            it->consecutiveFailures = 0;
        } else {
            ++it->consecutiveFailures;
            m_changedSubscriptions.insert(it->id);
            QString reason;
            if (status == 410)
                reason = QStringLiteral("the endpoint answered 410 Gone");
            else if (it->disableAfter > 0 && it->consecutiveFailures >= it->disableAfter)
                reason = QStringLiteral("%1 consecutive failed deliveries (last: %2)")
                             .arg(it->consecutiveFailures)
                             .arg(flight.attempt.error);
            if (!reason.isEmpty() && it->active) {
                it->active = false;
                it->disabledReason = reason;
                emit subscriptionDisabled(it->id, reason);
            }
        }
    }
    if (outcome.status == QLatin1String("failed"))
        emit deliveryFailed(subscription.name, flight.row.event.type, flight.attempt.error);
    m_outcomes.append(std::move(outcome));
    if (m_outcomes.size() >= FlushBatch)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void DeliveryWorker::flush()
{
    m_flushTimer.stop();
    if (m_outcomes.isEmpty())
        return;
    QSqlDatabase &db = m_db.connection();
    const qint64 now = nowUs();
    bool ok = db.transaction();
    QString error = ok ? QString() : db.lastError().text();
    for (const AttemptOutcome &outcome : std::as_const(m_outcomes)) {
        if (!ok)
            break;
        ok = m_outbox.recordOutcome(outcome, now);
        if (!ok)
            error = m_outbox.lastError();
    }
    for (const qint64 id : std::as_const(m_changedSubscriptions)) {
        if (!ok)
            break;
        const auto it = m_subscriptions.constFind(id);
        if (it == m_subscriptions.constEnd())
            continue;
        ok = m_subscriptionStore.setFailureState(id, it->consecutiveFailures, it->active,
                                                 it->disabledReason, now);
        if (!ok)
            error = m_subscriptionStore.lastError();
    }
    if (ok && !db.commit()) {
        ok = false;
        error = db.lastError().text();
    }
    if (!ok) {
        db.rollback();
        // The outcomes stay queued and their deliveries busy: the next flush tries again.
        emit storeFailed(QStringLiteral("could not log delivery attempts: %1").arg(error));
        if (m_running)
            m_flushTimer.start(500);
        return;
    }
    const int count = int(m_outcomes.size());
    for (const AttemptOutcome &outcome : std::as_const(m_outcomes))
        m_busy.remove(outcome.attempt.deliveryId);
    m_outcomes.clear();
    m_changedSubscriptions.clear();
    m_logged += quint64(count);
    emit attemptsCommitted(count);
    schedulePump(0);
}

} // namespace hookscope
