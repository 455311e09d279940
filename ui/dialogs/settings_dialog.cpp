#include "settings_dialog.h"

#include "app_settings.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace hookscope {

namespace {

// Body limit units offered, in the combo box's order.
constexpr qint64 unitBytes[] = {1ll << 10, 1ll << 20};

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QSpinBox *spinBox(const QString &name, int low, int high, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(low, high);
    spin->setGroupSeparatorShown(true);
    return spin;
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    auto *receiverBox = new QGroupBox(tr("Receiver"), this);
    auto *receiverLayout = new QVBoxLayout(receiverBox);
    m_receiverProblem = noteLabel(QString(), receiverBox);
    m_receiverProblem->setObjectName(QStringLiteral("receiverProblem"));
    m_receiverProblem->hide();
    receiverLayout->addWidget(m_receiverProblem);
    auto *receiverForm = new QFormLayout;
    receiverLayout->addLayout(receiverForm);

    m_bindAddress = new QComboBox(receiverBox);
    m_bindAddress->setObjectName(QStringLiteral("bindAddressEdit"));
    m_bindAddress->setEditable(true);
    m_bindAddress->setInsertPolicy(QComboBox::NoInsert);
    m_bindAddress->addItem(QStringLiteral("127.0.0.1"));
    m_bindAddress->addItem(QStringLiteral("::1"));
    m_bindAddress->addItem(QStringLiteral("0.0.0.0"));
    m_bindAddress->addItem(QStringLiteral("::"));
    m_bindAddress->setToolTip(tr("The IP address the receiver listens on. 127.0.0.1 or ::1 "
                                 "accept requests from this computer only; 0.0.0.0 or :: "
                                 "from every network interface."));
    receiverForm->addRow(tr("&Bind address:"), m_bindAddress);

    m_bindError = noteLabel(QString(), receiverBox);
    m_bindError->setObjectName(QStringLiteral("bindError"));
    receiverLayout->addWidget(m_bindError);

    m_bindWarning = noteLabel(
        tr("<b>Warning:</b> this address is reachable from other machines. Anyone who can "
           "reach it can send requests to the receiver and read what it captured. Use "
           "127.0.0.1 to keep the receiver on this computer."),
        receiverBox);
    m_bindWarning->setObjectName(QStringLiteral("bindWarning"));
    receiverLayout->addWidget(m_bindWarning);

    m_port = spinBox(QStringLiteral("portSpin"), 0, 65535, receiverBox);
    m_port->setGroupSeparatorShown(false);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("0 lets the system pick a free port each time the receiver starts."));
    receiverForm->addRow(tr("&Port:"), m_port);

    auto *bodyRow = new QHBoxLayout;
    m_bodyLimit = spinBox(QStringLiteral("bodyLimitSpin"), 1, 1024, receiverBox);
    m_bodyUnit = new QComboBox(receiverBox);
    m_bodyUnit->setObjectName(QStringLiteral("bodyLimitUnit"));
    m_bodyUnit->addItems({tr("KiB"), tr("MiB")});
    bodyRow->addWidget(m_bodyLimit, 1);
    bodyRow->addWidget(m_bodyUnit);
    auto *bodyLabel = new QLabel(tr("Largest &body:"), receiverBox);
    bodyLabel->setBuddy(m_bodyLimit);
    receiverForm->addRow(bodyLabel, bodyRow);
    receiverForm->addRow(
        QString(),
        noteLabel(tr("Larger requests are answered with 413 and not stored."), receiverBox));

    auto *storageBox = new QGroupBox(tr("Stored requests"), this);
    auto *storageForm = new QFormLayout(storageBox);
    m_retentionCountOn = new QCheckBox(tr("Keep at &most"), storageBox);
    m_retentionCountOn->setObjectName(QStringLiteral("retentionCountCheck"));
    m_retentionCount = spinBox(QStringLiteral("retentionCountSpin"), 1,
                               AppSettings::MaxRetentionCount, storageBox);
    m_retentionCount->setSuffix(tr(" requests"));
    storageForm->addRow(m_retentionCountOn, m_retentionCount);
    m_retentionAgeOn = new QCheckBox(tr("Delete requests &older than"), storageBox);
    m_retentionAgeOn->setObjectName(QStringLiteral("retentionAgeCheck"));
    m_retentionAge =
        spinBox(QStringLiteral("retentionAgeSpin"), 1, AppSettings::MaxRetentionDays, storageBox);
    m_retentionAge->setSuffix(tr(" days"));
    storageForm->addRow(m_retentionAgeOn, m_retentionAge);
    storageForm->addRow(noteLabel(tr("Unchecked: requests are kept until you delete them. "
                                     "Older requests are removed in the background."),
                                  storageBox));
    connect(m_retentionCountOn, &QCheckBox::toggled, m_retentionCount, &QWidget::setEnabled);
    connect(m_retentionAgeOn, &QCheckBox::toggled, m_retentionAge, &QWidget::setEnabled);

    auto *sendingBox = new QGroupBox(tr("Sending and the management API"), this);
    auto *sendingForm = new QFormLayout(sendingBox);
    m_deliveryConcurrency = new QSpinBox(sendingBox);
    m_deliveryConcurrency->setObjectName(QStringLiteral("deliveryConcurrencySpin"));
    m_deliveryConcurrency->setRange(1, 1000);
    m_deliveryConcurrency->setAccessibleName(tr("Deliveries in parallel"));
    sendingForm->addRow(tr("Deliveries in &parallel:"), m_deliveryConcurrency);
    m_apiToken = new QLineEdit(sendingBox);
    m_apiToken->setObjectName(QStringLiteral("apiTokenEdit"));
    m_apiToken->setReadOnly(true);
    m_apiToken->setEchoMode(QLineEdit::Password);
    m_apiToken->setAccessibleName(tr("API token"));
    m_apiToken->setPlaceholderText(tr("not available until the database is open"));
    auto *showToken = new QPushButton(tr("Show"), sendingBox);
    showToken->setObjectName(QStringLiteral("showTokenButton"));
    showToken->setCheckable(true);
    connect(showToken, &QPushButton::toggled, this, [this, showToken](bool shown) {
        m_apiToken->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        showToken->setText(shown ? tr("Hide") : tr("Show"));
    });
    auto *copyToken = new QPushButton(tr("Copy"), sendingBox);
    copyToken->setObjectName(QStringLiteral("copyTokenButton"));
    connect(copyToken, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_apiToken->text()); });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_apiToken, 1);
    tokenRow->addWidget(showToken);
    tokenRow->addWidget(copyToken);
    sendingForm->addRow(tr("API &token:"), tokenRow);
    sendingForm->addRow(noteLabel(tr("Send it as Authorization: Bearer <token> to /api/webhooks, "
                                     "/api/events and the other routes on the receiver's port; "
                                     "hookscope token prints it too."),
                                  sendingBox));

    auto *notifyBox = new QGroupBox(tr("Desktop"), this);
    auto *notifyLayout = new QVBoxLayout(notifyBox);
    m_notify = new QCheckBox(
        tr("Show a desktop &notification for new requests while the window is in the background"),
        notifyBox);
    m_notify->setObjectName(QStringLiteral("notifyCheck"));
    notifyLayout->addWidget(m_notify);
    m_notifyFailures = new QCheckBox(
        tr("Notify when an outbound &delivery fails or a subscription is disabled"), notifyBox);
    m_notifyFailures->setObjectName(QStringLiteral("notifyFailuresCheck"));
    notifyLayout->addWidget(m_notifyFailures);
    m_minimiseToTray = new QCheckBox(
        tr("&Keep running in the system tray when the window is closed or minimised"), notifyBox);
    m_minimiseToTray->setObjectName(QStringLiteral("minimiseToTrayCheck"));
    notifyLayout->addWidget(m_minimiseToTray);
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        QLabel *unavailable =
            noteLabel(tr("This desktop has no system tray, so neither works here."), notifyBox);
        unavailable->setObjectName(QStringLiteral("notifyUnavailable"));
        notifyLayout->addWidget(unavailable);
    }

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(receiverBox);
    layout->addWidget(storageBox);
    layout->addWidget(sendingBox);
    layout->addWidget(notifyBox);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_bindAddress, &QComboBox::currentTextChanged, this, &SettingsDialog::updateBindState);
    connect(m_bodyUnit, &QComboBox::currentIndexChanged, this, &SettingsDialog::onBodyUnitChanged);
    load();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setApiToken(const QByteArray &token)
{
    m_apiToken->setText(QString::fromLatin1(token));
}

void SettingsDialog::load()
{
    m_bindAddress->setCurrentText(m_settings->bindAddress().toString());
    m_port->setValue(m_settings->port());
    setBodyLimit(m_settings->maxBodyBytes());
    const int count = m_settings->retentionMaxCount();
    m_retentionCountOn->setChecked(count > 0);
    m_retentionCount->setValue(count > 0 ? count : 100'000);
    m_retentionCount->setEnabled(count > 0);
    const int days = m_settings->retentionMaxAgeDays();
    m_retentionAgeOn->setChecked(days > 0);
    m_retentionAge->setValue(days > 0 ? days : 30);
    m_deliveryConcurrency->setValue(m_settings->deliveryConcurrency());
    m_retentionAge->setEnabled(days > 0);
    m_notify->setChecked(m_settings->notifyNewRequests());
    m_notifyFailures->setChecked(m_settings->notifyFailedDeliveries());
    m_minimiseToTray->setChecked(m_settings->minimiseToTray());
    updateBindState();
}

void SettingsDialog::restoreDefaults()
{
    const ReceiverConfig defaults;
    m_bindAddress->setCurrentText(defaults.bindAddress.toString());
    m_port->setValue(defaults.port);
    setBodyLimit(defaults.maxBodyBytes);
    m_retentionCountOn->setChecked(false);
    m_retentionAgeOn->setChecked(false);
    m_notify->setChecked(false);
    m_notifyFailures->setChecked(false);
    m_minimiseToTray->setChecked(false);
    m_deliveryConcurrency->setValue(10);
}

void SettingsDialog::setReceiverProblem(const QString &problem)
{
    m_receiverProblem->setText(
        tr("<b>The receiver is not running:</b> %1").arg(problem.toHtmlEscaped()));
    m_receiverProblem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty()) {
        m_port->setFocus();
        m_port->selectAll();
    }
}

void SettingsDialog::updateBindState()
{
    QHostAddress address;
    const QString text = m_bindAddress->currentText().trimmed();
    const bool valid = address.setAddress(text);
    m_bindError->setText(
        text.isEmpty() ? tr("<b>Error:</b> enter the IP address to listen on, such as 127.0.0.1.")
                       : tr("<b>Error:</b> \"%1\" is not an IP address (such as 127.0.0.1 or ::1).")
                             .arg(text.toHtmlEscaped()));
    m_bindError->setVisible(!valid);
    m_bindWarning->setVisible(valid && !address.isLoopback());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

void SettingsDialog::setBodyLimit(qint64 bytes)
{
    const int unit = bytes % unitBytes[1] == 0 ? 1 : 0;
    const QSignalBlocker blocker(m_bodyUnit);
    m_bodyUnit->setCurrentIndex(unit);
    m_bodyUnitIndex = unit;
    m_bodyLimit->setRange(1, int(AppSettings::MaxBodyBytes / unitBytes[unit]));
    m_bodyLimit->setValue(int((bytes + unitBytes[unit] - 1) / unitBytes[unit]));
}

qint64 SettingsDialog::bodyLimit() const
{
    return qint64(m_bodyLimit->value()) * unitBytes[m_bodyUnit->currentIndex()];
}

void SettingsDialog::onBodyUnitChanged(int index)
{
    // Keep the size when switching unit, rounded up to a whole number of the new unit.
    const qint64 bytes = qint64(m_bodyLimit->value()) * unitBytes[m_bodyUnitIndex];
    m_bodyUnitIndex = index;
    m_bodyLimit->setRange(1, int(AppSettings::MaxBodyBytes / unitBytes[index]));
    m_bodyLimit->setValue(int((bytes + unitBytes[index] - 1) / unitBytes[index]));
}

void SettingsDialog::accept()
{
    QHostAddress address;
    if (!address.setAddress(m_bindAddress->currentText().trimmed())) {
        updateBindState();
        m_bindAddress->setFocus();
        return;
    }
    const ReceiverConfig before = m_settings->receiverConfig(QString());
    m_settings->setBindAddress(address);
    m_settings->setPort(quint16(m_port->value()));
    m_settings->setMaxBodyBytes(bodyLimit());
    m_settings->setRetentionMaxCount(m_retentionCountOn->isChecked() ? m_retentionCount->value()
                                                                     : 0);
    m_settings->setRetentionMaxAgeDays(m_retentionAgeOn->isChecked() ? m_retentionAge->value() : 0);
    m_settings->setNotifyNewRequests(m_notify->isChecked());
    m_settings->setNotifyFailedDeliveries(m_notifyFailures->isChecked());
    m_settings->setMinimiseToTray(m_minimiseToTray->isChecked());
    m_settings->setDeliveryConcurrency(m_deliveryConcurrency->value());
    m_settings->sync();
    const ReceiverConfig after = m_settings->receiverConfig(QString());
    m_receiverChanged = before.bindAddress != after.bindAddress || before.port != after.port ||
                        before.maxBodyBytes != after.maxBodyBytes;
    emit settingsSaved(m_receiverChanged);
    QDialog::accept();
}

} // namespace hookscope
