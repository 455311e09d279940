#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope {

// What the inspector's filter bar asks for. Every part is optional and they combine (AND);
// RequestBrowser turns them into SQL so no row is loaded to be filtered.
struct RequestFilter
{
    QString text;              // full-text search over path, headers and textual bodies
    QList<QByteArray> methods; // upper case; empty: any
    QString pathGlob;          // '*' and '?' wildcards; without any, a path prefix
    int statusClass = 0;       // 2..5 for 2xx..5xx; 0: any
    QString eventType;         // glob like user.* (case-sensitive)
    qint64 fromUs = 0;         // received at or after; 0: no lower bound
    qint64 toUs = 0;           // received before; 0: no upper bound

    bool isEmpty() const
    {
        return text.trimmed().isEmpty() && methods.isEmpty() && pathGlob.isEmpty() &&
               statusClass == 0 && eventType.isEmpty() && fromUs == 0 && toUs == 0;
    }
    bool operator==(const RequestFilter &) const = default;

    // The FTS5 query for free text: every word a quoted prefix phrase, so punctuation in
    // what the user typed (e-mail addresses, ids with dashes, JSON) is never FTS syntax.
    static QString ftsQuery(const QString &text);
};

} // namespace hookscope
