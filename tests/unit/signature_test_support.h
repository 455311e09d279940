#pragma once

#include "store/stored_request.h"

#include <QByteArray>

// Headers written as "Name: value" lines, for compact test tables.
inline hookscope::HeaderList headersFrom(const QByteArray &lines)
{
    hookscope::HeaderList headers;
    for (const QByteArray &line : lines.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return headers;
}
