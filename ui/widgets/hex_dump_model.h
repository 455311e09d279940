#pragma once

#include <QAbstractTableModel>
#include <QByteArray>

namespace hookscope {

// Bytes as a classic hex dump, 16 per row: offset | hex | ASCII. Rows are formatted on
// demand, so a 10 MiB body costs nothing until scrolled to.
class HexDumpModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int BytesPerRow = 16;

    enum Column
    {
        OffsetColumn,
        HexColumn,
        AsciiColumn,
        ColumnCount
    };

    explicit HexDumpModel(QObject *parent = nullptr);

    void setBytes(const QByteArray &bytes);
    const QByteArray &bytes() const { return m_bytes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString hexText(QByteArrayView row);
    static QString asciiText(QByteArrayView row);

private:
    QByteArray m_bytes;
};

} // namespace hookscope
