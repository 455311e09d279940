#include "app_settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestAppSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void valuesPersist();
    void badStoredValuesGiveDefaults_data();
    void badStoredValuesGiveDefaults();
    void receiverConfig();
    void callerOwnedSettings();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("hookscope.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAppSettings::defaults()
{
    AppSettings settings(iniPath());
    QCOMPARE(settings.bindAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(settings.port(), ReceiverConfig::DefaultPort);
    QCOMPARE(settings.maxBodyBytes(), ReceiverConfig::DefaultMaxBodyBytes);
    QCOMPARE(settings.retentionMaxCount(), 0);
    QCOMPARE(settings.retentionMaxAgeDays(), 0);
    QCOMPARE(settings.notifyNewRequests(), false);
    QCOMPARE(settings.minimiseToTray(), false);
}

void TestAppSettings::valuesPersist()
{
    {
        AppSettings settings(iniPath());
        settings.setBindAddress(QHostAddress(QStringLiteral("::1")));
        settings.setPort(0);
        settings.setMaxBodyBytes(512 * 1024);
        settings.setRetentionMaxCount(5000);
        settings.setRetentionMaxAgeDays(7);
        settings.setNotifyNewRequests(true);
        settings.setMinimiseToTray(true);
        settings.sync();
    }
    QVERIFY(QFile::exists(iniPath()));
    AppSettings again(iniPath());
    QCOMPARE(again.bindAddress(), QHostAddress(QStringLiteral("::1")));
    QCOMPARE(again.port(), quint16(0));
    QCOMPARE(again.maxBodyBytes(), qint64(512 * 1024));
    QCOMPARE(again.retentionMaxCount(), 5000);
    QCOMPARE(again.retentionMaxAgeDays(), 7);
    QCOMPARE(again.notifyNewRequests(), true);
    QCOMPARE(again.minimiseToTray(), true);
}

void TestAppSettings::badStoredValuesGiveDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("bind address not an IP")
        << QStringLiteral("receiver/bindAddress") << QStringLiteral("localhost:80");
    QTest::newRow("port too large") << QStringLiteral("receiver/port") << QStringLiteral("70000");
    QTest::newRow("negative port") << QStringLiteral("receiver/port") << QStringLiteral("-1");
    QTest::newRow("port not a number") << QStringLiteral("receiver/port") << QStringLiteral("x");
    QTest::newRow("body limit zero")
        << QStringLiteral("receiver/maxBodyBytes") << QStringLiteral("0");
    QTest::newRow("body limit over 1 GiB")
        << QStringLiteral("receiver/maxBodyBytes") << QStringLiteral("2147483648");
    QTest::newRow("negative retention count")
        << QStringLiteral("retention/maxCount") << QStringLiteral("-5");
    QTest::newRow("retention days not a number")
        << QStringLiteral("retention/maxAgeDays") << QStringLiteral("ten");
}

void TestAppSettings::badStoredValuesGiveDefaults()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    {
        QSettings raw(iniPath(), QSettings::IniFormat);
        raw.setValue(key, value);
    }
    AppSettings settings(iniPath());
    QCOMPARE(settings.bindAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(settings.port(), ReceiverConfig::DefaultPort);
    QCOMPARE(settings.maxBodyBytes(), ReceiverConfig::DefaultMaxBodyBytes);
    QCOMPARE(settings.retentionMaxCount(), 0);
    QCOMPARE(settings.retentionMaxAgeDays(), 0);
}

void TestAppSettings::receiverConfig()
{
    AppSettings settings(iniPath());
    settings.setBindAddress(QHostAddress(QStringLiteral("0.0.0.0")));
    settings.setPort(9000);
    settings.setMaxBodyBytes(2 << 20);
    const ReceiverConfig config = settings.receiverConfig(QStringLiteral("/tmp/data"));
    QCOMPARE(config.bindAddress, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.port, quint16(9000));
    QCOMPARE(config.maxBodyBytes, qint64(2 << 20));
    QCOMPARE(config.dataDir, QStringLiteral("/tmp/data"));
}

void TestAppSettings::callerOwnedSettings()
{
    QSettings raw(iniPath(), QSettings::IniFormat);
    AppSettings settings(&raw);
    QCOMPARE(settings.settings(), &raw);
    settings.setPort(1234);
    QCOMPARE(raw.value(QStringLiteral("receiver/port")).toInt(), 1234);
}

QTEST_MAIN(TestAppSettings)
#include "tst_app_settings.moc"
