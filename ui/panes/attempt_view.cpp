#include "attempt_view.h"

#include "attempt_list_model.h"
#include "outbox_text.h"
#include "widgets/body_view.h"
#include "widgets/list_view_style.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace hookscope {

namespace {

// [[name, value], ...] as "Name: value" lines; the Content-Type in *contentType.
QString headerLines(const QByteArray &json, QByteArray *contentType)
{
    QString out;
    const QJsonArray pairs = QJsonDocument::fromJson(json).array();
    for (const QJsonValue &pair : pairs) {
        const QString name = pair.toArray().at(0).toString();
        const QString value = pair.toArray().at(1).toString();
        if (name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0)
            *contentType = value.toUtf8();
        out += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    }
    return out;
}

QPlainTextEdit *headView(const char *objectName, const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setAccessibleName(accessibleName);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

AttemptView::AttemptView(QWidget *parent)
    : QWidget(parent), m_model(new AttemptListModel(this)), m_list(new QTableView(this)),
      m_tabs(new QTabWidget(this)),
      m_requestHead(headView("attemptRequestHead", tr("Request sent"), this)),
      m_requestBody(new BodyView(this)),
      m_responseHead(headView("attemptResponseHead", tr("Response received"), this)),
      m_responseBody(new BodyView(this)), m_empty(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("attemptList"));
    m_list->setAccessibleName(tr("Attempts"));
    m_list->setModel(m_model);
    ListViewStyle::apply(m_list);
    QHeaderView *header = m_list->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics metrics(m_list->font());
    header->resizeSection(AttemptListModel::AttemptColumn,
                          metrics.horizontalAdvance(tr("Attempt 10")) + 18);
    header->resizeSection(AttemptListModel::StartedColumn,
                          metrics.horizontalAdvance(QStringLiteral("00:00:00")) + 24);
    header->resizeSection(AttemptListModel::DurationColumn,
                          metrics.horizontalAdvance(QStringLiteral("10,000 ms")) + 18);

    m_requestBody->setObjectName(QStringLiteral("attemptRequestBody"));
    m_requestBody->setAccessibleName(tr("Request body"));
    m_responseBody->setObjectName(QStringLiteral("attemptResponseBody"));
    m_responseBody->setAccessibleName(tr("Response body"));
    const auto side = [this](QPlainTextEdit *head, BodyView *body) {
        auto *splitter = new QSplitter(Qt::Vertical, this);
        splitter->addWidget(head);
        splitter->addWidget(body);
        splitter->setStretchFactor(0, 1);
        splitter->setStretchFactor(1, 2);
        splitter->setChildrenCollapsible(false);
        return splitter;
    };
    m_tabs->setObjectName(QStringLiteral("attemptTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(side(m_requestHead, m_requestBody), tr("Request"));
    m_tabs->addTab(side(m_responseHead, m_responseBody), tr("Response"));
    m_tabs->setCurrentIndex(1);

    m_empty->setObjectName(QStringLiteral("attemptsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(splitter, 1);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showAttempt(current.row()); });
    clear();
}

void AttemptView::setAttempts(qint64 deliveryId, const QList<AttemptRow> &attempts)
{
    const bool sameDelivery = deliveryId == m_model->deliveryId();
    const int before = m_model->rowCount();
    const int chosen = m_list->selectionModel()->currentIndex().row();
    m_model->setAttempts(deliveryId, attempts);
    const int count = m_model->rowCount();
    m_empty->setText(count ? QString() : tr("No attempt yet."));
    m_empty->setVisible(!count);
    if (!count) {
        showAttempt(-1);
        return;
    }
    // The latest attempt, unless the person picked an earlier one of this delivery.
    int row = count - 1;
    if (sameDelivery && chosen >= 0 && chosen < before - 1)
        row = chosen;
    m_list->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    showAttempt(row);
}

void AttemptView::clear()
{
    m_model->setAttempts(0, {});
    m_empty->setText(tr("Select a delivery to see its attempts."));
    m_empty->setVisible(true);
    showAttempt(-1);
}

void AttemptView::showAttempt(int row)
{
    const AttemptRow *a = m_model->attemptAt(row);
    if (!a) {
        m_requestHead->clear();
        m_requestBody->clear();
        m_responseHead->clear();
        m_responseBody->clear();
        return;
    }
    QByteArray requestType;
    m_requestHead->setPlainText(QStringLiteral("POST ") + a->url + QLatin1Char('\n') +
                                headerLines(a->requestHeaders, &requestType));
    m_requestBody->setBody(a->requestBody, requestType);
    QByteArray responseType;
    QString response = a->responseStatus
                           ? tr("HTTP %1 after %2\n")
                                 .arg(a->responseStatus)
                                 .arg(OutboxText::duration(a->durationUs))
                           : tr("No response after %1\n").arg(OutboxText::duration(a->durationUs));
    if (!a->error.isEmpty())
        response += tr("Error: %1\n").arg(a->error);
    response += headerLines(a->responseHeaders, &responseType);
    m_responseHead->setPlainText(response);
    m_responseBody->setBody(a->responseBody, responseType);
}

QString AttemptView::requestText() const
{
    return m_requestHead->toPlainText();
}

QString AttemptView::responseText() const
{
    return m_responseHead->toPlainText();
}

} // namespace hookscope
