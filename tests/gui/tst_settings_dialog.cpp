#include "app_settings.h"
#include "dialogs/settings_dialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void showsDefaults();
    void warnsAboutNonLoopback_data();
    void warnsAboutNonLoopback();
    void invalidAddressCannotBeSaved();
    void savesToSettings();
    void onlyRetentionChangedNeedsNoRestart();
    void cancelSavesNothing();
    void bodyUnitKeepsTheSize();
    void restoreDefaults();
    void showsWhyTheReceiverIsNotRunning();
    void apiTokenAndDeliveryConcurrency();

private:
    template <class T>
    static T *child(QWidget *dialog, const char *name)
    {
        T *widget = dialog->findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    QString iniPath() const { return m_dir->filePath(QStringLiteral("hookscope.ini")); }
    static QPushButton *okButton(QWidget *dialog)
    {
        return child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettingsDialog::showsDefaults()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.show();
    QCOMPARE(child<QComboBox>(&dialog, "bindAddressEdit")->currentText(),
             QStringLiteral("127.0.0.1"));
    QCOMPARE(child<QSpinBox>(&dialog, "portSpin")->value(), int(ReceiverConfig::DefaultPort));
    QCOMPARE(child<QSpinBox>(&dialog, "bodyLimitSpin")->value(), 10);
    QCOMPARE(child<QComboBox>(&dialog, "bodyLimitUnit")->currentIndex(), 1); // MiB
    QVERIFY(!child<QCheckBox>(&dialog, "retentionCountCheck")->isChecked());
    QVERIFY(!child<QSpinBox>(&dialog, "retentionCountSpin")->isEnabled());
    QVERIFY(!child<QCheckBox>(&dialog, "retentionAgeCheck")->isChecked());
    QVERIFY(!child<QSpinBox>(&dialog, "retentionAgeSpin")->isEnabled());
    QVERIFY(!child<QCheckBox>(&dialog, "notifyCheck")->isChecked());
    QVERIFY(!child<QCheckBox>(&dialog, "minimiseToTrayCheck")->isChecked());
    QVERIFY(!child<QLabel>(&dialog, "bindWarning")->isVisible());
    QVERIFY(!child<QLabel>(&dialog, "bindError")->isVisible());
    QVERIFY(okButton(&dialog)->isEnabled());
    if (qEnvironmentVariableIsSet("HOOKSCOPE_GRAB_DIR")) {
        child<QComboBox>(&dialog, "bindAddressEdit")->setCurrentText(QStringLiteral("0.0.0.0"));
        dialog.adjustSize();
        dialog.grab().save(qEnvironmentVariable("HOOKSCOPE_GRAB_DIR") +
                           QStringLiteral("/settings_dialog.png"));
    }
}

void TestSettingsDialog::warnsAboutNonLoopback_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("warning");
    QTest::newRow("IPv4 loopback") << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("other IPv4 loopback") << QStringLiteral("127.0.0.2") << false;
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << false;
    QTest::newRow("every IPv4 interface") << QStringLiteral("0.0.0.0") << true;
    QTest::newRow("every IPv6 interface") << QStringLiteral("::") << true;
    QTest::newRow("LAN address") << QStringLiteral("192.168.1.10") << true;
}

void TestSettingsDialog::warnsAboutNonLoopback()
{
    QFETCH(QString, address);
    QFETCH(bool, warning);
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.show();
    auto *bind = child<QComboBox>(&dialog, "bindAddressEdit");
    bind->setFocus();
    bind->lineEdit()->selectAll();
    QTest::keyClicks(bind->lineEdit(), address);
    QCOMPARE(bind->currentText(), address);
    QCOMPARE(child<QLabel>(&dialog, "bindWarning")->isVisible(), warning);
    QVERIFY(!child<QLabel>(&dialog, "bindError")->isVisible());
    QVERIFY(okButton(&dialog)->isEnabled());
}

void TestSettingsDialog::invalidAddressCannotBeSaved()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.show();
    for (const QString &bad : {QStringLiteral("300.1.1.1"), QStringLiteral("localhost"),
                               QStringLiteral("10.0.0.1:80"), QString()}) {
        child<QComboBox>(&dialog, "bindAddressEdit")->setCurrentText(bad);
        QVERIFY2(child<QLabel>(&dialog, "bindError")->isVisible(), qPrintable(bad));
        QVERIFY(!child<QLabel>(&dialog, "bindWarning")->isVisible());
        QVERIFY(!okButton(&dialog)->isEnabled());
        dialog.accept(); // Enter in a field must not get past the check either
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
    QVERIFY(!settings.settings()->contains(QStringLiteral("receiver/bindAddress")));
}

void TestSettingsDialog::savesToSettings()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    QSignalSpy saved(&dialog, &SettingsDialog::settingsSaved);
    dialog.show();
    child<QComboBox>(&dialog, "bindAddressEdit")->setCurrentText(QStringLiteral("0.0.0.0"));
    child<QSpinBox>(&dialog, "portSpin")->setValue(0);
    child<QComboBox>(&dialog, "bodyLimitUnit")->setCurrentIndex(0); // KiB
    child<QSpinBox>(&dialog, "bodyLimitSpin")->setValue(256);
    QTest::mouseClick(child<QCheckBox>(&dialog, "retentionCountCheck"), Qt::LeftButton);
    QVERIFY(child<QSpinBox>(&dialog, "retentionCountSpin")->isEnabled());
    child<QSpinBox>(&dialog, "retentionCountSpin")->setValue(2500);
    QTest::mouseClick(child<QCheckBox>(&dialog, "retentionAgeCheck"), Qt::LeftButton);
    child<QSpinBox>(&dialog, "retentionAgeSpin")->setValue(14);
    QTest::mouseClick(child<QCheckBox>(&dialog, "notifyCheck"), Qt::LeftButton);
    QTest::mouseClick(child<QCheckBox>(&dialog, "minimiseToTrayCheck"), Qt::LeftButton);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QVERIFY(dialog.receiverSettingsChanged());
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().first().toBool(), true);

    // Read back from the file by a fresh object: the values were written, not just cached.
    AppSettings fromFile(iniPath());
    QCOMPARE(fromFile.bindAddress(), QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(fromFile.port(), quint16(0));
    QCOMPARE(fromFile.maxBodyBytes(), qint64(256 * 1024));
    QCOMPARE(fromFile.retentionMaxCount(), 2500);
    QCOMPARE(fromFile.retentionMaxAgeDays(), 14);
    QCOMPARE(fromFile.notifyNewRequests(), true);
    QCOMPARE(fromFile.minimiseToTray(), true);
    QSettings raw(iniPath(), QSettings::IniFormat);
    QCOMPARE(raw.value(QStringLiteral("receiver/port")).toInt(), 0);
}

void TestSettingsDialog::onlyRetentionChangedNeedsNoRestart()
{
    AppSettings settings(iniPath());
    settings.setRetentionMaxCount(100);
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(child<QCheckBox>(&dialog, "retentionCountCheck")->isChecked());
    QCOMPARE(child<QSpinBox>(&dialog, "retentionCountSpin")->value(), 100);
    QTest::mouseClick(child<QCheckBox>(&dialog, "retentionCountCheck"), Qt::LeftButton);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.receiverSettingsChanged());
    QCOMPARE(settings.retentionMaxCount(), 0);
}

void TestSettingsDialog::cancelSavesNothing()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.show();
    child<QSpinBox>(&dialog, "portSpin")->setValue(9999);
    QTest::mouseClick(child<QDialogButtonBox>(&dialog, "buttons")->button(QDialogButtonBox::Cancel),
                      Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(AppSettings(iniPath()).port(), ReceiverConfig::DefaultPort);
}

void TestSettingsDialog::bodyUnitKeepsTheSize()
{
    AppSettings settings(iniPath());
    settings.setMaxBodyBytes(1536 * 1024); // 1.5 MiB: shown in KiB
    SettingsDialog dialog(&settings);
    auto *spin = child<QSpinBox>(&dialog, "bodyLimitSpin");
    auto *unit = child<QComboBox>(&dialog, "bodyLimitUnit");
    QCOMPARE(unit->currentIndex(), 0);
    QCOMPARE(spin->value(), 1536);
    unit->setCurrentIndex(1);
    QCOMPARE(spin->value(), 2); // rounded up, never below what was set
    unit->setCurrentIndex(0);
    QCOMPARE(spin->value(), 2048);
    QCOMPARE(spin->maximum(), 1024 * 1024); // 1 GiB
    unit->setCurrentIndex(1);
    QCOMPARE(spin->maximum(), 1024);
    QCOMPARE(spin->minimum(), 1);
}

void TestSettingsDialog::restoreDefaults()
{
    AppSettings settings(iniPath());
    settings.setBindAddress(QHostAddress(QStringLiteral("0.0.0.0")));
    settings.setPort(1);
    settings.setNotifyNewRequests(true);
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(child<QLabel>(&dialog, "bindWarning")->isVisible());
    QTest::mouseClick(
        child<QDialogButtonBox>(&dialog, "buttons")->button(QDialogButtonBox::RestoreDefaults),
        Qt::LeftButton);
    QCOMPARE(child<QComboBox>(&dialog, "bindAddressEdit")->currentText(),
             QStringLiteral("127.0.0.1"));
    QVERIFY(!child<QLabel>(&dialog, "bindWarning")->isVisible());
    QCOMPARE(child<QSpinBox>(&dialog, "portSpin")->value(), int(ReceiverConfig::DefaultPort));
    QVERIFY(!child<QCheckBox>(&dialog, "notifyCheck")->isChecked());
    QCOMPARE(settings.port(), quint16(1)); // nothing saved before OK
}

void TestSettingsDialog::showsWhyTheReceiverIsNotRunning()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *problem = child<QLabel>(&dialog, "receiverProblem");
    QVERIFY(!problem->isVisible());
    dialog.setReceiverProblem(QStringLiteral("port 8780 is already in use on 127.0.0.1"));
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(QStringLiteral("port 8780 is already in use")));
    QVERIFY(child<QSpinBox>(&dialog, "portSpin")->hasFocus());
    QTest::keyClicks(child<QSpinBox>(&dialog, "portSpin"), QStringLiteral("8781"));
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QVERIFY(dialog.receiverSettingsChanged());
    QCOMPARE(AppSettings(iniPath()).port(), quint16(8781));
}

void TestSettingsDialog::apiTokenAndDeliveryConcurrency()
{
    AppSettings settings(iniPath());
    SettingsDialog dialog(&settings);
    dialog.setApiToken("tok_0123456789abcdef");
    dialog.show();
    auto *token = child<QLineEdit>(&dialog, "apiTokenEdit");
    QCOMPARE(token->text(), QStringLiteral("tok_0123456789abcdef"));
    QCOMPARE(token->echoMode(), QLineEdit::Password); // hidden until asked for
    QVERIFY(token->isReadOnly());
    QTest::mouseClick(child<QPushButton>(&dialog, "showTokenButton"), Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(child<QPushButton>(&dialog, "copyTokenButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("tok_0123456789abcdef"));

    auto *concurrency = child<QSpinBox>(&dialog, "deliveryConcurrencySpin");
    QCOMPARE(concurrency->value(), 10);
    concurrency->setValue(32);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QCOMPARE(AppSettings(iniPath()).deliveryConcurrency(), 32);
    // Changing only it needs no receiver restart.
    QVERIFY(!dialog.receiverSettingsChanged());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
