// Subscription (fields, validation, event globs, secrets), envelope formats, the retry
// policy and the per-subscription rate limiter.
#include "deliver/envelope_format.h"
#include "deliver/rate_limiter.h"
#include "deliver/retry_policy.h"
#include "deliver/subscription.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_verifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace hookscope;

class TestSubscription : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void applyJson_data();
    void applyJson();
    void patchKeepsOtherFields();
    void putResetsToDefaults();
    void globs_data();
    void globs();
    void generatedSecretSignsAndVerifies();
    void asymmetricSecretIsAKeyPair();
    void envelopes_data();
    void envelopes();
    void retryDelays();
    void retryAfter_data();
    void retryAfter();
    void rateLimiter();
};

void TestSubscription::defaults()
{
    Subscription s;
    QString error;
    QVERIFY(
        s.applyJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("CRM")},
                                {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/h")}},
                    true, &error));
    QCOMPARE(s.events, QStringList{QStringLiteral("*")});
    QVERIFY(s.active);
    QCOMPARE(s.scheme, QStringLiteral("standard-webhooks"));
    QCOMPARE(s.envelope, QStringLiteral("standard"));
    QCOMPARE(s.retryAttempts, 5);
    QCOMPARE(s.totalAttempts(), 6);
    QCOMPARE(s.timeoutMs, 10000);
    QCOMPARE(s.disableAfter, 20);
    const QJsonObject json = s.toJson();
    QVERIFY(!json.contains(QStringLiteral("secret")));
    QCOMPARE(json.value(QStringLiteral("retryDelay")).toDouble(), 5.0);
}

void TestSubscription::applyJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // empty: accepted

    const QByteArray base = R"("name":"n","url":"https://example.com/hook")";
    QTest::newRow("minimal") << "{" + base + "}" << QString();
    QTest::newRow("seed 003 fields")
        << "{" + base + R"(,"retryAttempts":3,"retryDelay":60,"timeoutMs":10000})" << QString();
    QTest::newRow("fractional delay") << "{" + base + R"(,"retryDelay":0.25})" << QString();
    QTest::newRow("no name") << QByteArray(R"({"url":"https://example.com"})")
                             << QStringLiteral("\"name\" is required");
    QTest::newRow("no url") << QByteArray(R"({"name":"n"})")
                            << QStringLiteral("\"url\" is required");
    QTest::newRow("ftp url") << QByteArray(R"({"name":"n","url":"ftp://example.com/x"})")
                             << QStringLiteral(
                                    "\"url\" must be an http:// or https:// URL with a host");
    QTest::newRow("empty events") << "{" + base + R"(,"events":[]})"
                                  << QStringLiteral(
                                         "\"events\" must be a non-empty array of event types");
    QTest::newRow("events not strings")
        << "{" + base + R"(,"events":[1]})"
        << QStringLiteral("\"events\" must hold event types (strings)");
    QTest::newRow("unknown scheme")
        << "{" + base + R"(,"scheme":"nope"})"
        << QStringLiteral("unknown signing \"scheme\" \"nope\" (hookscope "
                          "schemes lists them)");
    QTest::newRow("unknown envelope")
        << "{" + base + R"(,"envelope":"xml"})"
        << QStringLiteral("unknown \"envelope\" \"xml\" (one of standard, "
                          "seed-001, seed-003, raw)");
    QTest::newRow("retries negative")
        << "{" + base + R"(,"retryAttempts":-1})"
        << QStringLiteral("\"retryAttempts\" must be a whole number from 0 to 50");
    QTest::newRow("retries fraction")
        << "{" + base + R"(,"retryAttempts":1.5})"
        << QStringLiteral("\"retryAttempts\" must be a whole number from 0 to 50");
    QTest::newRow("delay zero")
        << "{" + base + R"(,"retryDelay":0})"
        << QStringLiteral("\"retryDelay\" must be a number of seconds from 0.001 to 86400");
    QTest::newRow("timeout string")
        << "{" + base + R"(,"timeoutMs":"10"})"
        << QStringLiteral("\"timeoutMs\" must be a whole number from 100 to 600000");
    QTest::newRow("rate negative")
        << "{" + base + R"(,"rateLimit":-2})"
        << QStringLiteral("\"rateLimit\" must be deliveries per second from 0 "
                          "(unlimited) to 100000");
    QTest::newRow("header name") << "{" + base + R"(,"headers":{"Bad Name":"x"}})"
                                 << QStringLiteral(
                                        "\"headers\": \"Bad Name\" is not a header name");
    QTest::newRow("header newline") << "{" + base + R"(,"headers":{"X-A":"a\r\nB: c"}})"
                                    << QStringLiteral("\"headers\": the value of \"X-A\" must be a "
                                                      "single-line string");
    QTest::newRow("unknown field")
        << "{" + base + R"(,"retries":3})" << QStringLiteral("unknown field \"retries\"");
    QTest::newRow("active not bool")
        << "{" + base + R"(,"active":"yes"})" << QStringLiteral("\"active\" must be true or false");
    QTest::newRow("short whsec secret")
        << "{" + base + R"(,"secret":"whsec_AAAA"})"
        << QStringLiteral("PREFIX:\"secret\" does not suit standard-webhooks");
    QTest::newRow("pasted github secret")
        << "{" + base + R"(,"scheme":"github","secret":"It's a Secret to Everybody"})" << QString();
}

void TestSubscription::applyJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Subscription s;
    QString why;
    const bool ok = s.applyJson(QJsonDocument::fromJson(json).object(), true, &why);
    if (error.isEmpty()) {
        QVERIFY2(ok, qPrintable(why));
    } else if (error.startsWith(QLatin1String("PREFIX:"))) {
        QVERIFY(!ok);
        QVERIFY2(why.startsWith(error.mid(7)), qPrintable(why));
    } else {
        QVERIFY(!ok);
        QCOMPARE(why, error);
    }
}

void TestSubscription::patchKeepsOtherFields()
{
    Subscription s;
    QString error;
    QVERIFY(s.applyJson(QJsonDocument::fromJson(R"({"name":"a","url":"http://localhost/x",
        "events":["user.*"],"retryAttempts":2,"headers":{"X-One":"1","X-Two":"2"}})")
                            .object(),
                        true, &error));
    QVERIFY(s.applyJson(QJsonObject{{QStringLiteral("description"), QStringLiteral("d")}}, false,
                        &error));
    QCOMPARE(s.description, QStringLiteral("d"));
    QCOMPARE(s.events, QStringList{QStringLiteral("user.*")});
    QCOMPARE(s.retryAttempts, 2);
    QCOMPARE(s.headers.size(), 2);
    // A rejected patch reports the field and the caller keeps its copy.
    Subscription copy = s;
    QVERIFY(!copy.applyJson(QJsonObject{{QStringLiteral("url"), QStringLiteral("nope")}}, false,
                            &error));
    QCOMPARE(s.url, QStringLiteral("http://localhost/x"));
}

void TestSubscription::putResetsToDefaults()
{
    Subscription s;
    QString error;
    QVERIFY(s.applyJson(QJsonDocument::fromJson(R"({"name":"a","url":"http://localhost/x",
        "retryAttempts":2,"description":"old"})")
                            .object(),
                        true, &error));
    s.id = 7;
    s.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    QVERIFY(
        s.applyJson(QJsonDocument::fromJson(R"({"name":"b","url":"http://localhost/y"})").object(),
                    true, &error));
    QCOMPARE(s.id, 7);
    QCOMPARE(s.retryAttempts, 5);
    QCOMPARE(s.description, QString());
    QCOMPARE(s.secret, QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
}

void TestSubscription::globs_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("matches");
    QTest::newRow("star") << "*"
                          << "user.created" << true;
    QTest::newRow("family") << "user.*"
                            << "user.created" << true;
    QTest::newRow("family deep") << "user.*"
                                 << "user.profile.updated" << true;
    QTest::newRow("other family") << "user.*"
                                  << "booking.created" << false;
    QTest::newRow("exact") << "payment.failed"
                           << "payment.failed" << true;
    QTest::newRow("exact other") << "payment.failed"
                                 << "payment.failedx" << false;
    QTest::newRow("question") << "qr.scann?d"
                              << "qr.scanned" << true;
    QTest::newRow("regex chars are literal") << "a+b.*"
                                             << "a+b.c" << true;
    QTest::newRow("dot is literal") << "user.created"
                                    << "userXcreated" << false;
}

void TestSubscription::globs()
{
    QFETCH(QString, pattern);
    QFETCH(QString, type);
    QFETCH(bool, matches);
    QCOMPARE(Subscription::globMatches(pattern, type), matches);
    Subscription s;
    s.events = {QStringLiteral("nothing.here"), pattern};
    QCOMPARE(s.wants(type), matches);
}

void TestSubscription::generatedSecretSignsAndVerifies()
{
    const QByteArray secret = Subscription::generateSecret(QStringLiteral("standard-webhooks"));
    QVERIFY(secret.startsWith("whsec_"));
    QCOMPARE(QByteArray::fromBase64(secret.mid(6)).size(), 24);
    QVERIFY(Subscription::generateSecret(QStringLiteral("standard-webhooks")) != secret);
    Subscription s;
    s.name = QStringLiteral("n");
    s.url = QStringLiteral("http://localhost/x");
    s.secret = secret;
    QString error;
    QVERIFY2(s.validate(&error), qPrintable(error));
}

void TestSubscription::asymmetricSecretIsAKeyPair()
{
    QByteArray verifyKey;
    const QByteArray secret =
        Subscription::generateSecret(QStringLiteral("standard-webhooks-ed25519"), &verifyKey);
    QVERIFY(secret.startsWith("whsk_"));
    QVERIFY(verifyKey.startsWith("whpk_"));
}

void TestSubscription::envelopes_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("standard")
        << "standard"
        << QByteArray(
               R"({"type":"user.created","timestamp":"2026-03-01T10:00:00.000Z","data":{"id":"u1","n":1.5}})");
    QTest::newRow("seed-001")
        << "seed-001"
        << QByteArray(
               R"({"id":"evt_abc","type":"user.created","api_version":"1.0","created":1772359200,"data":{"id":"u1","n":1.5}})");
    QTest::newRow("seed-003")
        << "seed-003"
        << QByteArray(
               R"({"event":"user.created","timestamp":"2026-03-01T10:00:00.000Z","data":{"id":"u1","n":1.5},"metadata":{"source":"hookscope","action":"created","eventId":"evt_abc"}})");
    QTest::newRow("raw") << "raw" << QByteArray(R"({"id":"u1","n":1.5})");
}

void TestSubscription::envelopes()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, expected);
    OutboundEvent event;
    event.uid = "evt_abc";
    event.type = QStringLiteral("user.created");
    event.data = R"({"id":"u1","n":1.5})"; // inserted as fired, never re-serialised
    event.createdUs = 1772359200LL * 1000000;
    const QByteArray body = EnvelopeFormat::render(format, event);
    QCOMPARE(body, expected);
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestSubscription::retryDelays()
{
    // 0.5 is the middle of the jitter range: exactly base * 2^(n-1).
    QCOMPARE(RetryPolicy::delayMs(1000, 1, 0.5), 1000);
    QCOMPARE(RetryPolicy::delayMs(1000, 2, 0.5), 2000);
    QCOMPARE(RetryPolicy::delayMs(1000, 4, 0.5), 8000);
    QCOMPARE(RetryPolicy::delayMs(1000, 1, 0.0), 800);
    QCOMPARE(RetryPolicy::delayMs(1000, 1, 0.999999), 1200);
    QCOMPARE(RetryPolicy::delayMs(60000, 40, 0.5), RetryPolicy::MaxDelayMs);
    QVERIFY(RetryPolicy::delayMs(1, 1, 0.0) >= 1);
}

void TestSubscription::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected"); // -1: none
    QTest::newRow("seconds") << QByteArray("2") << qint64(2000);
    QTest::newRow("spaces") << QByteArray(" 30 ") << qint64(30000);
    QTest::newRow("date") << QByteArray("Wed, 21 Oct 2015 07:28:05 GMT") << qint64(5000);
    QTest::newRow("past date") << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void TestSubscription::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const qint64 now = QDateTime(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC).toMSecsSinceEpoch();
    const std::optional<qint64> delay = RetryPolicy::retryAfterMs(value, now);
    if (expected < 0)
        QVERIFY(!delay);
    else
        QCOMPARE(delay.value_or(-1), expected);
}

void TestSubscription::rateLimiter()
{
    RateLimiter limiter;
    qint64 wait = 0;
    // 2 a second: two at once, then one every 500 ms.
    QVERIFY(limiter.tryTake(1, 2.0, 1000, &wait));
    QVERIFY(limiter.tryTake(1, 2.0, 1000, &wait));
    QVERIFY(!limiter.tryTake(1, 2.0, 1000, &wait));
    QCOMPARE(wait, 500);
    QVERIFY(!limiter.tryTake(1, 2.0, 1400, &wait));
    QCOMPARE(wait, 100);
    QVERIFY(limiter.tryTake(1, 2.0, 1500, &wait));
    // Another subscription has its own bucket; 0 is unlimited.
    QVERIFY(limiter.tryTake(2, 2.0, 1500, &wait));
    for (int i = 0; i < 1000; ++i)
        QVERIFY(limiter.tryTake(3, 0, 1500, &wait));
    // Below one a second: one, then wait the full interval.
    QVERIFY(limiter.tryTake(4, 0.5, 0, &wait));
    QVERIFY(!limiter.tryTake(4, 0.5, 1000, &wait));
    QCOMPARE(wait, 1000);
}

QTEST_GUILESS_MAIN(TestSubscription)
#include "tst_subscription.moc"
