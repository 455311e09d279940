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
    // One resize for the whole line (each field at most doubles, plus quotes and the guard),
    // then plain writes; the line is the unit, so appending cell by cell cost more than
    // the cells themselves.
    qsizetype bound = 2;
    for (const FlatCell *cell : cells)
        bound += 4 + (cell ? 2 * cell->text.size() : 0);
    const qsizetype start = out->size();
    out->resize(start + bound);
    char *p = out->data() + start;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i)
            *p++ = m_options.delimiter;
        if (const FlatCell *cell = cells.at(i))
            p = write(cell->text, cell->type == ExportValue::Type::String, p);
    }
    *p++ = '\r';
    *p++ = '\n';
    out->truncate(p - out->constData());
}

char *CsvWriter::write(QByteArrayView text, bool guard, char *p) const
{
    const bool prefix = guard && m_options.formulaGuard && looksLikeFormula(text);
    const char *begin = text.data();
    const char *end = begin + text.size();
    bool quote = false;
    for (const char *c = begin; c < end; ++c) {
        if (m_special[uchar(*c)]) {
            quote = true;
            break;
        }
    }
    if (quote)
        *p++ = '"';
    if (prefix)
        *p++ = '\'';
    if (!quote) {
        if (end != begin) // an empty view may have no data pointer: memcpy needs one
            std::memcpy(p, begin, size_t(end - begin));
        return p + (end - begin);
    }
    // Copy the spans between quotes whole, doubling each quote.
    const char *from = begin;
    while (const char *q = static_cast<const char *>(std::memchr(from, '"', size_t(end - from)))) {
        std::memcpy(p, from, size_t(q - from + 1));
        p += q - from + 1;
        *p++ = '"';
        from = q + 1;
    }
    std::memcpy(p, from, size_t(end - from));
    p += end - from;
    *p++ = '"';
    return p;
}

void CsvWriter::field(QByteArrayView text, bool guard, QByteArray *out) const
{
    const qsizetype start = out->size();
    out->resize(start + 2 * text.size() + 4);
    char *end = write(text, guard, out->data() + start);
    out->truncate(end - out->constData());
}

} // namespace hookscope
