#include "value_path.h"

namespace hookscope {

bool ValuePath::parse(const QString &text, ValuePath *out, QString *error)
{
    ValuePath path;
    path.m_text = text.trimmed();
    QString rest = path.m_text;
    if (rest == QLatin1String("$") || rest.isEmpty()) {
        *out = path;
        return true;
    }
    if (rest.startsWith(QLatin1String("$.")))
        rest = rest.mid(2);
    for (const QString &part : rest.split(QLatin1Char('.'))) {
        Segment segment;
        QString name = part;
        if (name.endsWith(QLatin1String("[]"))) {
            segment.each = true;
            name.chop(2);
        }
        if (name.isEmpty() || name.contains(QLatin1Char('[')) || name.contains(QLatin1Char(']'))) {
            *error = QStringLiteral("bad path \"%1\": expected names separated by dots, "
                                    "optionally ending in [] (tags[].name)")
                         .arg(text);
            return false;
        }
        segment.key = name.toUtf8();
        path.m_segments.append(segment);
    }
    *out = path;
    return true;
}

bool ValuePath::hasWildcard() const
{
    for (const Segment &s : m_segments) {
        if (s.each)
            return true;
    }
    return false;
}

QByteArray ValuePath::columnName() const
{
    QByteArray name;
    for (const Segment &s : m_segments) {
        if (!name.isEmpty())
            name += '.';
        name += s.key;
    }
    return name;
}

const ExportValue *ValuePath::step(const ExportValue &value, const QByteArray &key)
{
    if (value.type == ExportValue::Type::Object)
        return value.member(key);
    if (value.type == ExportValue::Type::Array) {
        bool ok = false;
        const qulonglong index = key.toULongLong(&ok);
        if (ok && index < value.children.size())
            return &value.children[size_t(index)].value;
    }
    return nullptr;
}

void ValuePath::resolveFrom(const ExportValue &value, qsizetype segment,
                            const std::function<void(const ExportValue &)> &visit) const
{
    if (segment == m_segments.size()) {
        visit(value);
        return;
    }
    const Segment &s = m_segments.at(segment);
    const ExportValue *next = step(value, s.key);
    if (!next)
        return;
    if (!s.each) {
        resolveFrom(*next, segment + 1, visit);
        return;
    }
    if (next->type != ExportValue::Type::Array)
        return;
    for (const ExportMember &element : next->children)
        resolveFrom(element.value, segment + 1, visit);
}

void ValuePath::resolve(const ExportValue &value,
                        const std::function<void(const ExportValue &)> &visit) const
{
    resolveFrom(value, 0, visit);
}

const ExportValue *ValuePath::find(const ExportValue &value) const
{
    const ExportValue *current = &value;
    for (const Segment &s : m_segments) {
        current = step(*current, s.key);
        if (!current || s.each)
            return s.each ? nullptr : current;
    }
    return current;
}

ExportValue *ValuePath::find(ExportValue &value) const
{
    return const_cast<ExportValue *>(find(std::as_const(value)));
}

} // namespace hookscope
