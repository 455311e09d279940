#include "request_detail_view.h"

#include "body_view.h"
#include "dialogs/resend_dialog.h"
#include "inspect/body_text.h"
#include "inspect/curl_command.h"
#include "inspect/form_decoder.h"
#include "inspect/json_document.h"
#include "signature_badge.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QToolBar>
#include <QVBoxLayout>

namespace hookscope {

namespace {

// The overview's rows, in display order.
enum OverviewRow
{
    RowMethod,
    RowProtocol,
    RowUrl,
    RowRemote,
    RowReceived,
    RowSize,
    RowTruncated,
    RowEndpoint,
    RowEvent,
    RowSession,
    RowResponseStatus,
    RowCount
};

QTableView *makeTable(QWidget *parent, QAbstractItemModel *model, const QString &objectName,
                      const QString &accessibleName)
{
    auto *table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setAccessibleName(accessibleName);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return table;
}

QStandardItem *item(const QString &text)
{
    auto *i = new QStandardItem(text);
    i->setToolTip(text.left(2000));
    return i;
}

// A field's value for a table cell: text when it is text, else a byte count.
QString fieldValue(const QByteArray &value)
{
    if (BodyText::isText(value))
        return QString::fromUtf8(value);
    return RequestDetailView::tr("(%1 bytes of binary data)").arg(value.size());
}

QString receivedText(qint64 receivedUs)
{
    const QDateTime local =
        QDateTime::fromMSecsSinceEpoch(receivedUs / 1000, QTimeZone::utc()).toLocalTime();
    const int micros = int(receivedUs % 1000000);
    const int offset = local.offsetFromUtc();
    const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(".%1 ").arg(micros, 6, 10, QLatin1Char('0')) +
           local.timeZoneAbbreviation() +
           QStringLiteral(" (UTC%1%2:%3)")
               .arg(sign)
               .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
               .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
}

} // namespace

RequestDetailView::RequestDetailView(QWidget *parent)
    : QWidget(parent), m_toolBar(new QToolBar(this)), m_placeholder(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_summary(new QLabel(this)), m_signature(new QLabel(this)),
      m_responseBody(new QPlainTextEdit(this)), m_headerFilter(new QLineEdit(this)),
      m_headers(new QStandardItemModel(this)), m_headersProxy(new QSortFilterProxyModel(this)),
      m_body(new BodyView(this)), m_formError(new QLabel(this)),
      m_form(new QStandardItemModel(this)), m_query(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("requestDetailView"));
    setAccessibleName(tr("Request details"));

    // Actions on the shown request. The main window may also put them in its menus.
    m_toolBar->setObjectName(QStringLiteral("detailToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_copyCurl = m_toolBar->addAction(tr("Copy as curl"), this, &RequestDetailView::copyCurl);
    m_copyCurl->setObjectName(QStringLiteral("copyCurlAction"));
    m_copyCurl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyCurl->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyCurl->setToolTip(tr("Copy a curl command that sends this request again, byte for byte"));
    m_copyBody = m_toolBar->addAction(tr("Copy body"), this, &RequestDetailView::copyBody);
    m_copyBody->setObjectName(QStringLiteral("copyBodyAction"));
    m_saveBody =
        m_toolBar->addAction(tr("Save body…"), this, &RequestDetailView::saveBodyWithDialog);
    m_saveBody->setObjectName(QStringLiteral("saveBodyAction"));
    m_resend = m_toolBar->addAction(tr("Resend…"), this, &RequestDetailView::openResendDialog);
    m_resend->setObjectName(QStringLiteral("resendAction"));
    m_resend->setToolTip(tr("Edit this request and send it to any URL"));
    addAction(m_copyCurl);

    m_placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    m_placeholder->setText(tr("Select a request to see it here."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);

    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->setAccessibleName(tr("Request detail sections"));
    m_tabs->setDocumentMode(true);

    // Overview
    auto *overview = new QWidget(m_tabs);
    overview->setObjectName(QStringLiteral("overviewTab"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight);
    const struct
    {
        QString label;
        const char *objectName;
    } rows[RowCount] = {
        {tr("Method"), "overviewMethod"},
        {tr("Protocol"), "overviewProtocol"},
        {tr("URL"), "overviewUrl"},
        {tr("Remote address"), "overviewRemote"},
        {tr("Received"), "overviewReceived"},
        {tr("Body size"), "overviewSize"},
        {tr("Truncated"), "overviewTruncated"},
        {tr("Endpoint rule"), "overviewEndpoint"},
        {tr("Event type"), "overviewEvent"},
        {tr("Session"), "overviewSession"},
        {tr("Response sent"), "overviewResponseStatus"},
    };
    for (const auto &row : rows) {
        // Frameless read-only line edits: selectable, and a long URL scrolls instead of
        // widening the whole view.
        auto *value = new QLineEdit(overview);
        value->setObjectName(QLatin1String(row.objectName));
        value->setAccessibleName(row.label);
        value->setReadOnly(true);
        value->setFrame(false);
        QPalette transparent = value->palette();
        transparent.setColor(QPalette::Base, Qt::transparent);
        value->setPalette(transparent);
        form->addRow(row.label + QLatin1Char(':'), value);
        m_overviewValues.append(value);
    }
    m_signature->setObjectName(QStringLiteral("overviewSignature"));
    m_signature->setAccessibleName(tr("Signature"));
    m_signature->setTextFormat(Qt::PlainText);
    m_signature->setWordWrap(true);
    m_signature->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->insertRow(RowEndpoint + 1, tr("Signature:"), m_signature);
    m_summary->setObjectName(QStringLiteral("overviewSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_summary->setFont(big);
    m_responseBody->setObjectName(QStringLiteral("overviewResponseBody"));
    m_responseBody->setAccessibleName(tr("Response body sent"));
    m_responseBody->setReadOnly(true);
    m_responseBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_responseBody->setMaximumHeight(m_responseBody->fontMetrics().height() * 8);
    auto *overviewLayout = new QVBoxLayout(overview);
    overviewLayout->addWidget(m_summary);
    overviewLayout->addLayout(form);
    overviewLayout->addWidget(new QLabel(tr("Response body sent:"), overview));
    overviewLayout->addWidget(m_responseBody);
    overviewLayout->addStretch(1);
    m_tabs->addTab(overview, tr("Overview"));

    // Headers
    auto *headersPage = new QWidget(m_tabs);
    headersPage->setObjectName(QStringLiteral("headersTab"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headersProxy->setSourceModel(m_headers);
    m_headersProxy->setFilterKeyColumn(-1);
    m_headersProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_headersTable = makeTable(headersPage, m_headersProxy, QStringLiteral("headersTable"),
                               tr("Request headers"));
    m_headersTable->horizontalHeader()->resizeSection(0, 200);
    m_headerFilter->setObjectName(QStringLiteral("headersFilter"));
    m_headerFilter->setAccessibleName(tr("Filter headers"));
    m_headerFilter->setPlaceholderText(tr("Filter headers"));
    m_headerFilter->setClearButtonEnabled(true);
    connect(m_headerFilter, &QLineEdit::textChanged, m_headersProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    auto *copySelected = new QPushButton(tr("Copy selected"), headersPage);
    copySelected->setObjectName(QStringLiteral("copySelectedHeaders"));
    connect(copySelected, &QPushButton::clicked, this, [this] { copyHeaders(true); });
    auto *copyKey = new QAction(tr("Copy"), m_headersTable);
    copyKey->setObjectName(QStringLiteral("copyHeadersAction"));
    copyKey->setShortcut(QKeySequence::Copy);
    copyKey->setShortcutContext(Qt::WidgetShortcut);
    connect(copyKey, &QAction::triggered, this, [this] { copyHeaders(true); });
    m_headersTable->addAction(copyKey);
    m_headersTable->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyAll = new QPushButton(tr("Copy all"), headersPage);
    copyAll->setObjectName(QStringLiteral("copyAllHeaders"));
    connect(copyAll, &QPushButton::clicked, this, [this] { copyHeaders(false); });
    auto *headerBar = new QHBoxLayout;
    headerBar->addWidget(m_headerFilter, 1);
    headerBar->addWidget(copySelected);
    headerBar->addWidget(copyAll);
    auto *headersLayout = new QVBoxLayout(headersPage);
    headersLayout->addLayout(headerBar);
    headersLayout->addWidget(m_headersTable);
    m_tabs->addTab(headersPage, tr("Headers"));

    // Body
    m_body->setObjectName(QStringLiteral("bodyView"));
    m_tabs->addTab(m_body, tr("Body"));

    // Form
    auto *formPage = new QWidget(m_tabs);
    formPage->setObjectName(QStringLiteral("formTab"));
    m_form->setHorizontalHeaderLabels(
        {tr("Name"), tr("Value"), tr("File name"), tr("Content type"), tr("Size")});
    m_formTable =
        makeTable(formPage, m_form, QStringLiteral("formTable"), tr("Decoded form fields"));
    m_formError->setObjectName(QStringLiteral("formError"));
    m_formError->setWordWrap(true);
    m_formError->hide();
    auto *formLayout = new QVBoxLayout(formPage);
    formLayout->addWidget(m_formError);
    formLayout->addWidget(m_formTable);
    m_tabs->addTab(formPage, tr("Form"));

    // Query
    m_query->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_queryTable = makeTable(m_tabs, m_query, QStringLiteral("queryTable"), tr("Query parameters"));
    m_tabs->addTab(m_queryTable, tr("Query"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_tabs, 1);
    clear();
}

RequestDetailView::~RequestDetailView() = default;

void RequestDetailView::clear()
{
    m_request = StoredRequest();
    m_hasRequest = false;
    m_baseUrl = QUrl();
    for (QLineEdit *label : std::as_const(m_overviewValues))
        label->clear();
    m_summary->clear();
    m_signature->clear();
    m_responseBody->clear();
    m_headers->removeRows(0, m_headers->rowCount());
    m_body->clear();
    m_form->removeRows(0, m_form->rowCount());
    m_query->removeRows(0, m_query->rowCount());
    m_tabs->setTabVisible(FormTab, false);
    m_tabs->setTabVisible(QueryTab, false);
    m_tabs->hide();
    m_placeholder->show();
    for (QAction *action : {m_copyCurl, m_copyBody, m_saveBody, m_resend})
        action->setEnabled(false);
}

void RequestDetailView::setRequest(const StoredRequest &request, const QUrl &receiverBaseUrl)
{
    m_request = request;
    m_baseUrl = receiverBaseUrl;
    m_hasRequest = true;
    fillOverview();
    fillHeaders();
    m_body->setBody(request.body, request.contentType());
    fillForm();
    fillQuery();
    m_placeholder->hide();
    m_tabs->show();
    m_copyCurl->setEnabled(true);
    m_copyBody->setEnabled(!request.body.isEmpty());
    m_saveBody->setEnabled(!request.body.isEmpty());
    m_resend->setEnabled(true);
}

QString RequestDetailView::fullUrl() const
{
    return QString::fromUtf8(CurlCommand::targetUrl(m_request, m_baseUrl));
}

QString RequestDetailView::curlCommand() const
{
    return m_hasRequest ? CurlCommand::build(m_request, m_baseUrl) : QString();
}

void RequestDetailView::fillOverview()
{
    const StoredRequest &r = m_request;
    const QLocale locale;
    const auto set = [this](int row, const QString &text) {
        m_overviewValues[row]->setText(text);
        m_overviewValues[row]->setCursorPosition(0);
        m_overviewValues[row]->setToolTip(text);
    };
    m_summary->setText(QStringLiteral("#%1  %2 %3")
                           .arg(r.id)
                           .arg(QString::fromLatin1(r.method), BodyText::display(r.path)));
    set(RowMethod, QString::fromLatin1(r.method));
    set(RowProtocol, QStringLiteral("HTTP/") + QString::fromLatin1(r.httpVersion));
    set(RowUrl, fullUrl());
    set(RowRemote, r.remoteAddress.contains(QLatin1Char(':'))
                       ? QStringLiteral("[%1]:%2").arg(r.remoteAddress).arg(r.remotePort)
                       : QStringLiteral("%1:%2").arg(r.remoteAddress).arg(r.remotePort));
    set(RowReceived, receivedText(r.receivedUs));
    set(RowSize, r.bodySize < 1024
                     ? tr("%1 bytes").arg(r.bodySize)
                     : tr("%1 (%2 bytes)")
                           .arg(locale.formattedDataSize(r.bodySize, 1, QLocale::DataSizeIecFormat),
                                locale.toString(r.bodySize)));
    set(RowTruncated, r.truncated
                          ? tr("Yes: over the body size limit, %1 of %2 bytes kept")
                                .arg(locale.toString(r.body.size()), locale.toString(r.bodySize))
                          : tr("No"));
    set(RowEndpoint, r.endpointId == 0 ? tr("None (default answer)")
                                       : tr("%1 (#%2)").arg(r.endpointName).arg(r.endpointId));
    m_signature->setText(SignatureBadge::explanation(r.verification, r.verificationDetail));
    const QColor colour = SignatureBadge::colour(r.verification);
    QPalette palette = m_signature->palette();
    palette.setColor(QPalette::WindowText,
                     colour.isValid() ? colour : this->palette().color(QPalette::WindowText));
    m_signature->setPalette(palette);
    set(RowEvent, r.eventType.isEmpty() ? tr("—") : r.eventType);
    set(RowSession, r.sessionId.isEmpty() ? tr("—") : r.sessionId);
    set(RowResponseStatus, r.responseStatus == 0 ? tr("—") : QString::number(r.responseStatus));
    QByteArray pretty;
    m_responseBody->setPlainText(JsonDocument::prettyPrint(r.responseBody, &pretty)
                                     ? QString::fromUtf8(pretty)
                                     : BodyText::display(r.responseBody));
}

void RequestDetailView::fillHeaders()
{
    m_headers->removeRows(0, m_headers->rowCount());
    for (const HeaderField &field : m_request.headers)
        m_headers->appendRow(
            {item(BodyText::display(field.name)), item(BodyText::display(field.value))});
    m_tabs->setTabText(HeadersTab, tr("Headers (%1)").arg(m_request.headers.size()));
}

void RequestDetailView::fillForm()
{
    m_form->removeRows(0, m_form->rowCount());
    const FormDecoder::Kind kind = FormDecoder::kindOf(m_request.contentType());
    const bool applies = kind != FormDecoder::Kind::None && !m_request.body.isEmpty();
    m_tabs->setTabVisible(FormTab, applies);
    if (!applies)
        return;
    const FormDecodeResult result = FormDecoder::decode(m_request.body, m_request.contentType());
    const QLocale locale;
    const qsizetype shown = std::min<qsizetype>(result.fields.size(), MaxTableRows);
    for (qsizetype i = 0; i < shown; ++i) {
        const FormField &f = result.fields.at(i);
        m_form->appendRow({item(f.name), item(fieldValue(f.value)), item(f.filename),
                           item(QString::fromLatin1(f.contentType)),
                           item(locale.toString(f.size()))});
    }
    QStringList notes;
    if (!result.ok())
        notes << tr("The form could not be fully decoded: %1").arg(result.error);
    if (shown < result.fields.size())
        notes << tr("Showing the first %1 of %2 fields.")
                     .arg(locale.toString(shown), locale.toString(result.fields.size()));
    m_formError->setVisible(!notes.isEmpty());
    m_formError->setText(notes.join(QLatin1Char(' ')));
    m_tabs->setTabText(FormTab, tr("Form (%1)").arg(result.fields.size()));
}

void RequestDetailView::fillQuery()
{
    m_query->removeRows(0, m_query->rowCount());
    m_tabs->setTabVisible(QueryTab, !m_request.query.isEmpty());
    const FormDecodeResult result = FormDecoder::decodeUrlEncoded(m_request.query);
    for (qsizetype i = 0; i < std::min<qsizetype>(result.fields.size(), MaxTableRows); ++i) {
        const FormField &f = result.fields.at(i);
        m_query->appendRow({item(f.name), item(BodyText::display(f.value))});
    }
    m_tabs->setTabText(QueryTab, tr("Query (%1)").arg(result.fields.size()));
}

void RequestDetailView::copyHeaders(bool selectedOnly)
{
    QStringList lines;
    const QModelIndexList selected = m_headersTable->selectionModel()->selectedRows();
    for (int row = 0; row < m_headersProxy->rowCount(); ++row) {
        const QModelIndex name = m_headersProxy->index(row, 0);
        if (selectedOnly && !selected.contains(name))
            continue;
        lines << name.data().toString() + QStringLiteral(": ") +
                     m_headersProxy->index(row, 1).data().toString();
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void RequestDetailView::copyCurl()
{
    if (m_hasRequest)
        QApplication::clipboard()->setText(curlCommand());
}

void RequestDetailView::copyBody()
{
    if (!m_hasRequest)
        return;
    if (BodyText::isText(m_request.body)) {
        QApplication::clipboard()->setText(QString::fromUtf8(m_request.body));
        return;
    }
    // Binary: the exact bytes for applications that take them, hex for text editors.
    auto *mime = new QMimeData;
    const QByteArray type = m_request.contentType().isEmpty()
                                ? QByteArrayLiteral("application/octet-stream")
                                : m_request.contentType();
    mime->setData(QString::fromLatin1(type.split(';').constFirst().trimmed()), m_request.body);
    mime->setText(QString::fromLatin1(m_request.body.toHex(' ')));
    QApplication::clipboard()->setMimeData(mime);
}

bool RequestDetailView::saveBody(const QString &fileName, QString *error) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_request.body) != m_request.body.size() ||
        !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void RequestDetailView::saveBodyWithDialog()
{
    if (!m_hasRequest)
        return;
    const QString suggested = QStringLiteral("request-%1.%2")
                                  .arg(m_request.id)
                                  .arg(m_body->isJson()     ? QStringLiteral("json")
                                       : m_body->isBinary() ? QStringLiteral("bin")
                                                            : QStringLiteral("txt"));
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Save body"), suggested);
    if (fileName.isEmpty())
        return;
    QString error;
    if (!saveBody(fileName, &error))
        QMessageBox::warning(this, tr("Save body"),
                             tr("Could not save the body to %1: %2").arg(fileName, error));
}

void RequestDetailView::openResendDialog()
{
    if (!m_hasRequest)
        return;
    auto *dialog = new ResendDialog(m_request, QUrl(fullUrl()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace hookscope
