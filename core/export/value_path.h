#pragma once

#include "export_value.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

namespace hookscope {

// A path into an ExportValue: `data.user`, `tags.0.name` (an index into an array),
// `tags[].name` (every element), `$` or empty for the value itself. Names are the keys as
// written; a key with a dot in it cannot be addressed (documented).
class ValuePath
{
public:
    ValuePath() = default;
    // False with *error on a malformed path (empty segment, `[]` not after a name, ...).
    static bool parse(const QString &text, ValuePath *out, QString *error);

    bool isRoot() const { return m_segments.isEmpty(); }
    bool hasWildcard() const;
    QString text() const { return m_text; }
    // The dotted column name this path has in a flattened row (`tags.0.name`).
    QByteArray columnName() const;

    // Calls visit for every value the path reaches (several with `[]`, none when missing).
    void resolve(const ExportValue &value,
                 const std::function<void(const ExportValue &)> &visit) const;
    // The one value a path without `[]` reaches; null when missing.
    const ExportValue *find(const ExportValue &value) const;
    ExportValue *find(ExportValue &value) const;

private:
    struct Segment
    {
        QByteArray key;
        bool each = false; // `[]` after the key: every element of the array there
    };
    void resolveFrom(const ExportValue &value, qsizetype segment,
                     const std::function<void(const ExportValue &)> &visit) const;
    static const ExportValue *step(const ExportValue &value, const QByteArray &key);

    QString m_text;
    QList<Segment> m_segments;
};

} // namespace hookscope
