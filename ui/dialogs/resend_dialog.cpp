#include "resend_dialog.h"

#include "inspect/body_text.h"
#include "inspect/curl_command.h"
#include "widgets/body_view.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace hookscope {

namespace {

constexpr int TransferTimeoutMs = 60000;

// Headers the network stack writes itself (or that describe the original hop only).
bool isComputedHeader(QByteArrayView name)
{
    for (const char *computed : {"host", "content-length", "transfer-encoding", "connection",
                                 "expect", "keep-alive", "te", "upgrade"}) {
        if (name.compare(computed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// RFC 9110 token characters, for the method.
bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

QTableWidget *makeHeaderTable(QWidget *parent, const QString &objectName, const QString &name)
{
    auto *table = new QTableWidget(0, 2, parent);
    table->setObjectName(objectName);
    table->setAccessibleName(name);
    table->setHorizontalHeaderLabels({ResendDialog::tr("Name"), ResendDialog::tr("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->resizeSection(0, 200);
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    return table;
}

} // namespace

ResendDialog::ResendDialog(const StoredRequest &request, const QUrl &url, QWidget *parent)
    : QDialog(parent), m_network(new QNetworkAccessManager(this)), m_method(new QComboBox(this)),
      m_url(new QLineEdit(this)), m_send(new QPushButton(tr("Send"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_headers(makeHeaderTable(this, QStringLiteral("resendHeaders"), tr("Headers to send"))),
      m_body(new QPlainTextEdit(this)), m_status(new QLabel(this)), m_error(new QLabel(this)),
      m_responseHeaders(
          makeHeaderTable(this, QStringLiteral("resendResponseHeaders"), tr("Response headers"))),
      m_responseBody(new BodyView(this))
{
    setObjectName(QStringLiteral("resendDialog"));
    setWindowTitle(tr("Resend request #%1").arg(request.id));
    resize(900, 700);

    m_method->setObjectName(QStringLiteral("resendMethod"));
    m_method->setAccessibleName(tr("Method"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setCurrentText(QString::fromLatin1(request.method));
    m_url->setObjectName(QStringLiteral("resendUrl"));
    m_url->setAccessibleName(tr("URL"));
    m_url->setText(url.toString(QUrl::FullyEncoded));
    m_send->setObjectName(QStringLiteral("resendSend"));
    m_send->setDefault(true);
    m_cancel->setObjectName(QStringLiteral("resendCancel"));
    m_cancel->setToolTip(tr("Stop waiting for the answer"));

    for (const HeaderField &field : request.headers) {
        if (!isComputedHeader(field.name))
            addHeaderRow(BodyText::display(field.name), BodyText::display(field.value));
    }
    auto *addHeader = new QPushButton(tr("Add header"), this);
    addHeader->setObjectName(QStringLiteral("resendAddHeader"));
    connect(addHeader, &QPushButton::clicked, this, [this] {
        addHeaderRow({}, {});
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->currentItem());
    });
    auto *removeHeader = new QPushButton(tr("Remove header"), this);
    removeHeader->setObjectName(QStringLiteral("resendRemoveHeader"));
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QTableWidgetSelectionRange &range : m_headers->selectedRanges())
            for (int r = range.topRow(); r <= range.bottomRow(); ++r)
                rows.append(r);
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int r : rows)
            m_headers->removeRow(r);
    });

    m_body->setObjectName(QStringLiteral("resendBody"));
    m_body->setAccessibleName(tr("Body to send"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Binary bodies cannot round-trip through a text editor, and a text editor takes
    // seconds for a few MiB: both are sent as captured.
    const bool binary = !BodyText::isText(request.body);
    m_bodyUnchanged = binary || BodyView::isLargeText(request.body);
    if (m_bodyUnchanged) {
        m_unchangedBody = request.body;
        m_body->setReadOnly(true);
        m_body->setPlainText(
            binary ? tr("Binary body (%1 bytes): it is sent unchanged.").arg(request.body.size())
                   : tr("Large body (%1 bytes): it is sent unchanged.").arg(request.body.size()));
    } else {
        m_body->setPlainText(QString::fromUtf8(request.body));
    }

    m_status->setObjectName(QStringLiteral("resendStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    m_error->setObjectName(QStringLiteral("resendError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A red that reads on dark and light windows alike.
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(
        QPalette::WindowText,
        QColor::fromHsl(0, 200, palette().color(QPalette::Window).lightness() < 128 ? 170 : 90));
    m_error->setPalette(errorPalette);
    m_responseBody->setObjectName(QStringLiteral("resendResponseBody"));

    auto *copyCurl = new QPushButton(tr("Copy as curl"), this);
    copyCurl->setObjectName(QStringLiteral("resendCopyCurl"));
    copyCurl->setToolTip(tr("Copy a curl command that sends the request as edited"));
    connect(copyCurl, &QPushButton::clicked, this, [this] {
        const QString command = editedCurlCommand();
        if (!command.isEmpty())
            QApplication::clipboard()->setText(command);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_method);
    top->addWidget(m_url, 1);
    top->addWidget(m_send);
    top->addWidget(m_cancel);
    top->addWidget(copyCurl);

    auto *requestTabs = new QTabWidget(this);
    auto *headersPage = new QWidget(requestTabs);
    auto *headerButtons = new QHBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    auto *headersLayout = new QVBoxLayout(headersPage);
    headersLayout->addWidget(m_headers);
    headersLayout->addLayout(headerButtons);
    requestTabs->addTab(headersPage, tr("Headers"));
    requestTabs->addTab(m_body, tr("Body"));

    auto *responsePage = new QWidget(this);
    auto *responseTabs = new QTabWidget(responsePage);
    responseTabs->addTab(m_responseBody, tr("Body"));
    responseTabs->addTab(m_responseHeaders, tr("Headers"));
    auto *responseLayout = new QVBoxLayout(responsePage);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    responseLayout->addWidget(new QLabel(tr("Response"), responsePage));
    responseLayout->addWidget(m_status);
    responseLayout->addWidget(m_error);
    responseLayout->addWidget(responseTabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(requestTabs);
    splitter->addWidget(responsePage);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_send, &QPushButton::clicked, this, &ResendDialog::send);
    connect(m_cancel, &QPushButton::clicked, this, &ResendDialog::cancel);
    clearResponse();
    setBusy(false);
}

ResendDialog::~ResendDialog()
{
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
    }
}

void ResendDialog::addHeaderRow(const QString &name, const QString &value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
}

HeaderList ResendDialog::editedHeaders() const
{
    HeaderList headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, 0);
        const QTableWidgetItem *value = m_headers->item(row, 1);
        const QString n = name ? name->text().trimmed() : QString();
        if (!n.isEmpty())
            headers.append({n.toUtf8(), value ? value->text().toUtf8() : QByteArray()});
    }
    return headers;
}

QByteArray ResendDialog::editedBody() const
{
    return m_bodyUnchanged ? m_unchangedBody : m_body->toPlainText().toUtf8();
}

void ResendDialog::clearResponse()
{
    m_status->setText(tr("Not sent yet"));
    m_error->clear();
    m_error->hide();
    m_responseHeaders->setRowCount(0);
    m_responseBody->clear();
}

void ResendDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ResendDialog::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

QUrl ResendDialog::editedUrl(QString *error) const
{
    const QString urlText = m_url->text().trimmed();
    // Tolerant: what a person types (a space, a non-ASCII path) is percent-encoded.
    const QUrl url(urlText, QUrl::TolerantMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty()) {
        *error = tr("Not a valid http:// or https:// URL: %1").arg(urlText);
        return {};
    }
    return url;
}

QString ResendDialog::editedCurlCommand() const
{
    QString error;
    const QUrl url = editedUrl(&error);
    if (!url.isValid())
        return {};
    StoredRequest request;
    request.method = m_method->currentText().trimmed().toLatin1();
    request.path = url.path(QUrl::FullyEncoded).toLatin1();
    if (request.path.isEmpty())
        request.path = "/";
    request.query = url.query(QUrl::FullyEncoded).toLatin1();
    request.headers = editedHeaders();
    request.body = editedBody();
    // Sent with a Content-Length by the network stack too.
    if (!request.body.isEmpty())
        request.headers.append({"Content-Length", QByteArray::number(request.body.size())});
    return CurlCommand::build(request, url);
}

void ResendDialog::send()
{
    if (m_reply)
        return;
    clearResponse();
    QString urlError;
    const QUrl url = editedUrl(&urlError);
    if (!url.isValid()) {
        m_status->setText(tr("Not sent"));
        showError(urlError);
        return;
    }
    const QByteArray method = m_method->currentText().trimmed().toLatin1();
    if (!isToken(method)) {
        m_status->setText(tr("Not sent"));
        showError(tr("Not a valid HTTP method: %1").arg(m_method->currentText()));
        return;
    }

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(TransferTimeoutMs);
    // QNetworkRequest keeps one value per name: repeated headers travel comma-joined, which
    // HTTP defines as equivalent (Cookie uses "; ").
    QList<QByteArray> order;
    QHash<QByteArray, QByteArray> values;
    for (const HeaderField &field : editedHeaders()) {
        const QByteArray key = field.name.toLower();
        if (!values.contains(key)) {
            order.append(field.name);
            values.insert(key, field.value);
        } else {
            values[key] += (key == "cookie" ? "; " : ", ") + field.value;
        }
    }
    for (const QByteArray &name : std::as_const(order))
        request.setRawHeader(name, values.value(name.toLower()));

    m_cancelled = false;
    m_status->setText(tr("Sending…"));
    m_elapsed.start();
    m_reply = m_network->sendCustomRequest(request, method, editedBody());
    connect(m_reply, &QNetworkReply::finished, this, &ResendDialog::onFinished);
    setBusy(true);
}

void ResendDialog::cancel()
{
    if (!m_reply)
        return;
    m_cancelled = true;
    m_reply->abort(); // emits finished
}

void ResendDialog::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply.clear();
    reply->deleteLater();
    setBusy(false);
    const qint64 ms = m_elapsed.elapsed();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);

    if (m_cancelled) {
        m_status->setText(tr("Cancelled after %1 ms").arg(ms));
    } else if (!status.isValid()) {
        m_status->setText(tr("Failed after %1 ms").arg(ms));
        showError(reply->errorString());
    } else {
        const QByteArray body = reply->readAll();
        const QString reason = QString::fromLatin1(
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
        m_status->setText(tr("%1 %2 · %3 ms · %4")
                              .arg(status.toInt())
                              .arg(reason)
                              .arg(ms)
                              .arg(QLocale().formattedDataSize(body.size())));
        for (const QNetworkReply::RawHeaderPair &pair : reply->rawHeaderPairs()) {
            const int row = m_responseHeaders->rowCount();
            m_responseHeaders->insertRow(row);
            m_responseHeaders->setItem(row, 0, new QTableWidgetItem(BodyText::display(pair.first)));
            m_responseHeaders->setItem(row, 1,
                                       new QTableWidgetItem(BodyText::display(pair.second)));
        }
        m_responseBody->setBody(body, reply->rawHeader("Content-Type"));
    }
    emit sendFinished();
}

} // namespace hookscope
