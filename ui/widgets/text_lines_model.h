#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>

namespace hookscope {

// Large UTF-8 text as a list of lines for a QListView: only the rows on screen are ever
// decoded, so a 10 MiB body opens at once where QPlainTextEdit takes seconds. Lines longer
// than MaxLineBytes continue on the next row (split between characters, never inside one).
class TextLinesModel : public QAbstractListModel
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxLineBytes = 4000;

    explicit TextLinesModel(QObject *parent = nullptr);

    // text is decoded as UTF-8 when valid, else as Latin-1.
    void setText(const QByteArray &text);
    const QByteArray &text() const { return m_text; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QByteArray m_text;
    bool m_utf8 = true;
    QList<qsizetype> m_starts; // byte offset where each row begins
};

} // namespace hookscope
