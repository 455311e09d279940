#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace hookscope {

// One outbound endpoint: where events go, which ones, how they are signed and wrapped, and
// how failures are retried. The JSON form is the management API's (README "Sending").
struct Subscription
{
    static constexpr int DefaultRetryAttempts = 5;
    static constexpr qint64 DefaultRetryDelayMs = 5000;
    static constexpr int DefaultTimeoutMs = 10000;
    static constexpr int DefaultDisableAfter = 20;

    qint64 id = 0;
    QString name;
    QString url;
    QString description;
    QStringList events = {QStringLiteral("*")}; // exact types or globs ('*' any text)
    bool active = true;
    QByteArray secret; // the signing secret; stored in subscription_secrets
    QString scheme = QStringLiteral("standard-webhooks");
    QString envelope = QStringLiteral("standard");
    // Sent with every attempt, in this order (the API's JSON object gives them sorted by name).
    QList<QPair<QString, QString>> headers;
    int retryAttempts = DefaultRetryAttempts;  // retries after the first try
    qint64 retryDelayMs = DefaultRetryDelayMs; // base of the exponential backoff
    int timeoutMs = DefaultTimeoutMs;
    double rateLimit = 0;                   // deliveries per second; 0: unlimited
    int disableAfter = DefaultDisableAfter; // consecutive failed deliveries; 0: never
    int consecutiveFailures = 0;
    QString disabledReason;
    qint64 createdUs = 0;
    qint64 updatedUs = 0;

    bool wants(const QString &eventType) const;
    int totalAttempts() const { return 1 + retryAttempts; }

    // The API's JSON; the secret only when asked for (on creation and rotation).
    QJsonObject toJson(bool withSecret = false) const;
    // Applies the fields present in json (PATCH). With replace (POST, PUT), absent fields take
    // their defaults and name and url are required. False with a message naming the field.
    bool applyJson(const QJsonObject &json, bool replace, QString *error);
    // The whole subscription is usable (url, scheme, envelope, secret format).
    bool validate(QString *error) const;

    // '*' matches any run of characters, '?' one; anything else itself.
    static bool globMatches(const QString &pattern, const QString &text);
    // "whsec_" + base64 of 24 bytes from RAND_bytes for HMAC schemes, a private key for
    // asymmetric ones (*verifyKey gets the public one). Empty on failure.
    static QByteArray generateSecret(const QString &scheme, QByteArray *verifyKey = nullptr);
};

} // namespace hookscope
