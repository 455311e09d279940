#include "flattener.h"

namespace hookscope {

FlatRow Flattener::flatten(const ExportValue &record) const
{
    FlatRow row;
    if (record.isScalar())
        row.append({QByteArrayLiteral("value"), record.text, record.type});
    else
        flattenInto(record, QByteArray(), &row);
    return row;
}

void Flattener::flattenInto(const ExportValue &value, const QByteArray &prefix, FlatRow *row) const
{
    if (value.isScalar()) {
        row->append({prefix, value.text, value.type});
        return;
    }
    if (value.children.empty()) {
        if (!prefix.isEmpty())
            row->append({prefix, QByteArray(), ExportValue::Type::Null});
        return;
    }
    if (value.type == ExportValue::Type::Array) {
        bool scalars = true;
        for (const ExportMember &element : value.children)
            scalars = scalars && element.value.isScalar();
        if (scalars) {
            QByteArray joined;
            bool first = true;
            for (const ExportMember &element : value.children) {
                if (!first)
                    joined += m_separator;
                first = false;
                joined += element.value.text;
            }
            row->append({prefix, joined, ExportValue::Type::String});
            return;
        }
    }
    const QByteArray dotted = prefix.isEmpty() ? prefix : prefix + '.';
    qsizetype index = 0;
    for (const ExportMember &member : value.children) {
        flattenInto(member.value,
                    dotted + (value.type == ExportValue::Type::Array ? QByteArray::number(index)
                                                                     : member.key),
                    row);
        ++index;
    }
}

QList<ExportValue> Flattener::explode(const ExportValue &record, const ValuePath &path)
{
    const ExportValue *array = path.find(record);
    if (!array || array->type != ExportValue::Type::Array || array->children.empty())
        return {record};
    QList<ExportValue> copies;
    copies.reserve(qsizetype(array->children.size()));
    for (size_t i = 0; i < array->children.size(); ++i) {
        ExportValue copy = record;
        *path.find(copy) = array->children[i].value;
        copies.append(std::move(copy));
    }
    return copies;
}

} // namespace hookscope
