#include "app_settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace hookscope {

namespace {

const QString bindKey = QStringLiteral("receiver/bindAddress");
const QString portKey = QStringLiteral("receiver/port");
const QString maxBodyKey = QStringLiteral("receiver/maxBodyBytes");
const QString retentionCountKey = QStringLiteral("retention/maxCount");
const QString retentionDaysKey = QStringLiteral("retention/maxAgeDays");
const QString notifyKey = QStringLiteral("notifications/newRequests");
const QString trayKey = QStringLiteral("window/minimiseToTray");
const QString customSchemesKey = QStringLiteral("signatures/customSchemes");

// The stored integer when it is one and lies in [low, high], otherwise the fallback.
qint64 readInteger(const QSettings &settings, const QString &key, qint64 low, qint64 high,
                   qint64 fallback)
{
    bool ok = false;
    const qint64 value = settings.value(key).toLongLong(&ok);
    return ok && value >= low && value <= high ? value : fallback;
}

} // namespace

AppSettings::AppSettings() : m_owned(std::make_unique<QSettings>()), m_settings(m_owned.get()) {}

AppSettings::AppSettings(const QString &iniPath)
    : m_owned(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)), m_settings(m_owned.get())
{}

AppSettings::AppSettings(QSettings *settings) : m_settings(settings) {}

AppSettings::~AppSettings() = default;

QHostAddress AppSettings::bindAddress() const
{
    QHostAddress address;
    if (address.setAddress(m_settings->value(bindKey).toString()))
        return address;
    return QHostAddress(QHostAddress::LocalHost);
}

void AppSettings::setBindAddress(const QHostAddress &address)
{
    m_settings->setValue(bindKey, address.toString());
}

quint16 AppSettings::port() const
{
    return quint16(readInteger(*m_settings, portKey, 0, 65535, ReceiverConfig::DefaultPort));
}

void AppSettings::setPort(quint16 port)
{
    m_settings->setValue(portKey, port);
}

qint64 AppSettings::maxBodyBytes() const
{
    return readInteger(*m_settings, maxBodyKey, MinBodyBytes, MaxBodyBytes,
                       ReceiverConfig::DefaultMaxBodyBytes);
}

void AppSettings::setMaxBodyBytes(qint64 bytes)
{
    m_settings->setValue(maxBodyKey, bytes);
}

int AppSettings::retentionMaxCount() const
{
    return int(readInteger(*m_settings, retentionCountKey, 0, MaxRetentionCount, 0));
}

void AppSettings::setRetentionMaxCount(int count)
{
    m_settings->setValue(retentionCountKey, count);
}

int AppSettings::retentionMaxAgeDays() const
{
    return int(readInteger(*m_settings, retentionDaysKey, 0, MaxRetentionDays, 0));
}

void AppSettings::setRetentionMaxAgeDays(int days)
{
    m_settings->setValue(retentionDaysKey, days);
}

int AppSettings::deliveryConcurrency() const
{
    return int(readInteger(*m_settings, QStringLiteral("delivery/concurrency"), 1, 1000, 10));
}

void AppSettings::setDeliveryConcurrency(int concurrency)
{
    m_settings->setValue(QStringLiteral("delivery/concurrency"), concurrency);
}

bool AppSettings::notifyNewRequests() const
{
    return m_settings->value(notifyKey, false).toBool();
}

void AppSettings::setNotifyNewRequests(bool on)
{
    m_settings->setValue(notifyKey, on);
}

bool AppSettings::notifyFailedDeliveries() const
{
    return m_settings->value(QStringLiteral("notify/failedDeliveries"), false).toBool();
}

void AppSettings::setNotifyFailedDeliveries(bool on)
{
    m_settings->setValue(QStringLiteral("notify/failedDeliveries"), on);
}

bool AppSettings::minimiseToTray() const
{
    return m_settings->value(trayKey, false).toBool();
}

void AppSettings::setMinimiseToTray(bool on)
{
    m_settings->setValue(trayKey, on);
}

QList<SignatureScheme> AppSettings::customSignatureSchemes() const
{
    const QJsonDocument document =
        QJsonDocument::fromJson(m_settings->value(customSchemesKey).toString().toUtf8());
    QList<SignatureScheme> schemes;
    for (const QJsonValue value : document.array()) {
        SignatureScheme scheme;
        QString error;
        if (SignatureScheme::fromJson(value.toObject(), &scheme, &error))
            schemes.append(scheme);
    }
    return schemes;
}

void AppSettings::setCustomSignatureSchemes(const QList<SignatureScheme> &schemes)
{
    QJsonArray array;
    for (const SignatureScheme &scheme : schemes)
        array.append(scheme.toJson());
    m_settings->setValue(customSchemesKey,
                         QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
}

ReceiverConfig AppSettings::receiverConfig(const QString &dataDir) const
{
    ReceiverConfig config;
    config.bindAddress = bindAddress();
    config.port = port();
    config.maxBodyBytes = maxBodyBytes();
    config.dataDir = dataDir;
    return config;
}

void AppSettings::sync()
{
    m_settings->sync();
}

} // namespace hookscope
