#include "csv_writer.h"

#include <cstring>

namespace hookscope {

namespace {

bool looksLikeFormula(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

} // namespace

void CsvWriter::begin(const QList<QByteArray> &columns, QByteArray *out) const
{
    if (m_options.bom)
        out->append("\xEF\xBB\xBF");
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i)
            out->append(m_options.delimiter);
        field(columns.at(i), true, out);
    }
    out->append("\r\n");
}

void CsvWriter::row(const QList<const FlatCell *> &cells, QByteArray *out) const
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i)
            out->append(m_options.delimiter);
        if (const FlatCell *cell = cells.at(i))
            field(cell->text, cell->type == ExportValue::Type::String, out);
    }
    out->append("\r\n");
}

void CsvWriter::field(QByteArrayView text, bool guard, QByteArray *out) const
{
    const bool prefix = guard && m_options.formulaGuard && looksLikeFormula(text);
    const char delimiter = m_options.delimiter;
    qsizetype quotes = 0;
    bool quote = false;
    for (const char c : text) {
        if (c == '"')
            ++quotes;
        else if (c == '\n' || c == '\r' || c == delimiter)
            quote = true;
    }
    quote = quote || quotes > 0;
    // One resize and a plain copy: bodies are mostly JSON, full of quotes to double.
    const qsizetype start = out->size();
    out->resize(start + text.size() + quotes + (quote ? 2 : 0) + (prefix ? 1 : 0));
    char *p = out->data() + start;
    if (quote)
        *p++ = '"';
    if (prefix)
        *p++ = '\'';
    if (quotes == 0) {
        std::memcpy(p, text.data(), size_t(text.size()));
        p += text.size();
    } else {
        for (const char c : text) {
            *p++ = c;
            if (c == '"')
                *p++ = '"';
        }
    }
    if (quote)
        *p++ = '"';
}

} // namespace hookscope
