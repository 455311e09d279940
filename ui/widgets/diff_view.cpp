#include "diff_view.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QPlainTextEdit *makePane(QWidget *parent, const QString &objectName, const QString &name)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

QColor mixed(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

DiffView::DiffView(const QString &objectNamePrefix, QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)),
      m_left(makePane(this, objectNamePrefix + QStringLiteral("Left"), tr("Left side"))),
      m_right(makePane(this, objectNamePrefix + QStringLiteral("Right"), tr("Right side")))
{
    setObjectName(objectNamePrefix);
    m_summary->setObjectName(objectNamePrefix + QStringLiteral("Summary"));
    auto *panes = new QHBoxLayout;
    panes->addWidget(m_left);
    panes->addWidget(m_right);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addLayout(panes, 1);
    // Lines are aligned row for row, so the same scroll position shows the same rows.
    for (auto [from, to] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, to->verticalScrollBar(),
                &QScrollBar::setValue);
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, to->horizontalScrollBar(),
                &QScrollBar::setValue);
    }
}

int DiffView::differenceCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const DiffRow &r) { return r.kind != DiffRow::Kind::Same; }));
}

void DiffView::setTexts(const QStringList &left, const QStringList &right)
{
    const bool cut = left.size() > MaxLines || right.size() > MaxLines;
    if (cut) {
        setTexts(left.mid(0, MaxLines), right.mid(0, MaxLines));
        m_summary->setText(m_summary->text() +
                           tr(" (only the first %1 lines of each side are compared)")
                               .arg(QLocale().toString(MaxLines)));
        return;
    }
    m_rows = LineDiff::compare(left, right);
    QStringList leftLines;
    QStringList rightLines;
    leftLines.reserve(m_rows.size());
    rightLines.reserve(m_rows.size());
    for (const DiffRow &row : std::as_const(m_rows)) {
        leftLines << (row.left >= 0 ? left.at(row.left) : QString());
        rightLines << (row.right >= 0 ? right.at(row.right) : QString());
    }
    m_left->setPlainText(leftLines.join(QLatin1Char('\n')));
    m_right->setPlainText(rightLines.join(QLatin1Char('\n')));
    const int differences = differenceCount();
    m_summary->setText(differences == 0   ? tr("Identical")
                       : differences == 1 ? tr("1 line differs")
                                          : tr("%1 lines differ").arg(differences));
    highlight();
}

void DiffView::highlight()
{
    const QColor base = palette().color(QPalette::Base);
    const QColor removed = mixed(base, QColor(220, 40, 40), 0.28);
    const QColor added = mixed(base, QColor(40, 170, 60), 0.28);
    const QColor filler = mixed(base, palette().color(QPalette::Text), 0.08);
    QList<QTextEdit::ExtraSelection> leftMarks;
    QList<QTextEdit::ExtraSelection> rightMarks;
    const auto mark = [](QPlainTextEdit *edit, int line, const QColor &colour) {
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(edit->document()->findBlockByNumber(line));
        selection.format.setBackground(colour);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        return selection;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        const DiffRow &row = m_rows.at(i);
        if (row.kind == DiffRow::Kind::Same)
            continue;
        leftMarks << mark(m_left, i, row.left >= 0 ? removed : filler);
        rightMarks << mark(m_right, i, row.right >= 0 ? added : filler);
    }
    m_left->setExtraSelections(leftMarks);
    m_right->setExtraSelections(rightMarks);
}

void DiffView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        highlight();
    QWidget::changeEvent(event);
}

} // namespace hookscope
