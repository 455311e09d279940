#include "subscription_editor.h"

#include "deliver/envelope_format.h"
#include "sign/signature_scheme_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace hookscope {

namespace {

template <typename W>
W *named(W *widget, const char *objectName, const QString &accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
    return widget;
}

} // namespace

SubscriptionEditor::SubscriptionEditor(QWidget *parent)
    : QWidget(parent),
      m_name(named(new QLineEdit(this), "subscriptionName", tr("Subscription name"))),
      m_url(named(new QLineEdit(this), "subscriptionUrl", tr("Endpoint URL"))),
      m_description(named(new QLineEdit(this), "subscriptionDescription", tr("Description"))),
      m_events(named(new QPlainTextEdit(this), "subscriptionEvents", tr("Event types"))),
      m_active(named(new QCheckBox(tr("Active: deliver events"), this), "subscriptionActive",
                     tr("Active"))),
      m_scheme(named(new QComboBox(this), "subscriptionScheme", tr("Signing scheme"))),
      m_envelope(named(new QComboBox(this), "subscriptionEnvelope", tr("Envelope format"))),
      m_headers(named(new QTableWidget(0, 2, this), "subscriptionHeaders", tr("Custom headers"))),
      m_addHeader(
          named(new QPushButton(tr("Add header"), this), "addHeaderButton", tr("Add header"))),
      m_removeHeader(named(new QPushButton(tr("Remove header"), this), "removeHeaderButton",
                           tr("Remove header"))),
      m_retryAttempts(named(new QSpinBox(this), "subscriptionRetryAttempts", tr("Retry attempts"))),
      m_retryDelay(
          named(new QDoubleSpinBox(this), "subscriptionRetryDelay", tr("Base retry delay"))),
      m_timeout(named(new QSpinBox(this), "subscriptionTimeout", tr("Timeout"))),
      m_rateLimit(named(new QDoubleSpinBox(this), "subscriptionRateLimit", tr("Rate limit"))),
      m_disableAfter(
          named(new QSpinBox(this), "subscriptionDisableAfter", tr("Disable after failures"))),
      m_error(named(new QLabel(this), "subscriptionError", tr("Validation error")))
{
    m_name->setPlaceholderText(tr("e.g. Billing service"));
    m_url->setPlaceholderText(tr("https://example.com/webhooks"));
    m_description->setPlaceholderText(tr("optional"));
    m_events->setPlaceholderText(tr("user.created\nbooking.*\n(* for every event)"));
    m_events->setTabChangesFocus(true);
    m_events->setFixedHeight(m_events->fontMetrics().lineSpacing() * 4 + 12);
    for (const SignatureScheme &scheme : SignatureSchemeRegistry::presets())
        m_scheme->addItem(scheme.id, scheme.id);
    for (const EnvelopeFormat::Format &format : EnvelopeFormat::formats()) {
        m_envelope->addItem(format.id, format.id);
        m_envelope->setItemData(m_envelope->count() - 1, format.description, Qt::ToolTipRole);
    }

    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->horizontalHeader()->resizeSection(0, 160);
    m_headers->verticalHeader()->setVisible(false);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 6);
    auto *headerButtons = new QHBoxLayout;
    headerButtons->setContentsMargins(0, 0, 0, 0);
    headerButtons->addWidget(m_addHeader);
    headerButtons->addWidget(m_removeHeader);
    headerButtons->addStretch(1);
    auto *headersBox = new QVBoxLayout;
    headersBox->setContentsMargins(0, 0, 0, 0);
    headersBox->addWidget(m_headers);
    headersBox->addLayout(headerButtons);

    m_retryAttempts->setRange(0, 50);
    m_retryAttempts->setSuffix(tr(" retries"));
    m_retryDelay->setRange(0.001, 86400);
    m_retryDelay->setDecimals(3);
    m_retryDelay->setSuffix(tr(" s"));
    m_retryDelay->setToolTip(tr("The first retry waits this long, each next one twice as long "
                                "(±20 %); Retry-After wins"));
    m_timeout->setRange(100, 600000);
    m_timeout->setSingleStep(1000);
    m_timeout->setSuffix(tr(" ms"));
    m_rateLimit->setRange(0, 100000);
    m_rateLimit->setDecimals(2);
    m_rateLimit->setSuffix(tr(" per second"));
    m_rateLimit->setSpecialValueText(tr("unlimited"));
    m_disableAfter->setRange(0, 100000);
    m_disableAfter->setSuffix(tr(" failed deliveries in a row"));
    m_disableAfter->setSpecialValueText(tr("never"));

    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd0, 0x40, 0x40));
    m_error->setPalette(errorPalette);
    m_error->setVisible(false);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Events:"), m_events);
    form->addRow(QString(), m_active);
    form->addRow(tr("&Signing:"), m_scheme);
    form->addRow(tr("En&velope:"), m_envelope);
    auto *headersLabel = new QLabel(tr("&Headers:"), this);
    headersLabel->setBuddy(m_headers);
    form->addRow(headersLabel, headersBox);
    form->addRow(tr("&Retries:"), m_retryAttempts);
    form->addRow(tr("Retry &delay:"), m_retryDelay);
    form->addRow(tr("&Timeout:"), m_timeout);
    form->addRow(tr("Rate &limit:"), m_rateLimit);
    form->addRow(tr("Auto-dis&able:"), m_disableAfter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_error);

    connect(m_addHeader, &QPushButton::clicked, this, [this] {
        addHeaderRow();
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
        markDirty();
    });
    connect(m_removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0) {
            m_headers->removeRow(m_headers->currentRow());
            markDirty();
        }
    });
    const auto dirty = [this] { markDirty(); };
    for (QLineEdit *edit : {m_name, m_url, m_description})
        connect(edit, &QLineEdit::textEdited, this, dirty);
    connect(m_events, &QPlainTextEdit::textChanged, this, dirty);
    connect(m_active, &QCheckBox::toggled, this, dirty);
    connect(m_scheme, &QComboBox::currentIndexChanged, this, dirty);
    connect(m_envelope, &QComboBox::currentIndexChanged, this, dirty);
    connect(m_headers, &QTableWidget::itemChanged, this, dirty);
    for (QSpinBox *spin : {m_retryAttempts, m_timeout, m_disableAfter})
        connect(spin, &QSpinBox::valueChanged, this, dirty);
    for (QDoubleSpinBox *spin : {m_retryDelay, m_rateLimit})
        connect(spin, &QDoubleSpinBox::valueChanged, this, dirty);

    load(Subscription());
}

void SubscriptionEditor::load(const Subscription &s)
{
    m_loading = true;
    m_name->setText(s.name);
    m_url->setText(s.url);
    m_description->setText(s.description);
    m_events->setPlainText(s.events.join(QLatin1Char('\n')));
    m_active->setChecked(s.active);
    int scheme = m_scheme->findData(s.scheme);
    if (scheme < 0) {
        m_scheme->addItem(s.scheme, s.scheme);
        scheme = m_scheme->count() - 1;
    }
    m_scheme->setCurrentIndex(scheme);
    int envelope = m_envelope->findData(s.envelope);
    if (envelope < 0) {
        m_envelope->addItem(s.envelope, s.envelope);
        envelope = m_envelope->count() - 1;
    }
    m_envelope->setCurrentIndex(envelope);
    m_headers->setRowCount(0);
    for (const auto &[name, value] : s.headers)
        addHeaderRow(name, value);
    m_retryAttempts->setValue(s.retryAttempts);
    m_retryDelay->setValue(double(s.retryDelayMs) / 1000.0);
    m_timeout->setValue(s.timeoutMs);
    m_rateLimit->setValue(s.rateLimit);
    m_disableAfter->setValue(s.disableAfter);
    showError({});
    m_loading = false;
    m_dirty = false;
}

QStringList SubscriptionEditor::splitEvents(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QJsonObject SubscriptionEditor::toJson() const
{
    QJsonObject headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, 0);
        const QTableWidgetItem *value = m_headers->item(row, 1);
        const QString headerName = name ? name->text().trimmed() : QString();
        if (headerName.isEmpty())
            continue;
        headers.insert(headerName, value ? value->text().trimmed() : QString());
    }
    return QJsonObject{
        {QStringLiteral("name"), m_name->text()},
        {QStringLiteral("url"), m_url->text()},
        {QStringLiteral("description"), m_description->text()},
        {QStringLiteral("events"),
         QJsonArray::fromStringList(splitEvents(m_events->toPlainText()))},
        {QStringLiteral("active"), m_active->isChecked()},
        {QStringLiteral("scheme"), m_scheme->currentData().toString()},
        {QStringLiteral("envelope"), m_envelope->currentData().toString()},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("retryAttempts"), m_retryAttempts->value()},
        {QStringLiteral("retryDelay"), m_retryDelay->value()},
        {QStringLiteral("timeoutMs"), m_timeout->value()},
        {QStringLiteral("rateLimit"), m_rateLimit->value()},
        {QStringLiteral("disableAfter"), m_disableAfter->value()},
    };
}

void SubscriptionEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    if (message.isEmpty())
        return;
    // The service's messages start with (or mention) the JSON name of the field.
    static const QRegularExpression field(QStringLiteral("\"([A-Za-z]+)\""));
    const QRegularExpressionMatch match = field.match(message);
    if (QWidget *widget = match.hasMatch() ? fieldNamed(match.captured(1)) : nullptr)
        widget->setFocus(Qt::OtherFocusReason);
}

QString SubscriptionEditor::error() const
{
    return m_error->text();
}

QWidget *SubscriptionEditor::fieldNamed(const QString &field) const
{
    const QHash<QString, QWidget *> fields = {
        {QStringLiteral("name"), m_name},
        {QStringLiteral("url"), m_url},
        {QStringLiteral("description"), m_description},
        {QStringLiteral("events"), m_events},
        {QStringLiteral("active"), m_active},
        {QStringLiteral("scheme"), m_scheme},
        {QStringLiteral("envelope"), m_envelope},
        {QStringLiteral("headers"), m_headers},
        {QStringLiteral("retryAttempts"), m_retryAttempts},
        {QStringLiteral("retryDelay"), m_retryDelay},
        {QStringLiteral("timeoutMs"), m_timeout},
        {QStringLiteral("rateLimit"), m_rateLimit},
        {QStringLiteral("disableAfter"), m_disableAfter},
    };
    return fields.value(field);
}

void SubscriptionEditor::markDirty()
{
    if (m_loading)
        return;
    m_dirty = true;
    emit edited();
}

void SubscriptionEditor::addHeaderRow(const QString &name, const QString &value)
{
    const bool loading = m_loading;
    m_loading = true;
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
    m_loading = loading;
}

} // namespace hookscope
