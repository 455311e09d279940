#include "signatures_dialog.h"

#include "app_settings.h"
#include "inspect/body_text.h"
#include "inspect/curl_command.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "widgets/body_view.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
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
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace hookscope {

namespace {

constexpr int DebounceMs = 250;
const QString autoId = QStringLiteral("auto");

// "Name: value" lines; empty lines are skipped.
bool parseHeaderLines(const QString &text, HeaderList *headers, QString *error)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            *error = SignaturesDialog::tr("Header line %1: expected \"Name: value\"").arg(i + 1);
            return false;
        }
        headers->append(
            {line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return true;
}

QString headerLines(const HeaderList &headers)
{
    QString text;
    for (const HeaderField &field : headers)
        text += BodyText::display(field.name) + QStringLiteral(": ") +
                BodyText::display(field.value) + QLatin1Char('\n');
    return text;
}

QString failureText(VerifyFailure failure)
{
    static const struct
    {
        VerifyFailure failure;
        const char *text;
    } names[] = {
        {VerifyFailure::MissingHeader,
         QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "missing header")},
        {VerifyFailure::MalformedHeader,
         QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "malformed header")},
        {VerifyFailure::BadSecret, QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "bad secret")},
        {VerifyFailure::MissingUrl, QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "URL needed")},
        {VerifyFailure::TimestampOutsideTolerance,
         QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "timestamp outside tolerance")},
        {VerifyFailure::SignatureMismatch,
         QT_TRANSLATE_NOOP("hookscope::SignaturesDialog", "signature mismatch")},
    };
    for (const auto &name : names) {
        if (name.failure == failure)
            return SignaturesDialog::tr(name.text);
    }
    return {};
}

QPlainTextEdit *makeTextEdit(QWidget *parent, const QString &objectName, const QString &name,
                             bool readOnly = false)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(name);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setReadOnly(readOnly);
    return edit;
}

QLineEdit *makeLineEdit(QWidget *parent, const QString &objectName, const QString &name,
                        const QString &placeholder = {})
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

// A label named after the field it labels (and gives the mnemonic to).
QLabel *makeLabel(QWidget *parent, QWidget *buddy, const QString &text)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(buddy->objectName() + QStringLiteral("Label"));
    label->setBuddy(buddy);
    return label;
}

QPushButton *makeButton(QWidget *parent, const QString &objectName, const QString &text)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    return button;
}

// Messages take no room while there is none.
void setMessage(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QByteArrayList secretLines(const QString &text)
{
    QByteArrayList secrets;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            secrets.append(line.trimmed().toUtf8());
    }
    return secrets;
}

} // namespace

SignaturesDialog::SignaturesDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_custom(settings->customSignatureSchemes()),
      m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("signaturesDialog"));
    setWindowTitle(tr("Signatures"));
    resize(900, 720);

    m_verifyTimer.setSingleShot(true);
    m_verifyTimer.setInterval(DebounceMs);
    connect(&m_verifyTimer, &QTimer::timeout, this, &SignaturesDialog::verify);
    m_signTimer.setSingleShot(true);
    m_signTimer.setInterval(DebounceMs);
    connect(&m_signTimer, &QTimer::timeout, this, &SignaturesDialog::sign);

    m_tabs->setObjectName(QStringLiteral("signaturesTabs"));
    m_tabs->addTab(createVerifyTab(), tr("Verify"));
    m_tabs->addTab(createSignTab(), tr("Sign"));
    m_tabs->addTab(createCustomTab(), tr("Custom Schemes"));
    fillSchemeCombos();
    useRequestSource(false);
    setMessage(m_signError, {});
    setMessage(m_signNote, {});
    setCustomError({});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("signaturesButtons"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("signaturesClose"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
}

SignaturesDialog::~SignaturesDialog() = default;

QWidget *SignaturesDialog::createVerifyTab()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("verifyPage"));

    m_source = new QComboBox(page);
    m_source->setObjectName(QStringLiteral("verifySource"));
    m_source->setAccessibleName(tr("Request to verify"));
    m_source->addItem(tr("Selected request"));
    m_source->addItem(tr("Pasted headers and body"));
    m_headers = makeTextEdit(page, QStringLiteral("verifyHeaders"), tr("Headers"));
    m_headers->setPlaceholderText(tr("Name: value, one header a line"));
    m_body = makeTextEdit(page, QStringLiteral("verifyBody"), tr("Body"));
    m_body->setPlaceholderText(tr("The body exactly as received"));

    m_verifyScheme = new QComboBox(page);
    m_verifyScheme->setObjectName(QStringLiteral("verifyScheme"));
    m_verifyScheme->setAccessibleName(tr("Scheme"));
    // The descriptions are long: they must not set the window's width.
    m_verifyScheme->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_verifyScheme->setMinimumContentsLength(24);
    m_secrets = makeTextEdit(page, QStringLiteral("verifySecrets"), tr("Secrets"));
    m_secrets->setPlaceholderText(tr("One secret a line; several are tried in turn (rotation)"));
    m_secrets->setMaximumHeight(m_secrets->fontMetrics().lineSpacing() * 4 + 12);
    m_verifyUrl = makeLineEdit(page, QStringLiteral("verifyUrl"), tr("URL"),
                               tr("The URL the sender posted to (Twilio, Square)"));
    m_signatureHeader = makeLineEdit(page, QStringLiteral("verifySignatureHeader"),
                                     tr("Signature header"), tr("The scheme's own header"));
    m_tolerance = new QSpinBox(page);
    m_tolerance->setObjectName(QStringLiteral("verifyTolerance"));
    m_tolerance->setAccessibleName(tr("Timestamp tolerance"));
    m_tolerance->setRange(-1, 1000000000);
    m_tolerance->setValue(-1);
    m_tolerance->setSpecialValueText(tr("The scheme's"));
    m_tolerance->setSuffix(tr(" s"));
    m_tolerance->setToolTip(tr("Seconds a timestamp may be off; 0 turns the check off"));
    auto *verifyButton = makeButton(page, QStringLiteral("verifyButton"), tr("Verify"));
    verifyButton->setDefault(true);
    connect(verifyButton, &QPushButton::clicked, this, &SignaturesDialog::verify);

    m_verdict = new QLabel(page);
    m_verdict->setObjectName(QStringLiteral("verifyVerdict"));
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_verdict->setFont(big);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(page);
    m_details->setObjectName(QStringLiteral("verifyDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hints = new QListWidget(page);
    m_hints->setObjectName(QStringLiteral("verifyHints"));
    m_hints->setAccessibleName(tr("Hints"));
    m_hints->setWordWrap(true);
    m_hints->setMaximumHeight(m_hints->fontMetrics().lineSpacing() * 5 + 8);
    m_expected = makeLineEdit(page, QStringLiteral("verifyExpected"), tr("Expected signature"));
    m_expected->setReadOnly(true);
    m_expected->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyExpected = makeButton(page, QStringLiteral("verifyCopyExpected"), tr("Copy"));
    m_copyExpected->setToolTip(tr("Copy the header value a correct sender would send"));
    connect(m_copyExpected, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_expected->text()); });

    auto *input = new QWidget(page);
    input->setObjectName(QStringLiteral("verifyInput"));
    auto *inputLayout = new QVBoxLayout(input);
    inputLayout->setContentsMargins(0, 0, 0, 0);
    inputLayout->addWidget(m_source);
    auto *requestSplit = new QSplitter(Qt::Vertical, input);
    requestSplit->setObjectName(QStringLiteral("verifyRequestSplitter"));
    for (QPlainTextEdit *edit : {m_headers, m_body}) {
        auto *pane = new QWidget(requestSplit);
        auto *paneLayout = new QVBoxLayout(pane);
        paneLayout->setContentsMargins(0, 0, 0, 0);
        pane->setObjectName(edit->objectName() + QStringLiteral("Pane"));
        paneLayout->addWidget(makeLabel(pane, edit, edit->accessibleName() + QLatin1Char(':')));
        paneLayout->addWidget(edit, 1);
        requestSplit->addWidget(pane);
    }
    inputLayout->addWidget(requestSplit, 1);

    auto *form = new QFormLayout;
    form->addRow(makeLabel(page, m_verifyScheme, tr("&Scheme:")), m_verifyScheme);
    form->addRow(makeLabel(page, m_secrets, tr("S&ecrets:")), m_secrets);
    form->addRow(makeLabel(page, m_verifyUrl, tr("&URL:")), m_verifyUrl);
    form->addRow(makeLabel(page, m_signatureHeader, tr("Signature &header:")), m_signatureHeader);
    auto *toleranceRow = new QHBoxLayout;
    toleranceRow->addWidget(m_tolerance);
    toleranceRow->addStretch(1);
    toleranceRow->addWidget(verifyButton);
    // A row that is a layout gets no buddy of its own: the mnemonic needs one.
    form->addRow(makeLabel(page, m_tolerance, tr("&Tolerance:")), toleranceRow);
    auto *expectedRow = new QHBoxLayout;
    expectedRow->addWidget(m_expected, 1);
    expectedRow->addWidget(m_copyExpected);

    auto *settingsPane = new QWidget(page);
    settingsPane->setObjectName(QStringLiteral("verifySettings"));
    auto *settingsLayout = new QVBoxLayout(settingsPane);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addLayout(form);
    settingsLayout->addWidget(m_verdict);
    settingsLayout->addWidget(m_details);
    m_expectedLabel = makeLabel(settingsPane, m_expected, tr("Expected signature:"));
    settingsLayout->addWidget(m_expectedLabel);
    settingsLayout->addLayout(expectedRow);
    m_hintsLabel = makeLabel(settingsPane, m_hints, tr("Hints:"));
    settingsLayout->addWidget(m_hintsLabel);
    settingsLayout->addWidget(m_hints);
    settingsLayout->addStretch(1);

    auto *split = new QSplitter(Qt::Horizontal, page);
    split->setObjectName(QStringLiteral("verifySplitter"));
    split->addWidget(input);
    split->addWidget(settingsPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(split);

    const auto later = [this] { m_verifyTimer.start(); };
    connect(m_source, &QComboBox::currentIndexChanged, this,
            [this](int index) { useRequestSource(index == 0); });
    for (QPlainTextEdit *edit : {m_headers, m_body, m_secrets})
        connect(edit, &QPlainTextEdit::textChanged, this, later);
    for (QLineEdit *edit : {m_verifyUrl, m_signatureHeader})
        connect(edit, &QLineEdit::textChanged, this, later);
    connect(m_verifyScheme, &QComboBox::currentIndexChanged, this, later);
    connect(m_tolerance, &QSpinBox::valueChanged, this, later);
    return page;
}

QWidget *SignaturesDialog::createSignTab()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("signPage"));

    m_signScheme = new QComboBox(page);
    m_signScheme->setObjectName(QStringLiteral("signScheme"));
    m_signScheme->setAccessibleName(tr("Scheme"));
    m_signScheme->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_signScheme->setMinimumContentsLength(24);
    m_signSecret = makeLineEdit(page, QStringLiteral("signSecret"), tr("Secret"),
                                tr("The sender's secret (private key for Ed25519, ECDSA)"));
    auto *generate = makeButton(page, QStringLiteral("signGenerateSecret"), tr("Generate"));
    generate->setToolTip(tr("A fresh random secret (or key pair) in the scheme's format"));
    m_verifyingSecret =
        makeLineEdit(page, QStringLiteral("signVerifyingSecret"), tr("Secret of the receiver"));
    m_verifyingSecret->setReadOnly(true);
    m_verifyingSecret->setPlaceholderText(tr("The receiver's public key, once generated"));
    m_signBody = makeTextEdit(page, QStringLiteral("signBody"), tr("Body to sign"));
    m_signId =
        makeLineEdit(page, QStringLiteral("signId"), tr("Message id"), tr("Generated when empty"));
    m_signTimestamp = makeLineEdit(page, QStringLiteral("signTimestamp"), tr("Timestamp"),
                                   tr("Unix seconds; now when empty"));
    m_signUrl = makeLineEdit(page, QStringLiteral("signUrl"), tr("Target URL"),
                             tr("Where curl posts to (and the URL Twilio, Square sign)"));
    m_signSignatureHeader = makeLineEdit(page, QStringLiteral("signSignatureHeader"),
                                         tr("Signature header"), tr("The scheme's own header"));
    m_contentType = makeLineEdit(page, QStringLiteral("signContentType"), tr("Content type"));
    m_contentType->setText(QStringLiteral("application/json"));
    auto *signButton = makeButton(page, QStringLiteral("signButton"), tr("Sign"));
    connect(signButton, &QPushButton::clicked, this, &SignaturesDialog::sign);
    m_signError = new QLabel(page);
    m_signError->setObjectName(QStringLiteral("signError"));
    m_signError->setWordWrap(true);
    m_signError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_signError->palette();
    errorPalette.setColor(QPalette::WindowText, stateColour(false));
    m_signError->setPalette(errorPalette);
    m_signNote = new QLabel(page);
    m_signNote->setObjectName(QStringLiteral("signNote"));
    m_signNote->setWordWrap(true);
    m_signNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signHeaders = makeTextEdit(page, QStringLiteral("signHeaders"), tr("Headers to send"), true);
    m_curl = makeTextEdit(page, QStringLiteral("signCurl"), tr("curl command"), true);
    m_curl->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    auto *copyHeaders = makeButton(page, QStringLiteral("signCopyHeaders"), tr("Copy Headers"));
    connect(copyHeaders, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_signHeaders->toPlainText()); });
    auto *copyCurl = makeButton(page, QStringLiteral("signCopyCurl"), tr("Copy curl Command"));
    connect(copyCurl, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_curl->toPlainText()); });

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_signSecret, 1);
    secretRow->addWidget(generate);
    auto *form = new QFormLayout;
    form->addRow(makeLabel(page, m_signScheme, tr("&Scheme:")), m_signScheme);
    form->addRow(makeLabel(page, m_signSecret, tr("S&ecret:")), secretRow);
    form->addRow(makeLabel(page, m_verifyingSecret, tr("Receiver's key:")), m_verifyingSecret);
    form->addRow(makeLabel(page, m_signId, tr("Message &id:")), m_signId);
    form->addRow(makeLabel(page, m_signTimestamp, tr("&Timestamp:")), m_signTimestamp);
    form->addRow(makeLabel(page, m_signUrl, tr("&URL:")), m_signUrl);
    form->addRow(makeLabel(page, m_signSignatureHeader, tr("Signature &header:")),
                 m_signSignatureHeader);
    form->addRow(makeLabel(page, m_contentType, tr("&Content type:")), m_contentType);

    auto *outputButtons = new QHBoxLayout;
    outputButtons->addWidget(signButton);
    outputButtons->addStretch(1);
    outputButtons->addWidget(copyHeaders);
    outputButtons->addWidget(copyCurl);

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(makeLabel(page, m_signBody, tr("&Body:")));
    layout->addWidget(m_signBody, 2);
    layout->addLayout(outputButtons);
    layout->addWidget(m_signError);
    layout->addWidget(m_signNote);
    layout->addWidget(makeLabel(page, m_signHeaders, tr("Headers to send:")));
    layout->addWidget(m_signHeaders, 1);
    layout->addWidget(makeLabel(page, m_curl, tr("curl:")));
    layout->addWidget(m_curl, 1);

    connect(generate, &QPushButton::clicked, this, [this] {
        const SignatureScheme *current = scheme(m_signScheme->currentData().toString());
        if (!current)
            return;
        const GeneratedSecret secret = SignatureSigner::generateSecret(*current);
        if (secret.signingSecret.isEmpty()) {
            setMessage(m_signError, tr("Could not generate a secret for %1.").arg(current->id));
            return;
        }
        m_signSecret->setText(QString::fromUtf8(secret.signingSecret));
        m_verifyingSecret->setText(QString::fromUtf8(secret.verifyingSecret));
    });
    const auto later = [this] { m_signTimer.start(); };
    for (QLineEdit *edit :
         {m_signSecret, m_signId, m_signTimestamp, m_signUrl, m_signSignatureHeader, m_contentType})
        connect(edit, &QLineEdit::textChanged, this, later);
    connect(m_signBody, &QPlainTextEdit::textChanged, this, later);
    connect(m_signScheme, &QComboBox::currentIndexChanged, this, [this] {
        // A key pair generated for another scheme no longer fits.
        m_verifyingSecret->clear();
        m_signTimer.start();
    });
    return page;
}

QWidget *SignaturesDialog::createCustomTab()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("customPage"));

    m_customList = new QListWidget(page);
    m_customList->setObjectName(QStringLiteral("customList"));
    m_customList->setAccessibleName(tr("Custom schemes"));
    m_seedPreset = new QComboBox(page);
    m_seedPreset->setObjectName(QStringLiteral("customSeedPreset"));
    m_seedPreset->setAccessibleName(tr("Preset to start from"));
    for (const SignatureScheme &preset : SignatureSchemeRegistry::presets())
        m_seedPreset->addItem(preset.id, preset.id);
    auto *startFrom = makeButton(page, QStringLiteral("customStartFrom"), tr("Start From Preset"));
    startFrom->setToolTip(tr("Put the preset's JSON in the editor under a new id"));
    m_customJson = makeTextEdit(page, QStringLiteral("customJson"), tr("Scheme as JSON"));
    m_customJson->setPlaceholderText(tr("A scheme as JSON; start from a preset"));
    m_customError = new QLabel(page);
    m_customError->setObjectName(QStringLiteral("customError"));
    m_customError->setWordWrap(true);
    m_customError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *save = makeButton(page, QStringLiteral("customSave"), tr("Save"));
    auto *remove = makeButton(page, QStringLiteral("customDelete"), tr("Delete"));
    auto *import = makeButton(page, QStringLiteral("customImport"), tr("Import…"));
    auto *exportButton = makeButton(page, QStringLiteral("customExport"), tr("Export…"));

    auto *seedRow = new QHBoxLayout;
    seedRow->addWidget(m_seedPreset, 1);
    seedRow->addWidget(startFrom);
    auto *left = new QVBoxLayout;
    left->addWidget(makeLabel(page, m_customList, tr("Saved schemes:")));
    left->addWidget(m_customList, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(remove);
    listButtons->addWidget(import);
    listButtons->addWidget(exportButton);
    left->addLayout(listButtons);
    auto *right = new QVBoxLayout;
    right->addLayout(seedRow);
    auto *help = new QLabel(tr("The signed content is the template with {id}, {timestamp}, {body}, "
                               "{url}, {form} and {token} replaced. Start from the preset closest "
                               "to the sender's rules and change what differs."),
                            page);
    help->setObjectName(QStringLiteral("customHelp"));
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    right->addWidget(help);
    right->addWidget(m_customJson, 1);
    right->addWidget(m_customError);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(save);
    right->addLayout(saveRow);
    auto *layout = new QHBoxLayout(page);
    layout->addLayout(left, 1);
    layout->addLayout(right, 2);

    connect(startFrom, &QPushButton::clicked, this, [this] {
        const SignatureScheme *preset =
            SignatureSchemeRegistry::find(m_seedPreset->currentData().toString());
        if (!preset)
            return;
        QJsonObject json = preset->toJson();
        json.remove(QStringLiteral("aliases"));
        json.insert(QStringLiteral("id"), QString(preset->id + QStringLiteral("-custom")));
        m_customJson->setPlainText(QString::fromUtf8(QJsonDocument(json).toJson()));
        setCustomError({});
    });
    connect(m_customList, &QListWidget::currentRowChanged, this, &SignaturesDialog::showCustom);
    connect(save, &QPushButton::clicked, this, &SignaturesDialog::saveCustomScheme);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_customList->currentRow();
        if (row < 0 || row >= m_custom.size())
            return;
        QList<SignatureScheme> schemes = m_custom;
        schemes.removeAt(row);
        storeCustom(schemes);
    });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Signature Schemes"), {},
                                                          tr("JSON files (*.json)"));
        QString error;
        if (!path.isEmpty() && !importSchemes(path, &error))
            setCustomError(error);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const int row = m_customList->currentRow();
        if (row < 0 || row >= m_custom.size()) {
            setCustomError(tr("Select a saved scheme to export."));
            return;
        }
        const QString id = m_custom.at(row).id;
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export Signature Scheme"),
                                         id + QStringLiteral(".json"), tr("JSON files (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportScheme(id, path, &error))
            setCustomError(error);
    });
    return page;
}

void SignaturesDialog::fillSchemeCombos()
{
    const QString verifyId = m_verifyScheme->currentData().toString();
    const QString signId = m_signScheme->currentData().toString();
    const QSignalBlocker blockVerify(m_verifyScheme);
    const QSignalBlocker blockSign(m_signScheme);
    m_verifyScheme->clear();
    m_signScheme->clear();
    m_verifyScheme->addItem(tr("Auto-detect"), autoId);
    for (const SignatureScheme &preset : SignatureSchemeRegistry::presets()) {
        const QString label = preset.id + QStringLiteral(" — ") + preset.description;
        m_verifyScheme->addItem(label, preset.id);
        m_signScheme->addItem(label, preset.id);
    }
    for (const SignatureScheme &custom : m_custom) {
        const QString label = tr("%1 (custom)").arg(custom.id);
        m_verifyScheme->addItem(label, custom.id);
        m_signScheme->addItem(label, custom.id);
    }
    m_verifyScheme->setCurrentIndex(qMax(0, m_verifyScheme->findData(verifyId)));
    m_signScheme->setCurrentIndex(qMax(0, m_signScheme->findData(signId)));

    const int row = m_customList->currentRow();
    m_customList->clear();
    for (const SignatureScheme &custom : m_custom)
        m_customList->addItem(custom.id);
    if (row >= 0 && row < m_customList->count())
        m_customList->setCurrentRow(row);
}

void SignaturesDialog::setRequest(const StoredRequest &request, const QUrl &receiverBaseUrl)
{
    m_request = request;
    m_hasRequest = true;
    m_source->setItemText(0, tr("Selected request #%1").arg(request.id));
    const QString url = receiverBaseUrl.isValid()
                            ? QString::fromUtf8(CurlCommand::targetUrl(request, receiverBaseUrl))
                            : QString();
    m_verifyUrl->setText(url);
    m_signUrl->setText(url);
    if (BodyText::isText(request.body) && !BodyView::isLargeText(request.body))
        m_signBody->setPlainText(QString::fromUtf8(request.body));
    const QByteArray contentType = request.contentType();
    if (!contentType.isEmpty())
        m_contentType->setText(QString::fromLatin1(contentType));
    if (m_source->currentIndex() == 0)
        useRequestSource(true);
    else
        m_source->setCurrentIndex(0);
}

void SignaturesDialog::useRequestSource(bool fromRequest)
{
    fromRequest = fromRequest && m_hasRequest;
    {
        const QSignalBlocker blockSource(m_source);
        m_source->setCurrentIndex(fromRequest ? 0 : 1);
    }
    if (auto *model = qobject_cast<QStandardItemModel *>(m_source->model())) {
        if (QStandardItem *item = model->item(0))
            item->setEnabled(m_hasRequest);
    }
    m_headers->setReadOnly(fromRequest);
    m_body->setReadOnly(fromRequest);
    if (fromRequest) {
        m_headers->setPlainText(headerLines(m_request.headers));
        // The verifier reads the captured bytes, never this text, so a binary or large body
        // is only described.
        if (!BodyText::isText(m_request.body))
            m_body->setPlainText(
                tr("Binary body (%1 bytes): verified as captured.").arg(m_request.body.size()));
        else if (BodyView::isLargeText(m_request.body))
            m_body->setPlainText(
                tr("Large body (%1 bytes): verified as captured.").arg(m_request.body.size()));
        else
            m_body->setPlainText(QString::fromUtf8(m_request.body));
    }
    verify();
}

const SignatureScheme *SignaturesDialog::scheme(const QString &id) const
{
    for (const SignatureScheme &custom : m_custom) {
        if (custom.id == id)
            return &custom;
    }
    return SignatureSchemeRegistry::find(id);
}

void SignaturesDialog::verify()
{
    m_verifyTimer.stop();
    m_hasResult = false;
    m_inputError.clear();
    const bool fromRequest = m_hasRequest && m_source->currentIndex() == 0;
    HeaderList headers;
    QByteArray body;
    if (fromRequest && m_request.truncated) {
        m_inputError = tr("Request #%1's body was not stored (over the size limit): its "
                          "signature cannot be checked.")
                           .arg(m_request.id);
        showResult();
        return;
    }
    if (fromRequest) {
        headers = m_request.headers;
        body = m_request.body;
    } else if (m_headers->toPlainText().trimmed().isEmpty()) {
        showResult();
        m_details->setText(tr("Pick a captured request, or paste its headers and body."));
        return;
    } else if (!parseHeaderLines(m_headers->toPlainText(), &headers, &m_inputError)) {
        showResult();
        return;
    } else {
        body = m_body->toPlainText().toUtf8();
    }

    VerifyOptions options;
    options.url = m_verifyUrl->text().trimmed().toUtf8();
    options.signatureHeader = m_signatureHeader->text().trimmed().toUtf8();
    if (m_tolerance->value() >= 0)
        options.toleranceSeconds = m_tolerance->value();
    const QByteArrayList secrets = secretLines(m_secrets->toPlainText());
    const QString id = m_verifyScheme->currentData().toString();
    if (id == autoId) {
        m_result = SignatureVerifier::verifyDetected(secrets, headers, body, options);
        // Core detects presets only; the user's own schemes are tried when none of those
        // fits, and explain the failure when no preset was even detected.
        for (const SignatureScheme &custom : std::as_const(m_custom)) {
            QByteArray value;
            if (m_result.valid ||
                SignatureSchemeRegistry::firstPresent(headers, custom.signatureHeaders, &value)
                    .isEmpty())
                continue;
            const VerifyResult r =
                SignatureVerifier::verify(custom, secrets, headers, body, options);
            if (r.valid || m_result.schemeId.isEmpty())
                m_result = r;
        }
    } else if (const SignatureScheme *chosen = scheme(id)) {
        m_result = SignatureVerifier::verify(*chosen, secrets, headers, body, options);
    } else {
        m_inputError = tr("Unknown scheme %1").arg(id);
        showResult();
        return;
    }
    m_hasResult = true;
    showResult();
}

QColor SignaturesDialog::stateColour(bool good) const
{
    // A green or red that reads on dark and light windows alike.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    return QColor::fromHsl(good ? 120 : 0, 200, dark ? 170 : 80);
}

void SignaturesDialog::showResult()
{
    m_hints->clear();
    m_hints->hide();
    m_hintsLabel->hide();
    m_expected->clear();
    m_expectedLabel->setText(tr("Expected signature:"));
    QPalette verdictPalette = palette();
    if (!m_hasResult) {
        m_verdict->setText(m_inputError.isEmpty() ? QString() : tr("Cannot verify"));
        m_details->setText(m_inputError);
        m_verdict->setPalette(verdictPalette);
        m_copyExpected->setEnabled(false);
        return;
    }
    const VerifyResult &r = m_result;
    verdictPalette.setColor(QPalette::WindowText, stateColour(r.valid));
    m_verdict->setPalette(verdictPalette);
    m_verdict->setText(r.valid ? tr("Valid") : tr("Invalid: %1").arg(failureText(r.failure)));

    QStringList lines;
    if (!r.schemeId.isEmpty()) {
        lines << (m_verifyScheme->currentData().toString() == autoId
                      ? tr("Scheme: %1 (detected)").arg(r.schemeId)
                      : tr("Scheme: %1").arg(r.schemeId));
    }
    if (!r.message.isEmpty())
        lines << r.message;
    if (r.valid) {
        QString matched = tr("Secret %1 matched").arg(r.secretIndex + 1);
        if (r.signatureIndex >= 0)
            matched += tr(", signature %1 of the header").arg(r.signatureIndex + 1);
        if (!r.signatureHeader.isEmpty())
            matched += tr(" (%1)").arg(QString::fromLatin1(r.signatureHeader));
        lines << matched;
    }
    if (r.hasTimestamp)
        lines << tr("Timestamp skew: %1 s (positive: sent in the past)").arg(r.skewSeconds);
    m_details->setText(lines.join(QLatin1Char('\n')));
    for (const SignatureHint &hint : r.hints)
        m_hints->addItem(hint.message);
    m_hints->setVisible(!r.hints.isEmpty());
    m_hintsLabel->setVisible(!r.hints.isEmpty());
    if (!r.expectedSignature.isEmpty()) {
        m_expected->setText(QString::fromLatin1(r.expectedSignature));
        m_expected->setCursorPosition(0);
        m_expectedLabel->setText(tr("Expected %1 (from the first usable secret):")
                                     .arg(QString::fromLatin1(r.signatureHeader)));
        m_expected->setToolTip(
            tr("What a correct sender puts in %1").arg(QString::fromLatin1(r.signatureHeader)));
    }
    m_copyExpected->setEnabled(!r.expectedSignature.isEmpty());
}

void SignaturesDialog::sign()
{
    m_signTimer.stop();
    m_signed = false;
    m_signedHeaders.clear();
    m_signHeaders->clear();
    m_curl->clear();
    setMessage(m_signError, {});
    setMessage(m_signNote, {});
    const SignatureScheme *chosen = scheme(m_signScheme->currentData().toString());
    if (!chosen)
        return;
    if (m_signSecret->text().isEmpty()) {
        setMessage(m_signError, tr("Enter the secret, or generate one."));
        return;
    }
    SignOptions options;
    options.id = m_signId->text().trimmed().toUtf8();
    options.url = m_signUrl->text().trimmed().toUtf8();
    options.signatureHeader = m_signSignatureHeader->text().trimmed().toUtf8();
    const QString timestamp = m_signTimestamp->text().trimmed();
    if (!timestamp.isEmpty()) {
        bool ok = false;
        options.timestamp = timestamp.toLongLong(&ok);
        if (!ok || options.timestamp <= 0 || options.timestamp > 100000000000) {
            setMessage(m_signError, tr("Timestamp: expected a Unix time in seconds."));
            return;
        }
    }
    const SignResult result = SignatureSigner::sign(*chosen, m_signSecret->text().toUtf8(),
                                                    m_signBody->toPlainText().toUtf8(), options);
    if (!result.ok) {
        setMessage(m_signError, result.error);
        return;
    }
    m_signed = true;
    m_signedHeaders = result.headers;
    m_signedBody = result.body;
    m_signedUrl = result.url.isEmpty() ? options.url : result.url;
    QStringList notes;
    if (result.body != m_signBody->toPlainText().toUtf8())
        notes << tr("%1 signs inside the body: send the curl command's body.").arg(chosen->id);
    if (result.url != options.url && !result.url.isEmpty())
        notes << tr("Send it to %1").arg(QString::fromUtf8(result.url));
    setMessage(m_signNote, notes.join(QLatin1Char('\n')));
    m_signHeaders->setPlainText(headerLines(result.headers));
    m_curl->setPlainText(signCurlCommand());
    if (m_signedUrl.isEmpty())
        setMessage(m_signError, tr("Enter the URL to post to for a curl command."));
}

QString SignaturesDialog::signCurlCommand() const
{
    if (!m_signed || m_signedUrl.isEmpty())
        return {};
    QByteArray command = "curl -X POST " + CurlCommand::shellQuote(m_signedUrl);
    const QByteArray contentType = m_contentType->text().trimmed().toUtf8();
    if (!contentType.isEmpty())
        command +=
            " \\\n  -H " + CurlCommand::shellQuote(QByteArray("Content-Type: " + contentType));
    for (const HeaderField &field : m_signedHeaders)
        command +=
            " \\\n  -H " + CurlCommand::shellQuote(QByteArray(field.name + ": " + field.value));
    command += " \\\n  --data-binary " + CurlCommand::shellQuote(m_signedBody);
    return QString::fromUtf8(command);
}

bool SignaturesDialog::acceptCustom(const SignatureScheme &custom, QString *error) const
{
    QStringList names = custom.aliases;
    names.append(custom.id);
    for (const QString &name : std::as_const(names)) {
        if (SignatureSchemeRegistry::find(name)) {
            *error = tr("\"%1\" is the name of a preset; give the scheme another id.").arg(name);
            return false;
        }
    }
    if (custom.id.compare(autoId, Qt::CaseInsensitive) == 0) {
        *error = tr("\"auto\" means auto-detect; give the scheme another id.");
        return false;
    }
    return true;
}

bool SignaturesDialog::saveCustomScheme()
{
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(m_customJson->toPlainText().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setCustomError(
            tr("Not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return false;
    }
    if (!document.isObject()) {
        setCustomError(tr("A scheme is one JSON object."));
        return false;
    }
    SignatureScheme custom;
    QString error;
    if (!SignatureScheme::fromJson(document.object(), &custom, &error) ||
        !acceptCustom(custom, &error)) {
        setCustomError(error);
        return false;
    }
    QList<SignatureScheme> schemes = m_custom;
    qsizetype row = -1;
    for (qsizetype i = 0; i < schemes.size(); ++i) {
        if (schemes.at(i).id == custom.id)
            row = i;
    }
    if (row >= 0)
        schemes[row] = custom;
    else
        schemes.append(custom);
    storeCustom(schemes);
    m_customList->setCurrentRow(int(row >= 0 ? row : schemes.size() - 1));
    setCustomError({});
    return true;
}

bool SignaturesDialog::importSchemes(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("%1 is not JSON: %2").arg(path, parseError.errorString());
        return false;
    }
    const QJsonArray array = document.isArray() ? document.array() : QJsonArray{document.object()};
    if (array.isEmpty() || (!document.isArray() && !document.isObject())) {
        *error = tr("%1 holds no scheme.").arg(path);
        return false;
    }
    QList<SignatureScheme> schemes = m_custom;
    for (qsizetype i = 0; i < array.size(); ++i) {
        SignatureScheme custom;
        QString reason;
        if (!array.at(i).isObject() ||
            !SignatureScheme::fromJson(array.at(i).toObject(), &custom, &reason) ||
            !acceptCustom(custom, &reason)) {
            *error = tr("Scheme %1 in %2: %3")
                         .arg(i + 1)
                         .arg(path, reason.isEmpty() ? tr("not an object") : reason);
            return false;
        }
        const auto same = std::find_if(schemes.begin(), schemes.end(),
                                       [&](const SignatureScheme &s) { return s.id == custom.id; });
        if (same != schemes.end())
            *same = custom;
        else
            schemes.append(custom);
    }
    storeCustom(schemes);
    setCustomError({});
    return true;
}

bool SignaturesDialog::exportScheme(const QString &id, const QString &path, QString *error) const
{
    const auto found = std::find_if(m_custom.begin(), m_custom.end(),
                                    [&](const SignatureScheme &s) { return s.id == id; });
    if (found == m_custom.end()) {
        *error = tr("No custom scheme %1").arg(id);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(found->toJson()).toJson()) < 0 || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void SignaturesDialog::storeCustom(QList<SignatureScheme> schemes)
{
    m_custom = std::move(schemes);
    m_settings->setCustomSignatureSchemes(m_custom);
    m_settings->sync();
    fillSchemeCombos();
    // The scheme in use may be the one just changed or removed.
    m_verifyTimer.start();
    m_signTimer.start();
}

void SignaturesDialog::showCustom(int row)
{
    if (row < 0 || row >= m_custom.size())
        return;
    m_customJson->setPlainText(
        QString::fromUtf8(QJsonDocument(m_custom.at(row).toJson()).toJson()));
    setCustomError({});
}

void SignaturesDialog::setCustomError(const QString &error)
{
    QPalette errorPalette = m_customError->palette();
    errorPalette.setColor(QPalette::WindowText, stateColour(false));
    m_customError->setPalette(errorPalette);
    setMessage(m_customError, error);
}

} // namespace hookscope
