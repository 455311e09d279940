#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace hookscope {

// Re-serialises JSON text the way common senders do, keeping key order and number and string
// spellings: used to tell a user that a signature was made over a re-serialised body.
class JsonReformatter
{
public:
    enum class Style
    {
        Minified,    // JSON.stringify(x)
        Indented2,   // JSON.stringify(x, null, 2)
        Indented4,   // json.dumps(x, indent=4)
        PythonSpaced // json.dumps(x): ", " and ": "
    };

    // Empty when `json` is not a JSON object or array.
    static QByteArray reformat(QByteArrayView json, Style style);
};

} // namespace hookscope
