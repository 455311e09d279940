#include "text_lines_model.h"

#include "inspect/body_text.h"

#include <QFontDatabase>
#include <cstring>

namespace hookscope {

TextLinesModel::TextLinesModel(QObject *parent) : QAbstractListModel(parent) {}

void TextLinesModel::setText(const QByteArray &text)
{
    beginResetModel();
    m_text = text;
    m_utf8 = BodyText::isUtf8(text);
    m_starts.clear();
    const char *data = m_text.constData();
    const qsizetype size = m_text.size();
    qsizetype start = 0;
    while (start < size) {
        m_starts.append(start);
        const qsizetype limit = std::min(size, start + MaxLineBytes);
        const void *nl = std::memchr(data + start, '\n', size_t(limit - start));
        if (nl) {
            start = static_cast<const char *>(nl) - data + 1;
            continue;
        }
        qsizetype cut = limit;
        // Step back over UTF-8 continuation bytes so a character is not split.
        while (m_utf8 && cut < size && cut > start + 1 && (uchar(data[cut]) & 0xC0) == 0x80)
            --cut;
        start = cut;
    }
    endResetModel();
}

int TextLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_starts.size());
}

QVariant TextLinesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_starts.size())
        return {};
    if (role == Qt::FontRole)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role != Qt::DisplayRole)
        return {};
    const qsizetype start = m_starts.at(index.row());
    qsizetype end =
        index.row() + 1 < m_starts.size() ? m_starts.at(index.row() + 1) : m_text.size();
    const QByteArrayView line = QByteArrayView(m_text).sliced(start, end - start);
    QByteArrayView trimmed = line;
    if (trimmed.endsWith('\n'))
        trimmed.chop(1);
    if (trimmed.endsWith('\r'))
        trimmed.chop(1);
    return m_utf8 ? QString::fromUtf8(trimmed) : QString::fromLatin1(trimmed);
}

} // namespace hookscope
