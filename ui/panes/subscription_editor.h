#pragma once

#include "deliver/subscription.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace hookscope {

// The form for every field of a Subscription but the secret. It checks nothing itself: the
// fields become the management API's JSON and OutboxService says what is wrong, in a
// message that names the field (shown under the form, the field focused).
class SubscriptionEditor : public QWidget
{
    Q_OBJECT

public:
    explicit SubscriptionEditor(QWidget *parent = nullptr);

    // Fills the form (a default Subscription for a new one) and clears the error.
    void load(const Subscription &subscription);
    // Every field in the API's form (PUT: absent fields would take their defaults).
    QJsonObject toJson() const;
    // The service's message; empty hides it.
    void showError(const QString &message);
    QString error() const;
    // Edited since load().
    bool isDirty() const { return m_dirty; }

    // "a, b" or one a line.
    static QStringList splitEvents(const QString &text);

signals:
    void edited();

private:
    void markDirty();
    void addHeaderRow(const QString &name = {}, const QString &value = {});
    QWidget *fieldNamed(const QString &field) const;

    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_description;
    QPlainTextEdit *m_events;
    QCheckBox *m_active;
    QComboBox *m_scheme;
    QComboBox *m_envelope;
    QTableWidget *m_headers;
    QPushButton *m_addHeader;
    QPushButton *m_removeHeader;
    QSpinBox *m_retryAttempts;
    QDoubleSpinBox *m_retryDelay;
    QSpinBox *m_timeout;
    QDoubleSpinBox *m_rateLimit;
    QSpinBox *m_disableAfter;
    QLabel *m_error;
    bool m_loading = false;
    bool m_dirty = false;
};

} // namespace hookscope
