// Fills a Hookscope database with realistic captured webhooks, for the inspector benchmark:
//   hookscope_bench_generate DATA_DIR COUNT [SEED]
// Rows go in through RequestStore (the same insert as live capture), in transactions of
// 10,000, spread over the last 30 days, then indexed for full-text search as the capture
// writer does behind capture.
#include "store/database.h"
#include "store/request_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <cstdio>

using namespace hookscope;

namespace {

struct Source
{
    const char *path;
    const char *signatureHeader;
    const char *events[4];
};

// Provider-like endpoints and their event types (seed documents and common providers).
const Source sources[] = {
    {"/hooks/stripe",
     "Stripe-Signature",
     {"invoice.paid", "customer.created", "payment_intent.succeeded", "charge.refunded"}},
    {"/hooks/github", "X-Hub-Signature-256", {"push", "pull_request", "issues", "release"}},
    {"/hooks/pathfinder",
     "X-Pathfinder-Signature",
     {"user.created", "user.updated", "booking.created", "resume.updated"}},
    {"/hooks/shopify",
     "X-Shopify-Hmac-Sha256",
     {"orders/create", "orders/paid", "products/update", "customers/create"}},
    {"/webhooks/inbound",
     "webhook-signature",
     {"session.started", "recording.ready", "agent.assigned", "payment.failed"}},
};

const char *const methods[] = {"POST", "POST", "POST", "POST", "POST", "PUT", "PATCH", "GET"};
const char *const firstNames[] = {"Ann",  "Bob",  "Chidi", "Dana", "Emil", "Fatima", "Goran",
                                  "Hana", "Ivan", "Jun",   "Kofi", "Lena", "Mateo",  "Nora"};
const char *const cities[] = {"Lisbon", "Oslo", "Nairobi", "Osaka", "Lima", "Tallinn", "Austin"};

QByteArray body(QRandomGenerator &random, const char *eventType, qint64 n)
{
    const char *name = firstNames[random.bounded(int(std::size(firstNames)))];
    const char *city = cities[random.bounded(int(std::size(cities)))];
    QByteArray tags;
    const int tagCount = random.bounded(1, 5);
    for (int i = 0; i < tagCount; ++i) {
        if (i)
            tags += ',';
        tags += "{\"id\":" + QByteArray::number(random.bounded(1000)) + ",\"name\":\"tag-" +
                QByteArray::number(random.bounded(60)) + "\"}";
    }
    QByteArray notes;
    const int words = random.bounded(20, 120);
    for (int i = 0; i < words; ++i)
        notes += (i ? " " : "") +
                 QByteArray(firstNames[random.bounded(int(std::size(firstNames)))]).toLower();
    return "{\"id\":\"evt_" + QByteArray::number(n, 36) + "\",\"type\":\"" + eventType +
           "\",\"created\":" + QByteArray::number(1700000000 + n) +
           ",\"data\":{\"object\":{\"id\":\"obj_" + QByteArray::number(random.generate(), 36) +
           "\",\"email\":\"" + QByteArray(name).toLower() + "." + QByteArray::number(n) +
           "@example.com\",\"name\":\"" + name + "\",\"city\":\"" + city +
           "\",\"amount\":" + QByteArray::number(random.bounded(100000)) +
           ",\"currency\":\"eur\",\"tags\":[" + tags + "],\"notes\":\"" + notes +
           "\"}},\"livemode\":false}";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool ok = false;
    const qint64 count = args.value(2).toLongLong(&ok);
    if (args.size() < 3 || !ok || count <= 0) {
        std::fprintf(stderr, "usage: hookscope_bench_generate DATA_DIR COUNT [SEED]\n");
        return 2;
    }
    QDir().mkpath(args.at(1));
    Database db(Database::fileIn(args.at(1)), QStringLiteral("generate"));
    if (!db.open() || !db.migrate()) {
        std::fprintf(stderr, "cannot open the database: %s\n", qPrintable(db.lastError()));
        return 1;
    }
    QRandomGenerator random(args.value(3, QStringLiteral("7")).toUInt());
    RequestStore store(db.connection());
    const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    const qint64 spanUs = 30ll * 86400 * 1000000;
    QElapsedTimer timer;
    timer.start();
    constexpr qint64 Batch = 10000;
    for (qint64 done = 0; done < count;) {
        db.connection().transaction();
        const qint64 end = qMin(count, done + Batch);
        for (; done < end; ++done) {
            const Source &source = sources[random.bounded(int(std::size(sources)))];
            const char *eventType = source.events[random.bounded(4)];
            StoredRequest r;
            r.receivedUs = nowUs - spanUs + spanUs * done / count;
            r.method = methods[random.bounded(int(std::size(methods)))];
            r.path = source.path;
            if (random.bounded(4) == 0)
                r.query = "attempt=" + QByteArray::number(random.bounded(1, 6));
            if (r.method != "GET") {
                r.body = body(random, eventType, done);
                r.eventType = QString::fromLatin1(eventType);
            }
            r.bodySize = r.body.size();
            r.headers = {
                {"Host", "127.0.0.1:8780"},
                {"User-Agent", "Provider-Webhooks/1.0"},
                {"Content-Type", "application/json"},
                {"Content-Length", QByteArray::number(r.body.size())},
                {source.signatureHeader, "t=" + QByteArray::number(1700000000 + done) +
                                             ",v1=" + QByteArray::number(random.generate64(), 16)},
                {"X-Request-Id", "req_" + QByteArray::number(random.generate64(), 36)},
            };
            r.remoteAddress = QStringLiteral("127.0.0.1");
            r.remotePort = quint16(random.bounded(30000, 60000));
            const int roll = random.bounded(100);
            r.responseStatus = roll < 85 ? 200 : roll < 92 ? 400 : roll < 96 ? 404 : 503;
            r.responseBody = "{\"success\":true}";
            if (!store.insert(r)) {
                std::fprintf(stderr, "insert failed: %s\n", qPrintable(store.lastError()));
                return 1;
            }
        }
        db.connection().commit();
        std::fprintf(stderr, "\r%lld / %lld requests", done, count);
    }
    std::fprintf(stderr, "\n");
    std::printf("generated %lld requests in %.1f s\n", count, timer.elapsed() / 1000.0);
    // A steady state: the full-text index caught up, as the writer leaves it when capture
    // pauses. Timed, since that is the indexer's throughput.
    timer.restart();
    const qint64 last = store.maxId();
    for (qint64 upto = store.indexedUpto(); upto >= 0 && upto < last;) {
        db.connection().transaction();
        upto = store.indexPending(10000);
        db.connection().commit();
        if (upto < 0) {
            std::fprintf(stderr, "indexing failed: %s\n", qPrintable(store.lastError()));
            return 1;
        }
        std::fprintf(stderr, "\rindexed %lld / %lld", upto, last);
    }
    std::fprintf(stderr, "\n");
    std::printf("full-text indexed in %.1f s (%.0f requests/s)\n", timer.elapsed() / 1000.0,
                double(count) * 1000.0 / double(qMax<qint64>(1, timer.elapsed())));
    return 0;
}
