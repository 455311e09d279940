#include "csv_writer.h"

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
    bool quote = false;
    for (const char c : text) {
        if (c == '"' || c == '\n' || c == '\r' || c == m_options.delimiter) {
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
    qsizetype from = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '"') {
            out->append(text.sliced(from, i + 1 - from));
            out->append('"');
            from = i + 1;
        }
    }
    out->append(text.sliced(from));
    out->append('"');
}

} // namespace hookscope
