#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hookscope {

class AppSettings;

// Receiver address, port and body limit, retention, notifications and the tray. OK writes
// AppSettings; receiverSettingsChanged() then tells whether the receiver needs a restart to apply
// them. Colours follow the system palette: there is no theme setting and no style sheet.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // After accept(): bind address, port or body limit differ from before.
    bool receiverSettingsChanged() const { return m_receiverChanged; }

    // Why the receiver could not start ("port 8780 is already in use"), shown above the
    // receiver fields with the port focused, so the user can pick another one.
    void setReceiverProblem(const QString &problem);
    // The management API's bearer token (hookscope token), shown hidden with Show and Copy.
    void setApiToken(const QByteArray &token);

    void accept() override;

signals:
    void settingsSaved(bool receiverChanged);

private:
    void load();
    void restoreDefaults();
    void updateBindState();
    void setBodyLimit(qint64 bytes);
    qint64 bodyLimit() const;
    void onBodyUnitChanged(int index);

    AppSettings *m_settings;
    bool m_receiverChanged = false;
    int m_bodyUnitIndex = 0;

    QLabel *m_receiverProblem;
    QComboBox *m_bindAddress;
    QLabel *m_bindError;
    QLabel *m_bindWarning;
    QSpinBox *m_port;
    QSpinBox *m_bodyLimit;
    QComboBox *m_bodyUnit;
    QCheckBox *m_retentionCountOn;
    QSpinBox *m_retentionCount;
    QCheckBox *m_retentionAgeOn;
    QSpinBox *m_retentionAge;
    QSpinBox *m_deliveryConcurrency;
    QCheckBox *m_notifyFailures;
    QLineEdit *m_apiToken;
    QCheckBox *m_notify;
    QCheckBox *m_minimiseToTray;
    QDialogButtonBox *m_buttons;
};

} // namespace hookscope
