#pragma once

#include "receive/receiver_config.h"
#include "sign/signature_scheme.h"

#include <QHostAddress>
#include <QString>
#include <memory>

class QSettings;

namespace hookscope {

// Typed access to the user's settings (QSettings, organisation and application "hookscope").
// Values read back are checked: anything out of range or unreadable gives the default, so a
// hand-edited or old settings file never starts the receiver with nonsense.
class AppSettings
{
public:
    static constexpr qint64 MinBodyBytes = 1ll << 10; // 1 KiB
    static constexpr qint64 MaxBodyBytes = 1ll << 30; // 1 GiB
    static constexpr int MaxRetentionCount = 100'000'000;
    static constexpr int MaxRetentionDays = 36'500;

    // The user's settings.
    AppSettings();
    // An INI file at this path (tests, portable set-ups).
    explicit AppSettings(const QString &iniPath);
    // A QSettings owned by the caller.
    explicit AppSettings(QSettings *settings);
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    QHostAddress bindAddress() const;
    void setBindAddress(const QHostAddress &address);
    quint16 port() const; // 0: any free port
    void setPort(quint16 port);
    qint64 maxBodyBytes() const;
    void setMaxBodyBytes(qint64 bytes);

    // 0: unlimited.
    int retentionMaxCount() const;
    void setRetentionMaxCount(int count);
    int retentionMaxAgeDays() const;
    void setRetentionMaxAgeDays(int days);
    // Outbound delivery attempts in parallel (1-1000, default 10).
    int deliveryConcurrency() const;
    void setDeliveryConcurrency(int concurrency);

    bool notifyNewRequests() const;
    void setNotifyNewRequests(bool on);
    // Notify when an outbound delivery ends failed or a subscription is disabled.
    bool notifyFailedDeliveries() const;
    void setNotifyFailedDeliveries(bool on);
    bool minimiseToTray() const;
    void setMinimiseToTray(bool on);

    // The user's own signature schemes, stored as one JSON array; entries that no longer
    // pass SignatureScheme::fromJson are skipped.
    QList<SignatureScheme> customSignatureSchemes() const;
    void setCustomSignatureSchemes(const QList<SignatureScheme> &schemes);

    // Core's receiver configuration from these settings.
    ReceiverConfig receiverConfig(const QString &dataDir) const;

    // The underlying store, for what has no typed accessor (window geometry, splitters).
    QSettings *settings() const { return m_settings; }
    void sync();

private:
    std::unique_ptr<QSettings> m_owned;
    QSettings *m_settings;
};

} // namespace hookscope
