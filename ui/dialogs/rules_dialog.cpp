#include "rules_dialog.h"

#include "sign/signature_scheme_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>
#include <limits>

namespace hookscope {

namespace {

const QRegularExpression listSeparators(QStringLiteral("[,\\s]+"));

QStringList splitList(const QString &text)
{
    return text.split(listSeparators, Qt::SkipEmptyParts);
}

// "1 rule", "3 rules": %n has no plural without a translation loaded.
QString ruleCount(qsizetype count)
{
    return count == 1 ? RulesDialog::tr("1 rule")
                      : RulesDialog::tr("%n rules", nullptr, int(count));
}

// A one-line hint under a field.
QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLabel *helpLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

// The form's fields as typed, so switching between rules never loses or rewrites text,
// even while it is invalid.
struct RulesDialog::Draft
{
    QString name;
    bool enabled = true;
    QString methods;
    QString path = QStringLiteral("/**");
    QString secret;
    QString secretHeader = QStringLiteral("x-webhook-secret");
    bool requireJson = false;
    QString requiredFields;
    int status = 200;
    QString headers;
    bool customBody = false;
    QString body;
    int delayMs = 0;
    int failFirst = 0;
    double failRate = 0.0;
    int failStatus = 503;
    QString signatureScheme;  // empty: no signature check
    QString signatureSecrets; // one a line
    QString signatureHeader;
    int signatureTolerance = -1; // -1: the scheme's
    bool signatureReject = false;

    QString error; // why the draft is not a valid rule; empty when it is

    static Draft fromRule(const EndpointRule &rule);
    // The rule in the `serve --rules` format; *error is set when the form cannot even be
    // written in it (a header line without a colon).
    QJsonObject toSpec(QString *error) const;
    void validate();
};

RulesDialog::Draft RulesDialog::Draft::fromRule(const EndpointRule &rule)
{
    Draft d;
    d.name = rule.name;
    d.enabled = rule.enabled;
    QStringList methods;
    for (const QByteArray &m : rule.methods)
        methods.append(QString::fromLatin1(m));
    d.methods = methods.join(QStringLiteral(", "));
    d.path = rule.pathGlob;
    d.secret = QString::fromUtf8(rule.secret);
    d.secretHeader = QString::fromLatin1(rule.secretHeader);
    d.requireJson = rule.requireJson;
    d.requiredFields = rule.requiredFields.join(QStringLiteral(", "));
    d.status = rule.status;
    QStringList headerLines;
    for (const HeaderField &h : rule.responseHeaders)
        headerLines.append(QString::fromLatin1(h.name) + QStringLiteral(": ") +
                           QString::fromUtf8(h.value));
    d.headers = headerLines.join(QLatin1Char('\n'));
    d.customBody = rule.bodyTemplate.has_value();
    d.body = rule.bodyTemplate ? QString::fromUtf8(*rule.bodyTemplate) : QString();
    d.delayMs = rule.delayMs;
    d.failFirst = rule.failFirst;
    d.failRate = rule.failRate;
    d.failStatus = rule.failStatus;
    if (rule.signature) {
        d.signatureScheme = rule.signature->scheme.id;
        QStringList secrets;
        for (const QByteArray &key : rule.signature->secrets)
            secrets.append(QString::fromUtf8(key));
        d.signatureSecrets = secrets.join(QLatin1Char('\n'));
        d.signatureHeader = QString::fromLatin1(rule.signature->signatureHeader);
        d.signatureTolerance = rule.signature->tolerance.value_or(-1);
        d.signatureReject = rule.signature->reject;
    }
    return d;
}

QJsonObject RulesDialog::Draft::toSpec(QString *why) const
{
    QJsonObject spec;
    spec.insert(QStringLiteral("name"), name.trimmed());
    spec.insert(QStringLiteral("enabled"), enabled);
    const QStringList methodList = splitList(methods);
    spec.insert(QStringLiteral("methods"), methodList.isEmpty()
                                               ? QJsonArray{QStringLiteral("*")}
                                               : QJsonArray::fromStringList(methodList));
    // Empty fields mean the defaults their placeholders show.
    if (!path.trimmed().isEmpty())
        spec.insert(QStringLiteral("path"), path.trimmed());
    if (!secret.isEmpty()) {
        spec.insert(QStringLiteral("secret"), secret);
        if (!secretHeader.trimmed().isEmpty())
            spec.insert(QStringLiteral("secretHeader"), secretHeader.trimmed());
    }
    if (requireJson)
        spec.insert(QStringLiteral("requireJson"), true);
    const QStringList fields = splitList(requiredFields);
    if (!fields.isEmpty())
        spec.insert(QStringLiteral("requiredFields"), QJsonArray::fromStringList(fields));

    QJsonObject response{{QStringLiteral("status"), status}};
    QJsonObject headerObject;
    const QStringList lines = headers.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            *why = RulesDialog::tr("response headers, line %1: \"%2\" is not \"Name: value\"")
                       .arg(i + 1)
                       .arg(line);
            return {};
        }
        const QString headerName = line.left(colon).trimmed();
        if (headerObject.contains(headerName)) {
            *why = RulesDialog::tr("response header \"%1\" is given twice").arg(headerName);
            return {};
        }
        headerObject.insert(headerName, line.mid(colon + 1).trimmed());
    }
    if (!headerObject.isEmpty())
        response.insert(QStringLiteral("headers"), headerObject);
    if (customBody)
        response.insert(QStringLiteral("body"), body);
    spec.insert(QStringLiteral("response"), response);
    if (delayMs > 0)
        spec.insert(QStringLiteral("delayMs"), delayMs);
    if (failFirst > 0 || failRate > 0.0) {
        spec.insert(QStringLiteral("fail"), QJsonObject{{QStringLiteral("first"), failFirst},
                                                        {QStringLiteral("rate"), failRate},
                                                        {QStringLiteral("status"), failStatus}});
    }
    if (!signatureScheme.isEmpty()) {
        // One secret a line, trimmed at both ends; inner spaces are kept.
        QJsonArray secrets;
        for (const QString &line : signatureSecrets.split(QLatin1Char('\n'))) {
            const QString key = line.trimmed();
            if (!key.isEmpty())
                secrets.append(key);
        }
        QJsonObject signature{{QStringLiteral("scheme"), signatureScheme},
                              {QStringLiteral("secrets"), secrets}};
        if (!signatureHeader.trimmed().isEmpty())
            signature.insert(QStringLiteral("signatureHeader"), signatureHeader.trimmed());
        if (signatureTolerance >= 0)
            signature.insert(QStringLiteral("tolerance"), signatureTolerance);
        if (signatureReject)
            signature.insert(QStringLiteral("reject"), true);
        spec.insert(QStringLiteral("signature"), signature);
    }
    return spec;
}

void RulesDialog::Draft::validate()
{
    error.clear();
    const QJsonObject spec = toSpec(&error);
    if (error.isEmpty())
        EndpointRule::fromJson(spec, &error);
}

RulesDialog::RulesDialog(const QList<EndpointRule> &rules, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("rulesDialog"));
    setWindowTitle(tr("Endpoint Rules"));

    auto *intro = helpLabel(
        tr("The first enabled rule whose methods and path match a request decides the answer. "
           "Requests that no rule matches get the default answer, "
           "<code>{\"success\":true,\"id\":\"…\"}</code> with status 200. Changes apply to the "
           "running receiver when you press OK."),
        this);

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(listPane);
    m_list->setObjectName(QStringLiteral("ruleList"));
    listLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    auto makeButton = [&](const QString &name, const QString &text, const QString &tip) {
        auto *button = new QPushButton(text, listPane);
        button->setObjectName(name);
        button->setToolTip(tip);
        button->setAutoDefault(false);
        listButtons->addWidget(button);
        return button;
    };
    m_add = makeButton(QStringLiteral("addButton"), tr("&Add"), tr("Add a rule at the end"));
    m_duplicate = makeButton(QStringLiteral("duplicateButton"), tr("D&uplicate"),
                             tr("Copy the selected rule"));
    m_remove =
        makeButton(QStringLiteral("removeButton"), tr("&Remove"), tr("Remove the selected rule"));
    m_up = makeButton(QStringLiteral("upButton"), tr("Up"), tr("Match this rule earlier"));
    m_down = makeButton(QStringLiteral("downButton"), tr("Down"), tr("Match this rule later"));
    listLayout->addLayout(listButtons);

    m_editor = buildEditor();
    auto *splitter = new QSplitter(this);
    splitter->addWidget(listPane);
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    m_message = helpLabel(QString(), this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttons"));
    QPushButton *importButton = buttons->addButton(tr("&Import…"), QDialogButtonBox::ActionRole);
    importButton->setObjectName(QStringLiteral("importButton"));
    importButton->setToolTip(tr("Replace the list with the rules of a file in the format of "
                                "hookscope serve --rules"));
    QPushButton *exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::ActionRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Save the rules to a file for hookscope serve --rules"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RulesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RulesDialog::reject);
    connect(importButton, &QPushButton::clicked, this, &RulesDialog::chooseImportFile);
    connect(exportButton, &QPushButton::clicked, this, &RulesDialog::chooseExportFile);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_add, &QPushButton::clicked, this, &RulesDialog::addRule);
    connect(m_duplicate, &QPushButton::clicked, this, &RulesDialog::duplicateRule);
    connect(m_remove, &QPushButton::clicked, this, &RulesDialog::removeRule);
    connect(m_up, &QPushButton::clicked, this, [this] { moveRule(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveRule(1); });
    connect(m_list, &QListWidget::currentRowChanged, this, &RulesDialog::onCurrentRowChanged);
    auto *deleteKey =
        new QShortcut(QKeySequence::Delete, m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &RulesDialog::removeRule);

    setRules(rules);
    resize(900, 640);
}

RulesDialog::~RulesDialog() = default;

QWidget *RulesDialog::buildEditor()
{
    auto *editor = new QWidget(this);
    auto *layout = new QVBoxLayout(editor);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *tabs = new QTabWidget(editor);
    tabs->setObjectName(QStringLiteral("ruleTabs"));
    layout->addWidget(tabs, 1);

    auto lineEdit = [](const QString &name, const QString &placeholder, QWidget *parent) {
        auto *edit = new QLineEdit(parent);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        return edit;
    };
    auto spinBox = [](const QString &name, int low, int high, QWidget *parent) {
        auto *spin = new QSpinBox(parent);
        spin->setObjectName(name);
        spin->setRange(low, high);
        return spin;
    };

    auto *match = new QWidget(tabs);
    auto *matchForm = new QFormLayout(match);
    m_name =
        lineEdit(QStringLiteral("nameEdit"), tr("shown in the log and with each request"), match);
    matchForm->addRow(tr("&Name:"), m_name);
    m_enabled = new QCheckBox(tr("&Enabled"), match);
    m_enabled->setObjectName(QStringLiteral("enabledCheck"));
    matchForm->addRow(QString(), m_enabled);
    m_methods =
        lineEdit(QStringLiteral("methodsEdit"), tr("any method (or e.g. POST, PUT)"), match);
    matchForm->addRow(tr("&Methods:"), m_methods);
    m_path = lineEdit(QStringLiteral("pathEdit"), QStringLiteral("/**"), match);
    matchForm->addRow(tr("&Path:"), m_path);
    m_path->setToolTip(tr("* matches within one path segment, ** across segments, ? one "
                          "character."));
    matchForm->addRow(QString(), hintLabel(tr("<code>*</code> within a segment, <code>**</code> "
                                              "across segments, <code>?</code> one character"),
                                           match));
    m_secret = lineEdit(QStringLiteral("secretEdit"), tr("none required"), match);
    matchForm->addRow(tr("&Secret:"), m_secret);
    m_secretHeader =
        lineEdit(QStringLiteral("secretHeaderEdit"), QStringLiteral("x-webhook-secret"), match);
    matchForm->addRow(tr("Secret &header:"), m_secretHeader);
    matchForm->addRow(QString(),
                      hintLabel(tr("Requests without this header value get 401"), match));
    m_requireJson = new QCheckBox(tr("Body must be a JSON &object (else 400)"), match);
    m_requireJson->setObjectName(QStringLiteral("requireJsonCheck"));
    matchForm->addRow(QString(), m_requireJson);
    m_requiredFields = lineEdit(QStringLiteral("requiredFieldsEdit"),
                                tr("top-level fields, e.g. eventType, data"), match);
    matchForm->addRow(tr("Required &fields:"), m_requiredFields);
    tabs->addTab(match, tr("Match"));

    auto *response = new QWidget(tabs);
    auto *responseLayout = new QVBoxLayout(response);
    auto *responseForm = new QFormLayout;
    responseLayout->addLayout(responseForm, 1);
    m_status = spinBox(QStringLiteral("statusSpin"), 100, 599, response);
    responseForm->addRow(tr("&Status:"), m_status);
    m_headers = new QPlainTextEdit(response);
    m_headers->setObjectName(QStringLiteral("responseHeadersEdit"));
    m_headers->setPlaceholderText(tr("One per line, e.g.\nX-Handled-By: hookscope"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 4 + 12);
    responseForm->addRow(tr("&Headers:"), m_headers);
    m_customBody = new QCheckBox(tr("Custom &body (otherwise the default answer)"), response);
    m_customBody->setObjectName(QStringLiteral("customBodyCheck"));
    responseForm->addRow(QString(), m_customBody);
    m_body = new QPlainTextEdit(response);
    m_body->setObjectName(QStringLiteral("bodyEdit"));
    m_body->setPlaceholderText(QStringLiteral("{\"received\": true, \"id\": \"{{request.id}}\"}"));
    m_body->setTabChangesFocus(true);
    responseForm->addRow(tr("B&ody:"), m_body);
    QLabel *placeholders = helpLabel(
        tr("Placeholders: <code>{{request.id}}</code> <code>{{request.method}}</code> "
           "<code>{{request.path}}</code> <code>{{request.query}}</code> "
           "<code>{{request.remoteAddress}}</code> <code>{{now.ms}}</code> "
           "<code>{{now.s}}</code> <code>{{now.iso}}</code> <code>{{uuid}}</code> "
           "<code>{{header.NAME}}</code> (any case) <code>{{body.a.b}}</code> / "
           "<code>{{body.items.0.id}}</code> (a path into a JSON request body). In a JSON "
           "response, text is JSON-escaped; numbers, booleans and nested values from the body "
           "are inserted as JSON."),
        response);
    placeholders->setObjectName(QStringLiteral("placeholderHelp"));
    responseLayout->addWidget(placeholders);
    tabs->addTab(response, tr("Response"));

    auto *failures = new QWidget(tabs);
    auto *failLayout = new QVBoxLayout(failures);
    auto *failForm = new QFormLayout;
    failLayout->addLayout(failForm);
    m_delay = spinBox(QStringLiteral("delaySpin"), 0, 120000, failures);
    m_delay->setSuffix(tr(" ms"));
    m_delay->setSingleStep(100);
    failForm->addRow(tr("&Delay before answering:"), m_delay);
    m_failFirst =
        spinBox(QStringLiteral("failFirstSpin"), 0, std::numeric_limits<int>::max(), failures);
    m_failFirst->setSuffix(tr(" requests"));
    failForm->addRow(tr("Fail the &first:"), m_failFirst);
    m_failRate = new QDoubleSpinBox(failures);
    m_failRate->setObjectName(QStringLiteral("failRateSpin"));
    m_failRate->setRange(0.0, 1.0);
    m_failRate->setDecimals(4);
    m_failRate->setSingleStep(0.05);
    failForm->addRow(tr("Then fail a &share (0–1):"), m_failRate);
    m_failStatus = spinBox(QStringLiteral("failStatusSpin"), 100, 599, failures);
    failForm->addRow(tr("Failure s&tatus:"), m_failStatus);
    failLayout->addWidget(helpLabel(tr("Failures test a sender's retries: the first N "
                                       "matching requests, then that share of the "
                                       "others, are answered with the failure status."),
                                    failures));
    failLayout->addStretch(1);
    tabs->addTab(failures, tr("Delay && Failures"));

    auto *signature = new QWidget(tabs);
    auto *signatureLayout = new QVBoxLayout(signature);
    auto *signatureForm = new QFormLayout;
    signatureLayout->addLayout(signatureForm);
    m_signatureScheme = new QComboBox(signature);
    m_signatureScheme->setObjectName(QStringLiteral("signatureSchemeCombo"));
    m_signatureScheme->addItem(tr("None (not checked)"), QString());
    for (const SignatureScheme &scheme : SignatureSchemeRegistry::presets()) {
        m_signatureScheme->addItem(scheme.id, scheme.id);
        m_signatureScheme->setItemData(m_signatureScheme->count() - 1, scheme.description,
                                       Qt::ToolTipRole);
    }
    signatureForm->addRow(tr("S&cheme:"), m_signatureScheme);
    m_signatureSecrets = new QPlainTextEdit(signature);
    m_signatureSecrets->setObjectName(QStringLiteral("signatureSecretsEdit"));
    m_signatureSecrets->setPlaceholderText(
        tr("One per line; several for a rotation, tried in order"));
    m_signatureSecrets->setTabChangesFocus(true);
    m_signatureSecrets->setFixedHeight(m_signatureSecrets->fontMetrics().lineSpacing() * 4 + 12);
    signatureForm->addRow(tr("Secre&ts:"), m_signatureSecrets);
    m_signatureHeader = lineEdit(QStringLiteral("signatureHeaderEdit"), QString(), signature);
    signatureForm->addRow(tr("Signature &header:"), m_signatureHeader);
    m_signatureTolerance =
        spinBox(QStringLiteral("signatureToleranceSpin"), -1, 31536000, signature);
    m_signatureTolerance->setSpecialValueText(tr("the scheme's"));
    m_signatureTolerance->setSuffix(tr(" s"));
    m_signatureTolerance->setToolTip(
        tr("Maximum age of the signed timestamp; 0 turns the check off"));
    signatureForm->addRow(tr("Timestamp &tolerance:"), m_signatureTolerance);
    m_signatureReject = new QCheckBox(tr("&Reject invalid requests with 401"), signature);
    m_signatureReject->setObjectName(QStringLiteral("signatureRejectCheck"));
    signatureForm->addRow(QString(), m_signatureReject);
    signatureLayout->addWidget(
        helpLabel(tr("Every request this rule matches is verified on arrival; the list's "
                     "Signature column shows valid or invalid, the request's Overview why. "
                     "Invalid requests are still captured, and answered normally unless "
                     "rejected. Secrets are stored apart from the rules and never logged."),
                  signature));
    signatureLayout->addStretch(1);
    tabs->addTab(signature, tr("Signature"));

    m_ruleError = helpLabel(QString(), editor);
    m_ruleError->setObjectName(QStringLiteral("ruleError"));
    m_ruleError->hide();
    layout->addWidget(m_ruleError);

    for (QLineEdit *edit :
         {m_name, m_methods, m_path, m_secret, m_secretHeader, m_requiredFields, m_signatureHeader})
        connect(edit, &QLineEdit::textChanged, this, &RulesDialog::onFormEdited);
    for (QCheckBox *check : {m_enabled, m_requireJson, m_customBody, m_signatureReject})
        connect(check, &QCheckBox::toggled, this, &RulesDialog::onFormEdited);
    for (QPlainTextEdit *edit : {m_headers, m_body, m_signatureSecrets})
        connect(edit, &QPlainTextEdit::textChanged, this, &RulesDialog::onFormEdited);
    for (QSpinBox *spin : {m_status, m_delay, m_failFirst, m_failStatus, m_signatureTolerance})
        connect(spin, &QSpinBox::valueChanged, this, &RulesDialog::onFormEdited);
    connect(m_signatureScheme, &QComboBox::currentIndexChanged, this, &RulesDialog::onFormEdited);
    connect(m_failRate, &QDoubleSpinBox::valueChanged, this, &RulesDialog::onFormEdited);
    return editor;
}

void RulesDialog::setApplyFunction(ApplyFunction apply)
{
    m_apply = std::move(apply);
}

void RulesDialog::setRules(const QList<EndpointRule> &rules)
{
    m_drafts.clear();
    m_list->clear();
    for (const EndpointRule &rule : rules) {
        m_drafts.push_back(Draft::fromRule(rule));
        m_drafts.back().validate();
        m_list->addItem(QString());
        refreshItem(int(m_drafts.size()) - 1);
    }
    selectRow(m_drafts.empty() ? -1 : 0);
    onCurrentRowChanged(m_list->currentRow());
}

void RulesDialog::selectRow(int row)
{
    m_list->setCurrentRow(row);
}

void RulesDialog::onCurrentRowChanged(int row)
{
    const bool valid = row >= 0 && row < int(m_drafts.size());
    m_editor->setEnabled(valid);
    loadForm(valid ? m_drafts[size_t(row)] : Draft());
    refreshButtons();
}

void RulesDialog::loadForm(const Draft &draft)
{
    m_loading = true;
    m_name->setText(draft.name);
    m_enabled->setChecked(draft.enabled);
    m_methods->setText(draft.methods);
    m_path->setText(draft.path);
    m_secret->setText(draft.secret);
    m_secretHeader->setText(draft.secretHeader);
    m_requireJson->setChecked(draft.requireJson);
    m_requiredFields->setText(draft.requiredFields);
    m_status->setValue(draft.status);
    m_headers->setPlainText(draft.headers);
    m_customBody->setChecked(draft.customBody);
    m_body->setPlainText(draft.body);
    m_delay->setValue(draft.delayMs);
    m_failFirst->setValue(draft.failFirst);
    m_failRate->setValue(draft.failRate);
    m_failStatus->setValue(draft.failStatus);
    m_signatureScheme->setCurrentIndex(qMax(0, m_signatureScheme->findData(draft.signatureScheme)));
    m_signatureSecrets->setPlainText(draft.signatureSecrets);
    m_signatureHeader->setText(draft.signatureHeader);
    m_signatureTolerance->setValue(draft.signatureTolerance);
    m_signatureReject->setChecked(draft.signatureReject);
    m_loading = false;
    updateFormState();
    showRuleError(draft.error);
}

RulesDialog::Draft RulesDialog::formDraft() const
{
    Draft d;
    d.name = m_name->text();
    d.enabled = m_enabled->isChecked();
    d.methods = m_methods->text();
    d.path = m_path->text();
    d.secret = m_secret->text();
    d.secretHeader = m_secretHeader->text();
    d.requireJson = m_requireJson->isChecked();
    d.requiredFields = m_requiredFields->text();
    d.status = m_status->value();
    d.headers = m_headers->toPlainText();
    d.customBody = m_customBody->isChecked();
    d.body = m_body->toPlainText();
    d.delayMs = m_delay->value();
    d.failFirst = m_failFirst->value();
    d.failRate = m_failRate->value();
    d.failStatus = m_failStatus->value();
    d.signatureScheme = m_signatureScheme->currentData().toString();
    d.signatureSecrets = m_signatureSecrets->toPlainText();
    d.signatureHeader = m_signatureHeader->text();
    d.signatureTolerance = m_signatureTolerance->value();
    d.signatureReject = m_signatureReject->isChecked();
    return d;
}

void RulesDialog::onFormEdited()
{
    if (m_loading)
        return;
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_drafts.size()))
        return;
    Draft &draft = m_drafts[size_t(row)];
    draft = formDraft();
    draft.validate();
    showRuleError(draft.error);
    updateFormState();
    refreshItem(row);
}

void RulesDialog::updateFormState()
{
    m_secretHeader->setEnabled(!m_secret->text().isEmpty());
    m_body->setEnabled(m_customBody->isChecked());
    const bool failing = m_failFirst->value() > 0 || m_failRate->value() > 0.0;
    m_failStatus->setEnabled(failing);
    const QString schemeId = m_signatureScheme->currentData().toString();
    const bool checking = !schemeId.isEmpty();
    for (QWidget *field : std::initializer_list<QWidget *>{m_signatureSecrets, m_signatureHeader,
                                                           m_signatureTolerance, m_signatureReject})
        field->setEnabled(checking);
    // The placeholder names the header the scheme reads, which the field overrides.
    const SignatureScheme *scheme = SignatureSchemeRegistry::find(schemeId);
    m_signatureHeader->setPlaceholderText(
        scheme && !scheme->signatureHeaders.isEmpty()
            ? QString::fromLatin1(scheme->signatureHeaders.constFirst())
            : QString());
}

void RulesDialog::refreshItem(int row)
{
    QListWidgetItem *item = m_list->item(row);
    const Draft &d = m_drafts[size_t(row)];
    const QString name = d.name.trimmed().isEmpty() ? tr("rule %1").arg(row + 1) : d.name.trimmed();
    const QStringList methods = splitList(d.methods.toUpper());
    QString text = name + QLatin1Char('\n') +
                   (methods.isEmpty() ? tr("any method") : methods.join(QLatin1Char(' '))) +
                   QLatin1Char(' ') +
                   (d.path.trimmed().isEmpty() ? QStringLiteral("/**") : d.path.trimmed()) +
                   QStringLiteral(" → ") + QString::number(d.status);
    if (!d.signatureScheme.isEmpty())
        text += QLatin1Char(' ') + tr("(%1 signature)").arg(d.signatureScheme);
    if (!d.enabled)
        text += QLatin1Char(' ') + tr("(disabled)");
    item->setText(text);
    item->setIcon(d.error.isEmpty() ? QIcon()
                                    : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    item->setToolTip(d.error);
    item->setForeground(d.enabled ? palette().brush(QPalette::Text)
                                  : palette().brush(QPalette::Disabled, QPalette::Text));
}

void RulesDialog::refreshButtons()
{
    const int row = m_list->currentRow();
    const bool selected = row >= 0;
    m_duplicate->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_up->setEnabled(selected && row > 0);
    m_down->setEnabled(selected && row + 1 < m_list->count());
}

void RulesDialog::addRule()
{
    Draft draft;
    draft.name = tr("rule %1").arg(m_drafts.size() + 1);
    draft.validate();
    m_drafts.push_back(draft);
    m_list->addItem(QString());
    refreshItem(int(m_drafts.size()) - 1);
    selectRow(int(m_drafts.size()) - 1);
    m_name->setFocus();
    m_name->selectAll();
}

void RulesDialog::duplicateRule()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    Draft copy = m_drafts[size_t(row)];
    const QString name = copy.name.trimmed();
    copy.name = tr("%1 (copy)").arg(name.isEmpty() ? tr("rule %1").arg(row + 1) : name);
    copy.validate();
    m_drafts.insert(m_drafts.begin() + row + 1, copy);
    m_list->insertItem(row + 1, QString());
    refreshItem(row + 1);
    selectRow(row + 1);
}

void RulesDialog::removeRule()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    m_drafts.erase(m_drafts.begin() + row);
    {
        // The list reports a current row while the item is still there, which would not
        // match m_drafts any more: pick the next current row once it is gone.
        const QSignalBlocker blocker(m_list);
        delete m_list->takeItem(row);
        m_list->setCurrentRow(qMin(row, m_list->count() - 1));
    }
    for (int i = row; i < m_list->count(); ++i)
        refreshItem(i); // unnamed rules are shown by position
    onCurrentRowChanged(m_list->currentRow());
}

void RulesDialog::moveRule(int delta)
{
    const int row = m_list->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_list->count())
        return;
    std::swap(m_drafts[size_t(row)], m_drafts[size_t(target)]);
    refreshItem(row);
    refreshItem(target);
    selectRow(target);
}

void RulesDialog::showRuleError(const QString &error)
{
    m_ruleError->setText(tr("<b>This rule is not valid:</b> %1").arg(error.toHtmlEscaped()));
    m_ruleError->setVisible(!error.isEmpty());
}

void RulesDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(error ? tr("<b>Error:</b> %1").arg(text.toHtmlEscaped())
                             : text.toHtmlEscaped());
    m_message->setVisible(!text.isEmpty());
}

std::optional<QList<EndpointRule>> RulesDialog::parseAll(QString *error)
{
    // Per-rule problems first, so the message can point at the form that has them.
    for (size_t i = 0; i < m_drafts.size(); ++i) {
        m_drafts[i].validate();
        refreshItem(int(i));
        if (!m_drafts[i].error.isEmpty()) {
            const QString name = m_drafts[i].name.trimmed();
            *error = name.isEmpty()
                         ? tr("rule %1: %2").arg(i + 1).arg(m_drafts[i].error)
                         : tr("rule %1 (%2): %3").arg(i + 1).arg(name, m_drafts[i].error);
            selectRow(int(i));
            return std::nullopt;
        }
    }
    // The whole list through the rules-file parser, as `serve --rules` reads it.
    QJsonArray specs;
    for (const Draft &draft : m_drafts) {
        QString unused;
        specs.append(draft.toSpec(&unused));
    }
    return EndpointRule::listFromJson(
        QJsonDocument(QJsonObject{{QStringLiteral("rules"), specs}}).toJson(QJsonDocument::Compact),
        error);
}

void RulesDialog::accept()
{
    QString error;
    const std::optional<QList<EndpointRule>> parsed = parseAll(&error);
    if (!parsed) {
        showMessage(error, true);
        return;
    }
    if (m_apply && !m_apply(*parsed, &error)) {
        showMessage(tr("the rules could not be saved: %1").arg(error), true);
        return;
    }
    m_result = *parsed;
    QDialog::accept();
}

bool RulesDialog::importFrom(const QString &path)
{
    const QString fileName = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("nothing imported: cannot read %1: %2").arg(path, file.errorString()), true);
        return false;
    }
    QString error;
    const std::optional<QList<EndpointRule>> rules =
        EndpointRule::listFromJson(file.readAll(), &error);
    if (!rules) {
        showMessage(tr("nothing imported from %1: %2").arg(fileName, error), true);
        return false;
    }
    setRules(*rules);
    showMessage(tr("Imported %1 from %2; they replace the list. OK applies them, Cancel keeps "
                   "the rules as they were.")
                    .arg(ruleCount(rules->size()), fileName),
                false);
    return true;
}

bool RulesDialog::exportTo(const QString &path)
{
    QString error;
    const std::optional<QList<EndpointRule>> rules = parseAll(&error);
    if (!rules) {
        showMessage(tr("nothing exported: %1").arg(error), true);
        return false;
    }
    QJsonArray specs;
    for (const EndpointRule &rule : *rules) {
        QJsonObject spec = rule.toJson();
        spec.remove(QStringLiteral("id")); // database ids mean nothing in another database
        specs.append(spec);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("rules"), specs}}).toJson()) < 0 ||
        !file.commit()) {
        showMessage(tr("nothing exported: cannot write %1: %2").arg(path, file.errorString()),
                    true);
        return false;
    }
    showMessage(tr("Exported %1 to %2.").arg(ruleCount(rules->size()), QFileInfo(path).fileName()),
                false);
    return true;
}

void RulesDialog::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Rules"), QString(),
                                                      tr("Rules files (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFrom(path);
}

void RulesDialog::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Rules"),
                                                      QStringLiteral("hookscope-rules.json"),
                                                      tr("Rules files (*.json);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path);
}

} // namespace hookscope
