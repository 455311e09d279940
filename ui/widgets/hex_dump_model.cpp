#include "hex_dump_model.h"

#include <QFontDatabase>

namespace hookscope {

HexDumpModel::HexDumpModel(QObject *parent) : QAbstractTableModel(parent) {}

void HexDumpModel::setBytes(const QByteArray &bytes)
{
    beginResetModel();
    m_bytes = bytes;
    endResetModel();
}

int HexDumpModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int((m_bytes.size() + BytesPerRow - 1) / BytesPerRow);
}

int HexDumpModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HexDumpModel::hexText(QByteArrayView row)
{
    static const char digits[] = "0123456789abcdef";
    QString out;
    out.reserve(BytesPerRow * 3 + 1);
    for (qsizetype i = 0; i < BytesPerRow; ++i) {
        if (i == BytesPerRow / 2)
            out += QLatin1Char(' '); // a gap between the two halves, as in xxd / hexdump -C
        if (i < row.size()) {
            const uchar u = uchar(row.at(i));
            out += QLatin1Char(digits[u >> 4]);
            out += QLatin1Char(digits[u & 0xf]);
        } else {
            out += QStringLiteral("  ");
        }
        if (i + 1 < BytesPerRow)
            out += QLatin1Char(' ');
    }
    return out;
}

QString HexDumpModel::asciiText(QByteArrayView row)
{
    QString out;
    out.reserve(row.size());
    for (const char c : row)
        out += (uchar(c) >= 0x20 && uchar(c) < 0x7f) ? QLatin1Char(c) : QLatin1Char('.');
    return out;
}

QVariant HexDumpModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (role == Qt::FontRole)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role != Qt::DisplayRole)
        return {};
    const qsizetype offset = qsizetype(index.row()) * BytesPerRow;
    const QByteArrayView row = QByteArrayView(m_bytes).sliced(
        offset, std::min<qsizetype>(BytesPerRow, m_bytes.size() - offset));
    switch (index.column()) {
    case OffsetColumn:
        return QStringLiteral("%1").arg(offset, 8, 16, QLatin1Char('0'));
    case HexColumn:
        return hexText(row);
    case AsciiColumn:
        return asciiText(row);
    }
    return {};
}

QVariant HexDumpModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OffsetColumn:
        return tr("Offset");
    case HexColumn:
        return tr("Hex");
    case AsciiColumn:
        return tr("ASCII");
    }
    return {};
}

} // namespace hookscope
