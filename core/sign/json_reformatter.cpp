#include "json_reformatter.h"

#include <QJsonDocument>

namespace hookscope {

QByteArray JsonReformatter::reformat(QByteArrayView json, Style style)
{
    QJsonParseError error{};
    QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    const int indent = style == Style::Indented2 ? 2 : style == Style::Indented4 ? 4 : 0;
    QByteArray out;
    out.reserve(json.size() + json.size() / 4);
    int depth = 0;
    auto newline = [&](int level) {
        out += '\n';
        out += QByteArray(qsizetype(level) * indent, ' ');
    };
    auto nextSignificant = [&](qsizetype from) {
        while (from < json.size() && (json[from] == ' ' || json[from] == '\t' ||
                                      json[from] == '\n' || json[from] == '\r'))
            ++from;
        return from < json.size() ? json[from] : '\0';
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        switch (c) {
        case '"': {
            const qsizetype start = i++;
            while (i < json.size() && json[i] != '"')
                i += json[i] == '\\' ? 2 : 1;
            out += json.sliced(start, qMin(i, json.size() - 1) - start + 1);
            break;
        }
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '{':
        case '[': {
            out += c;
            const char close = c == '{' ? '}' : ']';
            if (indent > 0 && nextSignificant(i + 1) != close)
                newline(++depth);
            else if (indent > 0)
                ++depth;
            break;
        }
        case '}':
        case ']':
            --depth;
            if (indent > 0 && out.size() > 0 && out.back() != '{' && out.back() != '[')
                newline(depth);
            out += c;
            break;
        case ',':
            out += ',';
            if (indent > 0)
                newline(depth);
            else if (style == Style::PythonSpaced)
                out += ' ';
            break;
        case ':':
            out += ':';
            if (style != Style::Minified)
                out += ' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace hookscope
