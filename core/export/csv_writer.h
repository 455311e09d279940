#pragma once

#include "flattener.h"

#include <QByteArray>
#include <QList>
#include <array>

namespace hookscope {

// RFC 4180 CSV: CRLF line ends, a field is quoted when it holds the delimiter, a quote, CR
// or LF (quotes doubled), UTF-8, optionally with a BOM so Excel reads it as UTF-8. The
// formula guard (on by default) puts a ' before a text cell starting with = + - @ tab or CR,
// which a spreadsheet would otherwise run as a formula (OWASP "CSV injection"); numbers
// and booleans are left alone since spreadsheets read them as values.
class CsvWriter
{
public:
    struct Options
    {
        char delimiter = ',';
        bool bom = false;
        bool formulaGuard = true;
    };

    explicit CsvWriter(const Options &options);

    void begin(const QList<QByteArray> &columns, QByteArray *out) const;
    // cells[i] is the cell of column i, or null for an empty one.
    void row(const QList<const FlatCell *> &cells, QByteArray *out) const;
    void field(QByteArrayView text, bool guard, QByteArray *out) const;

private:
    // Writes one field at p (room for 2 * size + 4 bytes); returns the end.
    char *write(QByteArrayView text, bool guard, char *p) const;

    Options m_options;
    // Which bytes force quoting, as a table: the scan sees every byte of every body.
    std::array<bool, 256> m_special;
};

} // namespace hookscope
