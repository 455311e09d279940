#include "field_predicate.h"

namespace hookscope {

namespace {

struct OperatorName
{
    const char *name;
    FieldPredicate::Op op;
    bool word; // needs whitespace around it
};

// Longest first, so <= is not read as <.
const OperatorName operators[] = {
    {"!contains", FieldPredicate::Op::NotContains, true},
    {"contains", FieldPredicate::Op::Contains, true},
    {"!exists", FieldPredicate::Op::Missing, true},
    {"exists", FieldPredicate::Op::Exists, true},
    {"!=", FieldPredicate::Op::NotEqual, false},
    {"==", FieldPredicate::Op::Equal, false},
    {"<=", FieldPredicate::Op::LessOrEqual, false},
    {">=", FieldPredicate::Op::GreaterOrEqual, false},
    {"=", FieldPredicate::Op::Equal, false},
    {"<", FieldPredicate::Op::Less, false},
    {">", FieldPredicate::Op::Greater, false},
};

bool parseNumber(QByteArrayView text, double *out)
{
    if (text.isEmpty())
        return false;
    bool ok = false;
    *out = text.toByteArray().toDouble(&ok);
    return ok;
}

} // namespace

bool FieldPredicate::parse(const QString &expression, FieldPredicate *out, QString *error)
{
    FieldPredicate p;
    p.m_text = expression.trimmed();
    const QString &text = p.m_text;
    // The path runs up to the first space or operator character.
    qsizetype end = 0;
    while (end < text.size() && !text.at(end).isSpace() && text.at(end) != QLatin1Char('=') &&
           text.at(end) != QLatin1Char('!') && text.at(end) != QLatin1Char('<') &&
           text.at(end) != QLatin1Char('>'))
        ++end;
    const QString pathText = text.left(end);
    if (pathText.isEmpty()) {
        *error = QStringLiteral("bad expression \"%1\": expected a field path first").arg(text);
        return false;
    }
    QString pathError;
    if (!ValuePath::parse(pathText, &p.m_path, &pathError) || p.m_path.isRoot()) {
        *error = QStringLiteral("bad expression \"%1\": %2")
                     .arg(text, pathError.isEmpty() ? QStringLiteral("expected a field path")
                                                    : pathError);
        return false;
    }
    QString rest = text.mid(end).trimmed();
    const OperatorName *found = nullptr;
    for (const OperatorName &candidate : operators) {
        const QLatin1String name(candidate.name);
        if (!rest.startsWith(name))
            continue;
        if (candidate.word && rest.size() > name.size() && !rest.at(name.size()).isSpace())
            continue;
        found = &candidate;
        break;
    }
    if (!found) {
        *error = QStringLiteral("bad expression \"%1\": expected an operator after \"%2\" "
                                "(= != < <= > >= contains !contains exists !exists)")
                     .arg(text, pathText);
        return false;
    }
    p.m_op = found->op;
    QString value = rest.mid(qsizetype(qstrlen(found->name))).trimmed();
    if (p.m_op == Op::Exists || p.m_op == Op::Missing) {
        if (!value.isEmpty()) {
            *error = QStringLiteral("bad expression \"%1\": nothing may follow \"%2\"")
                         .arg(text, QLatin1String(found->name));
            return false;
        }
        *out = p;
        return true;
    }
    if (value.isEmpty()) {
        *error = QStringLiteral("bad expression \"%1\": expected a value after \"%2\"")
                     .arg(text, QLatin1String(found->name));
        return false;
    }
    const QChar quote = value.at(0);
    if (quote == QLatin1Char('"') || quote == QLatin1Char('\'')) {
        if (value.size() < 2 || !value.endsWith(quote)) {
            *error = QStringLiteral("bad expression \"%1\": unterminated quote").arg(text);
            return false;
        }
        value = value.mid(1, value.size() - 2);
    }
    p.m_value = value.toUtf8();
    p.m_valueFolded = value.toCaseFolded();
    p.m_valueIsNumber = parseNumber(p.m_value, &p.m_number);
    *out = p;
    return true;
}

bool FieldPredicate::compare(const ExportValue &candidate) const
{
    // null compares as the word null: `x = null` finds explicit nulls.
    const QByteArray &text = candidate.isNull() ? QByteArrayLiteral("null") : candidate.text;
    switch (m_op) {
    case Op::Contains:
    case Op::NotContains:
        return QString::fromUtf8(text).toCaseFolded().contains(m_valueFolded);
    default:
        break;
    }
    double number = 0;
    int order = 0;
    if (m_valueIsNumber && parseNumber(text, &number))
        order = number < m_number ? -1 : number > m_number ? 1 : 0;
    else
        order = text < m_value ? -1 : text > m_value ? 1 : 0;
    switch (m_op) {
    case Op::Equal:
    case Op::NotEqual:
        return order == 0;
    case Op::Less:
        return order < 0;
    case Op::LessOrEqual:
        return order <= 0;
    case Op::Greater:
        return order > 0;
    case Op::GreaterOrEqual:
        return order >= 0;
    default:
        return false;
    }
}

bool FieldPredicate::matches(const ExportValue &record) const
{
    bool any = false;
    bool anyPresent = false;
    m_path.resolve(record, [&](const ExportValue &value) {
        if (!value.isNull())
            anyPresent = true;
        if (any)
            return;
        if (value.type == ExportValue::Type::Array) {
            for (const ExportMember &element : value.children) {
                if (element.value.isScalar() && compare(element.value)) {
                    any = true;
                    return;
                }
            }
        } else if (value.isScalar() && compare(value)) {
            any = true;
        }
    });
    switch (m_op) {
    case Op::Exists:
        return anyPresent;
    case Op::Missing:
        return !anyPresent;
    case Op::NotEqual:
    case Op::NotContains:
        return !any;
    default:
        return any;
    }
}

} // namespace hookscope
