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

CsvWriter::CsvWriter(const Options &options) : m_options(options)
{
    m_special.fill(false);
    for (const char c : {'"', '\n', '\r', options.delimiter})
        m_special[uchar(c)] = true;
}

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
    const char *begin = text.data();
    const char *end = begin + text.size();
    bool quote = false;
    for (const char *p = begin; p < end; ++p) {
        if (m_special[uchar(*p)]) {
            quote = true;
            break;
        }
    }
    if (!quote) {
        if (prefix)
            out->append('\'');
        out->append(text);
        return;
    }
    out->append('"');
    if (prefix)
        out->append('\'');
    // Copy the spans between quotes whole, doubling each quote.
    const char *from = begin;
    while (const char *q = static_cast<const char *>(std::memchr(from, '"', size_t(end - from)))) {
        out->append(from, q - from + 1);
        out->append('"');
        from = q + 1;
    }
    out->append(from, end - from);
    out->append('"');
}

} // namespace hookscope
