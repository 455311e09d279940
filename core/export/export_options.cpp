#include "export_options.h"

#include "field_predicate.h"
#include "value_path.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>
#include <cstdio>

namespace hookscope {

namespace {

struct SourceName
{
    const char *name;
    ExportOptions::Source source;
};
const SourceName sourceNames[] = {
    {"requests", ExportOptions::Source::Requests},
    {"events", ExportOptions::Source::Events},
    {"deliveries", ExportOptions::Source::Deliveries},
    {"records", ExportOptions::Source::Records},
};

struct FormatName
{
    const char *name;
    ExportOptions::Format format;
    const char *contentType;
    const char *extension;
};
const FormatName formatNames[] = {
    {"csv", ExportOptions::Format::Csv, "text/csv; charset=utf-8", "csv"},
    {"json", ExportOptions::Format::Json, "application/json", "json"},
    {"ndjson", ExportOptions::Format::Ndjson, "application/x-ndjson", "ndjson"},
    {"har", ExportOptions::Format::Har, "application/json", "har"},
};

const FormatName &formatEntry(ExportOptions::Format format)
{
    for (const FormatName &f : formatNames) {
        if (f.format == format)
            return f;
    }
    return formatNames[0];
}

const char *const deliveryStatuses[] = {"pending", "scheduled", "delivered", "failed", "cancelled"};

bool parseBool(const QString &text, bool *out)
{
    if (text == QLatin1String("true") || text == QLatin1String("1") || text.isEmpty()) {
        *out = true;
        return true;
    }
    if (text == QLatin1String("false") || text == QLatin1String("0")) {
        *out = false;
        return true;
    }
    return false;
}

int statusClass(const QString &status)
{
    if (status.size() == 3 && status.at(0) >= QLatin1Char('1') &&
        status.at(0) <= QLatin1Char('5') &&
        status.mid(1).compare(QLatin1String("xx"), Qt::CaseInsensitive) == 0)
        return status.at(0).unicode() - '0';
    return 0;
}

} // namespace

QString ExportOptions::sourceName(Source source)
{
    for (const SourceName &s : sourceNames) {
        if (s.source == source)
            return QLatin1String(s.name);
    }
    return {};
}

QString ExportOptions::formatName(Format format)
{
    return QLatin1String(formatEntry(format).name);
}

std::optional<ExportOptions::Source> ExportOptions::sourceFromName(const QString &name)
{
    for (const SourceName &s : sourceNames) {
        if (name == QLatin1String(s.name))
            return s.source;
    }
    return std::nullopt;
}

std::optional<ExportOptions::Format> ExportOptions::formatFromName(const QString &name)
{
    for (const FormatName &f : formatNames) {
        if (name == QLatin1String(f.name))
            return f.format;
    }
    return std::nullopt;
}

QString ExportOptions::contentType() const
{
    return QLatin1String(formatEntry(format).contentType);
}

QString ExportOptions::fileExtension() const
{
    return QLatin1String(formatEntry(format).extension);
}

const QStringList &ExportOptions::requestColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("received_at"),
        QStringLiteral("method"),
        QStringLiteral("path"),
        QStringLiteral("query"),
        QStringLiteral("status"),
        QStringLiteral("content_type"),
        QStringLiteral("body_size"),
        QStringLiteral("truncated"),
        QStringLiteral("event_type"),
        QStringLiteral("session_id"),
        QStringLiteral("endpoint"),
        QStringLiteral("remote_address"),
        QStringLiteral("remote_port"),
        QStringLiteral("signature"),
        QStringLiteral("headers"),
        QStringLiteral("body"),
        QStringLiteral("body_encoding"),
    };
    return columns;
}

qint64 ExportOptions::parseTime(const QString &text)
{
    const QString t = text.trimmed();
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid()) {
        const QDate date = QDate::fromString(t, Qt::ISODate);
        if (!date.isValid())
            return 0;
        dt = QDateTime(date, QTime(0, 0), Qt::UTC);
    } else if (dt.timeSpec() == Qt::LocalTime) {
        dt.setTimeSpec(Qt::UTC);
    }
    return dt.toMSecsSinceEpoch() * 1000;
}

QString ExportOptions::formatTime(qint64 us)
{
    return QString::fromLatin1(formatTimeUtf8(us));
}

QByteArray ExportOptions::formatTimeUtf8(qint64 us)
{
    // Microseconds, as stored, so two requests in the same millisecond keep their order.
    // Written by hand: QDateTime's formatting is a sizeable share of a requests export.
    qint64 seconds = us / 1000000;
    qint64 micros = us % 1000000;
    if (micros < 0) {
        micros += 1000000;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 secondOfDay = seconds % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        --days;
    }
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const qint64 day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yearOfEra + era * 400 + (month <= 2);
    char text[40];
    const int n = std::snprintf(
        text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ",
        static_cast<long long>(year), static_cast<long long>(month), static_cast<long long>(day),
        static_cast<long long>(secondOfDay / 3600), static_cast<long long>(secondOfDay / 60 % 60),
        static_cast<long long>(secondOfDay % 60), static_cast<long long>(micros));
    return QByteArray(text, n);
}

bool ExportOptions::validate(QString *error) const
{
    for (const QString &expression : where) {
        FieldPredicate predicate;
        if (!FieldPredicate::parse(expression, &predicate, error))
            return false;
    }
    ValuePath path;
    if (!ValuePath::parse(root, &path, error))
        return false;
    if (!explode.isEmpty() && (!ValuePath::parse(explode, &path, error) || path.hasWildcard())) {
        if (error->isEmpty() || path.hasWildcard())
            *error = QStringLiteral("--explode \"%1\": expected a path to an array, without []")
                         .arg(explode);
        return false;
    }
    if (!key.isEmpty() && (!ValuePath::parse(key, &path, error) || path.hasWildcard())) {
        if (path.hasWildcard())
            *error = QStringLiteral("--key \"%1\": expected a path to one value").arg(key);
        return false;
    }
    if (source != Source::Records) {
        if (!key.isEmpty() || root != QLatin1String("$")) {
            *error = QStringLiteral("--root and --key need --source records");
            return false;
        }
    }
    if (!endpoint.isEmpty() && !readsRequests()) {
        *error = QStringLiteral("--endpoint applies to requests");
        return false;
    }
    if (!subscription.isEmpty() && source != Source::Deliveries) {
        *error = QStringLiteral("--subscription applies to deliveries");
        return false;
    }
    if (!ids.isEmpty() && !readsRequests()) {
        *error = QStringLiteral("--ids applies to requests");
        return false;
    }
    if (format == Format::Har && (!columns.isEmpty() || !explode.isEmpty())) {
        *error = QStringLiteral("--columns and --explode do not apply to --format har");
        return false;
    }
    if (format == Format::Har && source != Source::Requests) {
        *error = QStringLiteral("--format har needs --source requests");
        return false;
    }
    if (source == Source::Requests) {
        for (const QString &column : columns) {
            if (!requestColumns().contains(column)) {
                *error = QStringLiteral("unknown column \"%1\" (requests have: %2)")
                             .arg(column, requestColumns().join(QLatin1Char(',')));
                return false;
            }
        }
    }
    for (const QString &column : columns) {
        if (column.trimmed().isEmpty()) {
            *error = QStringLiteral("--columns: empty column name");
            return false;
        }
    }
    if (!status.isEmpty()) {
        if (source == Source::Deliveries) {
            bool known = false;
            for (const char *s : deliveryStatuses)
                known = known || status == QLatin1String(s);
            if (!known) {
                *error = QStringLiteral("--status \"%1\": expected pending, scheduled, "
                                        "delivered, failed or cancelled")
                             .arg(status);
                return false;
            }
        } else if (readsRequests()) {
            if (statusClass(status) == 0) {
                *error = QStringLiteral("--status \"%1\": expected 1xx, 2xx, 3xx, 4xx or 5xx")
                             .arg(status);
                return false;
            }
        } else {
            *error = QStringLiteral("--status applies to requests and deliveries");
            return false;
        }
    }
    if (separator.isEmpty()) {
        *error = QStringLiteral("--separator must not be empty");
        return false;
    }
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == 0) {
        *error = QStringLiteral("--delimiter cannot be a quote or a line break");
        return false;
    }
    if (untilUs > 0 && sinceUs > 0 && untilUs <= sinceUs) {
        *error = QStringLiteral("--until must be after --since");
        return false;
    }
    return true;
}

RequestFilter ExportOptions::requestFilter() const
{
    RequestFilter f;
    f.text = search;
    if (!method.isEmpty()) {
        for (const QString &m : method.split(QLatin1Char(','), Qt::SkipEmptyParts))
            f.methods.append(m.trimmed().toUpper().toLatin1());
    }
    f.pathGlob = pathGlob;
    f.statusClass = statusClass(status);
    f.eventType = eventGlob;
    f.fromUs = sinceUs;
    f.toUs = untilUs;
    return f;
}

bool ExportOptions::setFromFileName(const QString &fileName, QString *error)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    const std::optional<Source> s = sourceFromName(fileName.left(dot));
    const std::optional<Format> f = dot > 0 ? formatFromName(fileName.mid(dot + 1)) : std::nullopt;
    if (!s || !f) {
        *error = QStringLiteral("expected {requests|events|deliveries|records}.{csv|json|ndjson"
                                "|har}, not \"%1\"")
                     .arg(fileName);
        return false;
    }
    source = *s;
    format = *f;
    return true;
}

std::optional<ExportOptions> ExportOptions::fromUrlQuery(const QUrlQuery &query, QString *error,
                                                         const QString &fileName)
{
    ExportOptions o;
    if (!fileName.isEmpty() && !o.setFromFileName(fileName, error))
        return std::nullopt;
    const auto value = [&](const char *key) {
        return query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
    };
    const auto has = [&](const char *key) { return query.hasQueryItem(QLatin1String(key)); };
    static const char *const known[] = {
        "source",    "format",    "from",   "root",         "key",     "since",
        "until",     "event",     "search", "endpoint",     "status",  "subscription",
        "method",    "path",      "ids",    "where",        "columns", "explode",
        "separator", "delimiter", "bom",    "formula-guard"};
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        bool ok = false;
        for (const char *k : known)
            ok = ok || item.first == QLatin1String(k);
        if (!ok) {
            *error = QStringLiteral("unknown parameter \"%1\"").arg(item.first);
            return std::nullopt;
        }
    }
    if (has("source")) {
        const std::optional<Source> s = sourceFromName(value("source"));
        if (!s) {
            *error = QStringLiteral("unknown source \"%1\"").arg(value("source"));
            return std::nullopt;
        }
        o.source = *s;
    }
    if (has("format")) {
        const std::optional<Format> f = formatFromName(value("format"));
        if (!f) {
            *error = QStringLiteral("unknown format \"%1\"").arg(value("format"));
            return std::nullopt;
        }
        o.format = *f;
    }
    if (has("from")) {
        if (value("from") == QLatin1String("events"))
            o.from = RecordsFrom::Events;
        else if (value("from") != QLatin1String("requests")) {
            *error = QStringLiteral("from: expected requests or events");
            return std::nullopt;
        }
    }
    if (has("root"))
        o.root = value("root");
    o.key = value("key");
    for (const char *timeKey : {"since", "until"}) {
        if (!has(timeKey))
            continue;
        const qint64 us = parseTime(value(timeKey));
        if (us <= 0) {
            *error = QStringLiteral("%1: expected an ISO 8601 date or time, not \"%2\"")
                         .arg(QLatin1String(timeKey), value(timeKey));
            return std::nullopt;
        }
        (qstrcmp(timeKey, "since") == 0 ? o.sinceUs : o.untilUs) = us;
    }
    o.eventGlob = value("event");
    o.search = value("search");
    o.endpoint = value("endpoint");
    o.status = value("status");
    o.subscription = value("subscription");
    o.method = value("method");
    o.pathGlob = value("path");
    for (const QString &id : value("ids").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        o.ids.append(id.trimmed().toLongLong(&ok));
        if (!ok || o.ids.constLast() <= 0) {
            *error = QStringLiteral("ids: expected request ids separated by commas");
            return std::nullopt;
        }
    }
    o.where = query.allQueryItemValues(QStringLiteral("where"), QUrl::FullyDecoded);
    for (const QString &c : value("columns").split(QLatin1Char(','), Qt::SkipEmptyParts))
        o.columns.append(c.trimmed());
    o.explode = value("explode");
    if (has("separator"))
        o.separator = value("separator");
    if (has("delimiter")) {
        const QString d = value("delimiter");
        if (d == QLatin1String("tab"))
            o.delimiter = '\t';
        else if (d.size() == 1 && d.at(0).unicode() < 128)
            o.delimiter = char(d.at(0).unicode());
        else {
            *error = QStringLiteral("delimiter: expected one ASCII character or tab");
            return std::nullopt;
        }
    }
    for (const auto &[flagKey, flag] :
         {std::pair{"bom", &o.bom}, std::pair{"formula-guard", &o.formulaGuard}}) {
        if (has(flagKey) && !parseBool(value(flagKey), flag)) {
            *error = QStringLiteral("%1: expected true or false").arg(QLatin1String(flagKey));
            return std::nullopt;
        }
    }
    if (!o.validate(error))
        return std::nullopt;
    return o;
}

QJsonObject ExportOptions::toJson() const
{
    const ExportOptions defaults;
    QJsonObject o;
    if (source == Source::Records) {
        o[QStringLiteral("from")] =
            from == RecordsFrom::Events ? QStringLiteral("events") : QStringLiteral("requests");
        o[QStringLiteral("root")] = root;
        if (!key.isEmpty())
            o[QStringLiteral("key")] = key;
    }
    if (sinceUs)
        o[QStringLiteral("since")] = formatTime(sinceUs);
    if (untilUs)
        o[QStringLiteral("until")] = formatTime(untilUs);
    const std::pair<const char *, const QString *> texts[] = {{"event", &eventGlob},
                                                              {"search", &search},
                                                              {"endpoint", &endpoint},
                                                              {"status", &status},
                                                              {"subscription", &subscription},
                                                              {"method", &method},
                                                              {"path", &pathGlob},
                                                              {"explode", &explode}};
    for (const auto &[name, text] : texts) {
        if (!text->isEmpty())
            o[QLatin1String(name)] = *text;
    }
    if (!ids.isEmpty()) {
        QJsonArray a;
        for (qint64 id : ids)
            a.append(id);
        o[QStringLiteral("ids")] = a;
    }
    if (!where.isEmpty())
        o[QStringLiteral("where")] = QJsonArray::fromStringList(where);
    if (format == Format::Csv) {
        if (separator != defaults.separator)
            o[QStringLiteral("separator")] = separator;
        if (delimiter != defaults.delimiter)
            o[QStringLiteral("delimiter")] = QString(QLatin1Char(delimiter));
        o[QStringLiteral("bom")] = bom;
        o[QStringLiteral("formulaGuard")] = formulaGuard;
    }
    return o;
}

} // namespace hookscope
