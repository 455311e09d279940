#include "export_command.h"

#include "command_line.h"
#include "exit_codes.h"
#include "export/exporter.h"
#include "store/database.h"
#include "store/export_log_store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <cstdio>

namespace hookscope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("export", text);
}

// Opens the data folder's database (migrating it, so the audit log table exists); exit code
// on failure.
std::optional<int> openDatabase(const CommandLine &cli, Database *db)
{
    if (!QFileInfo::exists(db->path()))
        return cli.fail(ExitFailure, QStringLiteral("no database at %1").arg(db->path()));
    if (!db->open() || !db->migrate())
        return cli.fail(ExitFailure,
                        QStringLiteral("cannot open %1: %2").arg(db->path(), db->lastError()));
    return std::nullopt;
}

} // namespace

int runExport(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("export"),
                    tr("Export captured requests, fired events, deliveries or records (JSON "
                       "objects from bodies) as CSV, JSON, NDJSON or HAR. Prints the rows "
                       "written and the file's SHA-256 to stderr; every export is recorded in "
                       "the audit log (hookscope exports)."));
    const QCommandLineOption source(QStringLiteral("source"),
                                    tr("requests (default), events, deliveries or records."),
                                    QStringLiteral("SOURCE"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  tr("records: take them from requests (default) or events."),
                                  QStringLiteral("SOURCE"));
    const QCommandLineOption root(QStringLiteral("root"),
                                  tr("records: the path of the object in each body "
                                     "(data.user; $ the whole body, default; data.items[] each "
                                     "element)."),
                                  QStringLiteral("PATH"));
    const QCommandLineOption key(QStringLiteral("key"),
                                 tr("records: keep only the latest record (by received time) "
                                    "per value of this field."),
                                 QStringLiteral("FIELD"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("csv (default), json, ndjson or har (requests)."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption since(QStringLiteral("since"),
                                   tr("Received / created at or after (ISO 8601, UTC unless "
                                      "it has an offset)."),
                                   QStringLiteral("TIME"));
    const QCommandLineOption until(QStringLiteral("until"), tr("Received / created before."),
                                   QStringLiteral("TIME"));
    const QCommandLineOption event(QStringLiteral("event"), tr("Event type glob (user.*)."),
                                   QStringLiteral("GLOB"));
    const QCommandLineOption search(QStringLiteral("search"),
                                    tr("Free text (requests: full-text search; records: also "
                                       "in the record itself)."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      tr("requests: glob on the endpoint rule's name."),
                                      QStringLiteral("GLOB"));
    const QCommandLineOption status(QStringLiteral("status"),
                                    tr("requests: 2xx..5xx; deliveries: pending, scheduled, "
                                       "delivered, failed or cancelled."),
                                    QStringLiteral("STATUS"));
    const QCommandLineOption subscription(QStringLiteral("subscription"),
                                          tr("deliveries: subscription id or name glob."),
                                          QStringLiteral("ID|GLOB"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    tr("requests: methods, comma-separated."),
                                    QStringLiteral("METHODS"));
    const QCommandLineOption path(QStringLiteral("path"), tr("requests: path prefix or glob."),
                                  QStringLiteral("GLOB"));
    const QCommandLineOption ids(QStringLiteral("ids"), tr("requests: only these ids."),
                                 QStringLiteral("ID,ID"));
    const QCommandLineOption where(
        QStringLiteral("where"),
        tr("A condition on each row or record, repeatable: \"FIELD OP VALUE\" with = != < <= > "
           ">= contains !contains, or \"FIELD exists\" / \"FIELD !exists\"; tags[].name for any "
           "element."),
        QStringLiteral("EXPR"));
    const QCommandLineOption columns(QStringLiteral("columns"),
                                     tr("Columns in this order (default: every flattened key, "
                                        "first seen first)."),
                                     QStringLiteral("A,B,C"));
    const QCommandLineOption explode(QStringLiteral("explode"),
                                     tr("One row per element of the array at this path."),
                                     QStringLiteral("PATH"));
    const QCommandLineOption separator(QStringLiteral("separator"),
                                       tr("Joins arrays of scalars in one cell (default ;)."),
                                       QStringLiteral("TEXT"));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"),
                                       tr("CSV field delimiter: one character or tab (default ,)."),
                                       QStringLiteral("CHAR"));
    const QCommandLineOption bom(QStringLiteral("bom"),
                                 tr("Start the CSV with a UTF-8 byte order mark (Excel)."));
    const QCommandLineOption noGuard(
        QStringLiteral("no-formula-guard"),
        tr("Do not prefix text cells starting with = + - @ with ' (CSV formula injection guard)."));
    const QCommandLineOption out(QStringLiteral("out"),
                                 tr("The file to write (replaced only when the export "
                                    "completes); - for stdout (default)."),
                                 QStringLiteral("FILE"));
    cli.parser().addOptions({source,    from,      root,   key,      format,  since,
                             until,     event,     search, endpoint, status,  subscription,
                             method,    path,      ids,    where,    columns, explode,
                             separator, delimiter, bom,    noGuard,  out});
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    const QCommandLineParser &p = cli.parser();

    // The command line is the URL query's twin: one parser and one set of checks for both.
    QUrlQuery query;
    const QCommandLineOption *const valued[] = {
        &source, &from,    &root,     &key,       &format,       &since,  &until,
        &event,  &search,  &endpoint, &status,    &subscription, &method, &path,
        &ids,    &columns, &explode,  &separator, &delimiter};
    for (const QCommandLineOption *option : valued) {
        if (p.isSet(*option))
            query.addQueryItem(option->names().constFirst(), p.value(*option));
    }
    for (const QString &expression : p.values(where))
        query.addQueryItem(QStringLiteral("where"), expression);
    if (p.isSet(bom))
        query.addQueryItem(QStringLiteral("bom"), QStringLiteral("true"));
    if (p.isSet(noGuard))
        query.addQueryItem(QStringLiteral("formula-guard"), QStringLiteral("false"));
    QString error;
    const std::optional<ExportOptions> options = ExportOptions::fromUrlQuery(query, &error);
    if (!options)
        return cli.usageError(error);

    Database db(Database::fileIn(cli.dataDir()), QStringLiteral("export"));
    if (const std::optional<int> exit = openDatabase(cli, &db))
        return *exit;
    const QString target = p.isSet(out) ? p.value(out) : QStringLiteral("-");
    ExportResult result;
    if (target == QLatin1String("-")) {
        result = Exporter::exportToSink(
            db.connection(), *options,
            [](QByteArrayView chunk) {
                return std::fwrite(chunk.constData(), 1, size_t(chunk.size()), stdout) ==
                       size_t(chunk.size());
            },
            QStringLiteral("-"), QStringLiteral("cli"));
        std::fflush(stdout);
    } else {
        result = Exporter::exportToFile(db.connection(), *options, target, QStringLiteral("cli"));
    }
    if (!result.ok()) {
        return cli.fail(result.status == ExportResult::Status::BadInput ? ExitUsage : ExitFailure,
                        result.error);
    }
    QString summary = QStringLiteral("%1 rows written, sha256 %2")
                          .arg(result.rows)
                          .arg(QString::fromLatin1(result.sha256));
    if (target != QLatin1String("-"))
        summary += QStringLiteral(", %1").arg(QFileInfo(target).absoluteFilePath());
    if (result.skipped > 0)
        summary += QStringLiteral(" (%1 source rows had no record at %2%3)")
                       .arg(result.skipped)
                       .arg(options->root, options->key.isEmpty()
                                               ? QString()
                                               : QStringLiteral(" or no key ") + options->key);
    std::fprintf(stderr, "%s\n", qPrintable(summary));
    return ExitOk;
}

int runExports(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("exports"),
                    tr("List the export audit log, newest first: when, from where, what, how "
                       "many rows, the file and its SHA-256."));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   tr("Show at most N (default 50; 0 all)."), QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the entries as JSON."));
    const QCommandLineOption check(QStringLiteral("check"),
                                   tr("Hash this file and show the logged exports it is (exit 1 "
                                      "when none)."),
                                   QStringLiteral("FILE"));
    cli.parser().addOptions({limit, json, check});
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    const QCommandLineParser &p = cli.parser();
    int max = 50;
    if (p.isSet(limit)) {
        bool ok = false;
        max = p.value(limit).toInt(&ok);
        if (!ok || max < 0)
            return cli.usageError(QStringLiteral("--limit: expected a count, 0 or more"));
    }
    QByteArray fileHash;
    if (p.isSet(check)) {
        QFile file(p.value(check));
        if (!file.open(QIODevice::ReadOnly))
            return cli.usageError(
                QStringLiteral("cannot read %1: %2").arg(p.value(check), file.errorString()));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&file);
        fileHash = hash.result().toHex();
        max = 0;
    }

    Database db(Database::fileIn(cli.dataDir()), QStringLiteral("exports"));
    if (const std::optional<int> exit = openDatabase(cli, &db))
        return *exit;
    ExportLogStore log(db.connection());
    QList<ExportLogEntry> entries = log.latest(max);
    if (!log.lastError().isEmpty())
        return cli.fail(ExitFailure, log.lastError());
    if (!fileHash.isEmpty())
        entries.removeIf([&](const ExportLogEntry &e) { return e.sha256.toLatin1() != fileHash; });

    QByteArray text;
    const auto localTime = [](qint64 us) {
        return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(Qt::ISODate);
    };
    if (p.isSet(json)) {
        QJsonArray array;
        for (const ExportLogEntry &e : std::as_const(entries)) {
            array.append(QJsonObject{
                {QStringLiteral("id"), e.id},
                {QStringLiteral("startedAt"), ExportOptions::formatTime(e.startedUs)},
                {QStringLiteral("finishedAt"), ExportOptions::formatTime(e.finishedUs)},
                {QStringLiteral("origin"), e.origin},
                {QStringLiteral("source"), e.source},
                {QStringLiteral("format"), e.format},
                {QStringLiteral("options"), QJsonDocument::fromJson(e.options.toUtf8()).object()},
                {QStringLiteral("columns"), QJsonArray::fromStringList(e.columns)},
                {QStringLiteral("rows"), e.rows},
                {QStringLiteral("bytes"), e.bytes},
                {QStringLiteral("path"), e.path},
                {QStringLiteral("sha256"), e.sha256},
                {QStringLiteral("status"), e.status},
                {QStringLiteral("error"), e.error},
            });
        }
        text = QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        for (const ExportLogEntry &e : std::as_const(entries)) {
            QString line =
                QStringLiteral("%1  %2  %3  %4.%5  %6 rows  %7")
                    .arg(e.id, 4)
                    .arg(localTime(e.startedUs), e.origin.leftJustified(3), e.source, e.format)
                    .arg(e.rows)
                    .arg(e.status);
            if (!e.sha256.isEmpty())
                line += QStringLiteral("  sha256 ") + e.sha256;
            line += QStringLiteral("  ") + e.path;
            if (!e.error.isEmpty())
                line += QStringLiteral("  (") + e.error + QLatin1Char(')');
            line += QStringLiteral("\n      options ") + e.options + QLatin1Char('\n');
            text += line.toUtf8();
        }
    }
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    if (!fileHash.isEmpty() && entries.isEmpty()) {
        std::fprintf(stderr, "hookscope exports: %s (sha256 %s) is no logged export\n",
                     qPrintable(p.value(check)), fileHash.constData());
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace hookscope
