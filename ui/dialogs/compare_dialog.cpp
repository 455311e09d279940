#include "compare_dialog.h"

#include "inspect/body_text.h"
#include "inspect/json_document.h"
#include "widgets/diff_view.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QString title(const StoredRequest &r)
{
    return QStringLiteral("#%1  %2 %3  ·  %4")
        .arg(r.id)
        .arg(QString::fromLatin1(r.method), BodyText::display(r.path),
             QDateTime::fromMSecsSinceEpoch(r.receivedUs / 1000)
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
}

} // namespace

QStringList CompareDialog::headerLines(const StoredRequest &r)
{
    QStringList lines;
    QString target = BodyText::display(r.path);
    if (!r.query.isEmpty())
        target += QLatin1Char('?') + BodyText::display(r.query);
    lines << QString::fromLatin1(r.method) + QLatin1Char(' ') + target;
    for (const HeaderField &field : r.headers)
        lines << BodyText::display(field.name) + QStringLiteral(": ") +
                     BodyText::display(field.value);
    return lines;
}

QStringList CompareDialog::bodyLines(const QByteArray &body, bool prettyJson)
{
    if (body.isEmpty())
        return {};
    QByteArray pretty;
    if (prettyJson && JsonDocument::prettyPrint(body, &pretty))
        return QString::fromUtf8(pretty).split(QLatin1Char('\n'));
    if (BodyText::isText(body))
        return QString::fromUtf8(body).split(QLatin1Char('\n'));
    // Binary: 16 bytes of hex per line.
    QStringList lines;
    for (qsizetype i = 0; i < body.size(); i += 16)
        lines << QString::fromLatin1(body.mid(i, 16).toHex(' '));
    return lines;
}

CompareDialog::CompareDialog(const StoredRequest &left, const StoredRequest &right, QWidget *parent)
    : QDialog(parent), m_tabs(new QTabWidget(this)),
      m_headers(new DiffView(QStringLiteral("compareHeaders"), m_tabs)),
      m_body(new DiffView(QStringLiteral("compareBody"), m_tabs))
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare #%1 and #%2").arg(left.id).arg(right.id));
    resize(1100, 700);

    m_headers->setTexts(headerLines(left), headerLines(right));
    QByteArray ignored;
    const bool bothJson = (left.body.isEmpty() || JsonDocument::prettyPrint(left.body, &ignored)) &&
                          (right.body.isEmpty() || JsonDocument::prettyPrint(right.body, &ignored));
    m_body->setTexts(bodyLines(left.body, bothJson), bodyLines(right.body, bothJson));
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_tabs->addTab(m_body, m_body->differenceCount()
                               ? tr("Body (%1)").arg(m_body->differenceCount())
                               : tr("Body"));
    m_tabs->addTab(m_headers, m_headers->differenceCount()
                                  ? tr("Headers (%1)").arg(m_headers->differenceCount())
                                  : tr("Headers"));

    auto *titles = new QGridLayout;
    for (const auto &[column, request] : {std::pair{0, &left}, std::pair{1, &right}}) {
        auto *label = new QLabel(title(*request), this);
        label->setObjectName(column == 0 ? QStringLiteral("compareLeftTitle")
                                         : QStringLiteral("compareRightTitle"));
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        titles->addWidget(label, 0, column);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titles);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
}

} // namespace hookscope
