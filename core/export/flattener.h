#pragma once

#include "export_value.h"
#include "value_path.h"

#include <QByteArray>
#include <QList>

namespace hookscope {

// One cell of a flattened row: its dotted column name and its text.
struct FlatCell
{
    QByteArray column;
    QByteArray text;
    ExportValue::Type type = ExportValue::Type::Null; // of the value the text came from
};

using FlatRow = QList<FlatCell>;

// Turns a record into spreadsheet cells: nested objects become dotted columns
// (optIns.whatsapp), arrays of scalars one cell joined with the separator, other arrays
// indexed columns (tags.0.name), empty objects and arrays an empty cell. Explode (before
// flattening) makes one record per element of an array instead (tags.name).
class Flattener
{
public:
    explicit Flattener(const QByteArray &separator = QByteArrayLiteral(";"))
        : m_separator(separator)
    {}

    FlatRow flatten(const ExportValue &record) const;
    void flattenInto(const ExportValue &value, const QByteArray &prefix, FlatRow *row) const;

    // One copy of the record per element of the array at path, the array replaced by that
    // element; the record itself (one row) when the path holds no array or an empty one.
    static QList<ExportValue> explode(const ExportValue &record, const ValuePath &path);

private:
    QByteArray m_separator;
};

} // namespace hookscope
