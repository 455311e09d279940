#pragma once

#include "value_path.h"

#include <QString>

namespace hookscope {

// One `--where` condition on a record: `PATH OP VALUE` or `PATH exists` / `PATH !exists`.
// Operators: = != < <= > >= contains !contains. Through `[]` (tags[].name = vip) or on an
// array of scalars, any element may match (none, for != and !contains). Values compare as
// numbers when both sides are numbers, else as UTF-8 text (so ISO-8601 times order
// correctly); contains ignores case. A value may be quoted ("a b" or 'a b').
class FieldPredicate
{
public:
    enum class Op
    {
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Contains,
        NotContains,
        Exists,
        Missing
    };

    static bool parse(const QString &expression, FieldPredicate *out, QString *error);

    bool matches(const ExportValue &record) const;
    QString text() const { return m_text; }
    const ValuePath &path() const { return m_path; }
    Op op() const { return m_op; }

private:
    bool compare(const ExportValue &candidate) const;

    QString m_text;
    ValuePath m_path;
    Op m_op = Op::Exists;
    QByteArray m_value;
    QString m_valueFolded; // lower case, for contains
    double m_number = 0;
    bool m_valueIsNumber = false;
};

} // namespace hookscope
