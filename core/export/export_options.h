#pragma once

#include "store/request_filter.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class QUrlQuery;

namespace hookscope {

// Everything an export run needs to know, from the command line, the API's query string or
// the Exports pane. Names (sources, formats, query keys) match the CLI options.
struct ExportOptions
{
    enum class Source
    {
        Requests,
        Events,
        Deliveries,
        Records
    };
    enum class Format
    {
        Csv,
        Json,
        Ndjson,
        Har
    };
    enum class RecordsFrom
    {
        Requests,
        Events
    };

    Source source = Source::Requests;
    Format format = Format::Csv;
    // records: the JSON objects at root (`data.user`, `$` for the whole body; `[]` for each
    // element of an array) of request bodies or event envelopes, collapsed to the latest per
    // key when key is set.
    RecordsFrom from = RecordsFrom::Requests;
    QString root = QStringLiteral("$");
    QString key;

    qint64 sinceUs = 0; // received / created at or after
    qint64 untilUs = 0; // before
    QString eventGlob;
    QString search;
    QString endpoint;     // requests: glob on the endpoint rule's name
    QString status;       // requests: 2xx..5xx; deliveries: pending, delivered, ...
    QString subscription; // deliveries: id or name glob
    QString method;       // requests
    QString pathGlob;     // requests
    QList<qint64> ids;    // requests / records from requests: only these
    QStringList where;

    QStringList columns; // empty: every flattened key, first seen first
    QString explode;
    QString separator = QStringLiteral(";"); // arrays of scalars in one cell
    char delimiter = ',';
    bool bom = false;
    bool formulaGuard = true;

    // Parses `--where`, paths, names and combinations; false with a one-line *error.
    bool validate(QString *error) const;
    // The requests filter, as the inspector's list applies it.
    RequestFilter requestFilter() const;
    bool readsRequests() const
    {
        return source == Source::Requests ||
               (source == Source::Records && from == RecordsFrom::Requests);
    }

    // The API: GET /api/export/{source}.{format}?since=...&where=...&columns=a,b. fileName is
    // the last path segment ("records.csv"); query keys are the CLI option names (where may
    // repeat). Validated; std::nullopt with *error (for a 400) when something is wrong.
    static std::optional<ExportOptions> fromUrlQuery(const QUrlQuery &query, QString *error,
                                                     const QString &fileName = {});
    // "records.csv" -> source and format.
    bool setFromFileName(const QString &fileName, QString *error);
    // What the audit log keeps: every option that differs from the default.
    QJsonObject toJson() const;
    QString contentType() const;
    QString fileExtension() const;

    static QString sourceName(Source source);
    static QString formatName(Format format);
    static std::optional<Source> sourceFromName(const QString &name);
    static std::optional<Format> formatFromName(const QString &name);
    // ISO 8601 date or date-time; without an offset it is UTC. 0 on failure.
    static qint64 parseTime(const QString &text);
    static QString formatTime(qint64 us); // 2025-01-31T12:00:00.123456Z
    static QByteArray formatTimeUtf8(qint64 us);
    // The fixed columns of the requests source, in order.
    static const QStringList &requestColumns();
};

} // namespace hookscope
