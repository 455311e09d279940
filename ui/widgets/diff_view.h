#pragma once

#include "inspect/line_diff.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace hookscope {

// Two texts side by side, lines aligned by LineDiff; changed, removed and added lines are
// tinted (colours mixed from the palette's base, so dark mode works) and the panes scroll
// together.
class DiffView : public QWidget
{
    Q_OBJECT

public:
    explicit DiffView(const QString &objectNamePrefix, QWidget *parent = nullptr);

    // Only the first MaxLines lines of each side are shown: QPlainTextEdit lays out every
    // line up front.
    static constexpr int MaxLines = 20000;

    void setTexts(const QStringList &left, const QStringList &right);

    const QList<DiffRow> &rows() const { return m_rows; }
    int differenceCount() const;
    QPlainTextEdit *leftEdit() const { return m_left; }
    QPlainTextEdit *rightEdit() const { return m_right; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void highlight();

    QList<DiffRow> m_rows;
    QLabel *m_summary;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
};

} // namespace hookscope
