#include "exporter.h"

#include "csv_writer.h"
#include "export_value.h"
#include "field_predicate.h"
#include "flattener.h"
#include "har_writer.h"
#include "sha256_stream.h"
#include "store/export_log_store.h"
#include "store/export_source_store.h"
#include "store/latest_record_table.h"
#include "value_path.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QIODevice>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace hookscope {

namespace {

constexpr qsizetype ChunkSize = 256 * 1024;
constexpr int ProgressEvery = 1024;
constexpr int PreviewKeyScan = 500;

// Header, path and query bytes are not always UTF-8; text cells are, so other bytes are read
// as Latin-1 (nothing vanishes).
QByteArray textOf(const QByteArray &bytes)
{
    return ExportValue::isUtf8(bytes) ? bytes : QString::fromLatin1(bytes).toUtf8();
}

// Shell-style glob with * and ? (endpoint names).
bool globMatch(QStringView pattern, QStringView text)
{
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == QLatin1Char('?') || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

QByteArray timeText(qint64 us)
{
    return us > 0 ? ExportOptions::formatTimeUtf8(us) : QByteArray();
}

ExportValue timeValue(qint64 us)
{
    ExportValue v;
    if (us > 0)
        v = ExportValue::string(timeText(us));
    return v;
}

// The stored "Name: value\r\n" lines as one cell, a line per header.
QByteArray headerLines(const QByteArray &raw)
{
    const QByteArray text = textOf(raw);
    QByteArray lines;
    lines.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != '\r' || i + 1 >= text.size() || text[i + 1] != '\n')
            lines.append(text[i]);
    }
    if (lines.endsWith('\n'))
        lines.chop(1);
    return lines;
}

ExportValue parsedOrText(const QByteArray &bytes)
{
    ExportValue v;
    if (ExportValue::parse(bytes, &v))
        return v;
    return ExportValue::string(textOf(bytes));
}

const char *const signatureNames[] = {"", "valid", "invalid"};

// Buffers output, hands it to the sink in chunks and hashes exactly what it handed over.
class Output
{
public:
    explicit Output(const Exporter::Sink &sink) : m_sink(sink)
    {
        m_buffer.reserve(ChunkSize + 64 * 1024);
    }
    QByteArray *buffer() { return &m_buffer; }
    bool maybeFlush() { return m_buffer.size() < ChunkSize || flush(); }
    bool flush()
    {
        if (m_buffer.isEmpty())
            return true;
        m_hash.addData(m_buffer);
        m_bytes += m_buffer.size();
        const bool ok = m_sink(m_buffer);
        m_buffer.clear();
        return ok;
    }
    qint64 bytes() const { return m_bytes; }
    QByteArray hex() const { return m_hash.hex(); }

private:
    const Exporter::Sink &m_sink;
    Sha256Stream m_hash;
    QByteArray m_buffer;
    qint64 m_bytes = 0;
};

} // namespace

struct Exporter::Private
{
    explicit Private(const QSqlDatabase &database, const ExportOptions &options)
        : db(database), o(options), store(database), flattener(options.separator.toUtf8())
    {}

    QSqlDatabase db;
    ExportOptions o;
    ExportSourceStore store;
    Flattener flattener;
    QList<FieldPredicate> predicates;
    ValuePath root;
    ValuePath key;
    ValuePath explode;
    QList<QByteArray> columnNames;
    QList<ValuePath> columnPaths;
    QList<bool> columnHasPath;
    QStringList searchWords;
    bool compiled = false;

    QList<qint64> ids;
    bool idsLoaded = false;
    std::unique_ptr<LatestRecordTable> latest;
    bool collapsed = false;

    const std::atomic<bool> *cancel = nullptr;
    Progress progress;
    qint64 done = 0;
    qint64 total = 0;
    qint64 skipped = 0;
    int pass = 0; // skipped counts in the first pass only
    ExportResult::Status failStatus = ExportResult::Status::Failed;
    QString error;

    bool compile();
    void setColumns(const QList<QByteArray> &names);
    bool cancelled()
    {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            failStatus = ExportResult::Status::Cancelled;
            error = QStringLiteral("cancelled");
            return true;
        }
        return false;
    }
    void tick()
    {
        ++done;
        if (progress && done % ProgressEvery == 0)
            progress(done, qMax(done, total));
    }
    bool fail(const QString &message, ExportResult::Status status = ExportResult::Status::Failed)
    {
        error = message;
        failStatus = status;
        return false;
    }
    qint64 sourceCount();
    // No filter in SQL: one sequential scan instead of an id list and a lookup per row.
    bool scanAll() const { return o.requestFilter().isEmpty() && o.ids.isEmpty(); }

    using RequestVisit = std::function<bool(const StoredRequest &, const QByteArray &rawHeaders,
                                            const QByteArray &)>;
    bool forEachRequest(bool decodeHeaders, const RequestVisit &visit);
    using RecordVisit = std::function<bool(ExportValue &&record, qint64 order, qint64 tie)>;
    bool forEachSourceRecord(const RecordVisit &visit);
    using RowVisit = std::function<bool(const ExportValue &row)>;
    bool forEachRow(const RowVisit &visit);
    bool emitRecord(const ExportValue &record, const RowVisit &visit);
    bool matchesSearch(const ExportValue &record) const;

    static void requestCells(const StoredRequest &r, const QByteArray &rawHeaders,
                             const QByteArray &contentType, FlatRow *cells);
    static ExportValue requestRow(const StoredRequest &r, const QByteArray &rawHeaders,
                                  const QByteArray &contentType);
    static ExportValue eventRow(const ExportedEvent &e);
    static ExportValue deliveryRow(const ExportedDelivery &d);
};

bool Exporter::Private::compile()
{
    if (compiled)
        return true;
    QString message;
    if (!o.validate(&message))
        return fail(message, ExportResult::Status::BadInput);
    for (const QString &expression : o.where) {
        FieldPredicate p;
        FieldPredicate::parse(expression, &p, &message);
        predicates.append(p);
    }
    ValuePath::parse(o.root, &root, &message);
    if (!o.key.isEmpty())
        ValuePath::parse(o.key, &key, &message);
    if (!o.explode.isEmpty())
        ValuePath::parse(o.explode, &explode, &message);
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    if (o.source == ExportOptions::Source::Records)
        searchWords = o.search.toCaseFolded().split(whitespace, Qt::SkipEmptyParts);
    QList<QByteArray> names;
    for (const QString &c : o.columns)
        names.append(c.trimmed().toUtf8());
    setColumns(names);
    compiled = true;
    return true;
}

void Exporter::Private::setColumns(const QList<QByteArray> &names)
{
    columnNames = names;
    columnPaths.clear();
    columnHasPath.clear();
    for (const QByteArray &name : names) {
        ValuePath path;
        QString ignored;
        const bool ok = ValuePath::parse(QString::fromUtf8(name), &path, &ignored) &&
                        !path.isRoot() && !path.hasWildcard();
        columnPaths.append(path);
        columnHasPath.append(ok);
    }
}

qint64 Exporter::Private::sourceCount()
{
    if (o.readsRequests() && scanAll()) {
        const qint64 n = store.countRequests();
        if (n < 0)
            fail(store.lastError());
        return n;
    }
    if (o.readsRequests()) {
        if (!idsLoaded) {
            if (!store.requestIds(o.requestFilter(), o.ids, &ids)) {
                fail(store.lastError());
                return -1;
            }
            idsLoaded = true;
        }
        return ids.size();
    }
    if (o.source == ExportOptions::Source::Deliveries) {
        DeliveryFilter f{o.sinceUs, o.untilUs, o.eventGlob, o.status, o.subscription};
        const qint64 n = store.countDeliveries(f);
        if (n < 0)
            fail(store.lastError());
        return n;
    }
    EventFilter f{o.sinceUs, o.untilUs, o.eventGlob, o.search};
    const qint64 n = store.countEvents(f);
    if (n < 0)
        fail(store.lastError());
    return n;
}

bool Exporter::Private::forEachRequest(bool decodeHeaders, const RequestVisit &visit)
{
    if (sourceCount() < 0)
        return false;
    if (scanAll()) {
        bool stopped = false;
        const bool ok = store.eachRequest([&](const StoredRequest &r, const QByteArray &rawHeaders,
                                              const QByteArray &contentType) {
            if (cancelled())
                return !(stopped = true);
            tick();
            if (!o.endpoint.isEmpty() && !globMatch(o.endpoint, r.endpointName))
                return true;
            if (!decodeHeaders)
                return visit(r, rawHeaders, contentType);
            StoredRequest decoded = r;
            decoded.headers = StoredRequest::decodeHeaders(rawHeaders);
            return visit(decoded, rawHeaders, contentType);
        });
        if (!ok)
            return fail(store.lastError());
        return !stopped;
    }
    StoredRequest request;
    QByteArray rawHeaders;
    QByteArray contentType;
    for (qint64 id : std::as_const(ids)) {
        if (cancelled())
            return false;
        tick();
        if (!store.fetchRequest(id, &request, decodeHeaders ? nullptr : &rawHeaders,
                                &contentType)) {
            // Deleted since the id list was read (the inspector, retention): not exported.
            continue;
        }
        if (!o.endpoint.isEmpty() && !globMatch(o.endpoint, request.endpointName))
            continue;
        if (decodeHeaders)
            rawHeaders = StoredRequest::encodeHeaders(request.headers);
        if (!visit(request, rawHeaders, contentType))
            return true;
    }
    return true;
}

void Exporter::Private::requestCells(const StoredRequest &r, const QByteArray &rawHeaders,
                                     const QByteArray &contentType, FlatRow *cells)
{
    using Type = ExportValue::Type;
    const bool utf8 = ExportValue::isUtf8(r.body);
    // In the order of ExportOptions::requestColumns().
    const std::pair<QByteArray, Type> values[] = {
        {QByteArray::number(r.id), Type::Number},
        {timeText(r.receivedUs), Type::String},
        {textOf(r.method), Type::String},
        {textOf(r.path), Type::String},
        {textOf(r.query), Type::String},
        {QByteArray::number(r.responseStatus), Type::Number},
        {textOf(contentType), Type::String},
        {QByteArray::number(r.bodySize), Type::Number},
        {r.truncated ? QByteArrayLiteral("true") : QByteArrayLiteral("false"), Type::Bool},
        {r.eventType.toUtf8(), Type::String},
        {r.sessionId.toUtf8(), Type::String},
        {r.endpointName.toUtf8(), Type::String},
        {r.remoteAddress.toUtf8(), Type::String},
        {QByteArray::number(r.remotePort), Type::Number},
        {QByteArray(signatureNames[int(r.verification)]), Type::String},
        {headerLines(rawHeaders), Type::String},
        {utf8 ? r.body : r.body.toBase64(), Type::String},
        {utf8 ? QByteArray() : QByteArrayLiteral("base64"), Type::String},
    };
    const QStringList &names = ExportOptions::requestColumns();
    if (cells->size() != names.size()) {
        cells->resize(names.size());
        for (qsizetype i = 0; i < names.size(); ++i)
            (*cells)[i].column = names.at(i).toUtf8();
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        (*cells)[i].text = values[i].first;
        (*cells)[i].type = values[i].second;
    }
}

ExportValue Exporter::Private::requestRow(const StoredRequest &r, const QByteArray &rawHeaders,
                                          const QByteArray &contentType)
{
    // The same cells as the CSV fast path, as a tree for --where and JSON.
    FlatRow cells;
    requestCells(r, rawHeaders, contentType, &cells);
    ExportValue row = ExportValue::object();
    row.children.reserve(size_t(cells.size()));
    for (const FlatCell &cell : std::as_const(cells)) {
        ExportValue v;
        v.type = cell.type;
        v.text = cell.text;
        // An empty time is null (no such moment), as before.
        if (cell.type == ExportValue::Type::String && cell.text.isEmpty() &&
            cell.column == "received_at")
            v.type = ExportValue::Type::Null;
        row.add(cell.column, std::move(v));
    }
    return row;
}

ExportValue Exporter::Private::eventRow(const ExportedEvent &e)
{
    ExportValue row = ExportValue::object();
    row.add(QByteArrayLiteral("id"), ExportValue::string(e.uid));
    row.add(QByteArrayLiteral("type"), ExportValue::string(e.type));
    row.add(QByteArrayLiteral("created_at"), timeValue(e.createdUs));
    row.add(QByteArrayLiteral("source"), ExportValue::string(e.source));
    row.add(QByteArrayLiteral("data"), parsedOrText(e.data));
    return row;
}

ExportValue Exporter::Private::deliveryRow(const ExportedDelivery &d)
{
    ExportValue row = ExportValue::object();
    row.add(QByteArrayLiteral("id"), ExportValue::number(d.id));
    row.add(QByteArrayLiteral("event_id"), ExportValue::string(d.eventUid));
    row.add(QByteArrayLiteral("event_type"), ExportValue::string(d.eventType));
    row.add(QByteArrayLiteral("subscription_id"), ExportValue::number(d.subscriptionId));
    row.add(QByteArrayLiteral("subscription"), ExportValue::string(d.subscriptionName));
    row.add(QByteArrayLiteral("url"), ExportValue::string(d.subscriptionUrl));
    row.add(QByteArrayLiteral("status"), ExportValue::string(d.status));
    row.add(QByteArrayLiteral("attempt_count"), ExportValue::number(d.attempts));
    row.add(QByteArrayLiteral("last_status"), ExportValue::number(d.lastStatus));
    row.add(QByteArrayLiteral("last_error"), ExportValue::string(d.lastError));
    row.add(QByteArrayLiteral("last_duration_us"), ExportValue::number(d.lastDurationUs));
    row.add(QByteArrayLiteral("next_attempt_at"), d.status == "pending" || d.status == "scheduled"
                                                      ? timeValue(d.nextAttemptUs)
                                                      : ExportValue());
    row.add(QByteArrayLiteral("created_at"), timeValue(d.createdUs));
    row.add(QByteArrayLiteral("updated_at"), timeValue(d.updatedUs));
    row.add(QByteArrayLiteral("completed_at"), timeValue(d.completedUs));
    ExportValue attempts = ExportValue::array();
    for (const ExportedAttempt &a : d.attemptLog) {
        ExportValue t = ExportValue::object();
        t.add(QByteArrayLiteral("attempt"), ExportValue::number(a.attempt));
        t.add(QByteArrayLiteral("started_at"), timeValue(a.startedUs));
        t.add(QByteArrayLiteral("duration_us"), ExportValue::number(a.durationUs));
        t.add(QByteArrayLiteral("url"), ExportValue::string(a.url));
        t.add(QByteArrayLiteral("response_status"), ExportValue::number(a.responseStatus));
        t.add(QByteArrayLiteral("error"), ExportValue::string(a.error));
        t.add(QByteArrayLiteral("request_headers"),
              ExportValue::string(headerLines(a.requestHeaders)));
        t.add(QByteArrayLiteral("request_body"), ExportValue::string(textOf(a.requestBody)));
        t.add(QByteArrayLiteral("response_headers"),
              ExportValue::string(headerLines(a.responseHeaders)));
        t.add(QByteArrayLiteral("response_body"), ExportValue::string(textOf(a.responseBody)));
        attempts.children.push_back({QByteArray(), std::move(t)});
    }
    row.add(QByteArrayLiteral("attempts"), std::move(attempts));
    return row;
}

bool Exporter::Private::matchesSearch(const ExportValue &record) const
{
    if (searchWords.isEmpty())
        return true;
    const QString text = QString::fromUtf8(record.toJson()).toCaseFolded();
    for (const QString &word : searchWords) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

bool Exporter::Private::forEachSourceRecord(const RecordVisit &visit)
{
    const bool records = o.source == ExportOptions::Source::Records;
    // Records: the values at the root of a body / event, each a record of its own.
    const auto emitRecords = [&](ExportValue &row, qint64 order, qint64 tie) {
        if (!root.hasWildcard()) {
            // One record: moved out of the row, never copied.
            ExportValue *record = root.find(row);
            if (!record || record->isNull()) {
                skipped += pass == 1;
                return true;
            }
            if (!matchesSearch(*record))
                return true;
            return visit(std::move(*record), order, tie);
        }
        bool found = false;
        bool more = true;
        root.resolve(row, [&](const ExportValue &record) {
            if (!more || record.isNull())
                return;
            found = true;
            if (matchesSearch(record))
                more = visit(ExportValue(record), order, tie);
        });
        if (!found && pass == 1)
            ++skipped;
        return more;
    };
    if (o.readsRequests()) {
        return forEachRequest(false, [&](const StoredRequest &r, const QByteArray &rawHeaders,
                                         const QByteArray &contentType) {
            if (!records)
                return visit(requestRow(r, rawHeaders, contentType), r.receivedUs, r.id);
            ExportValue body;
            if (!ExportValue::parse(r.body, &body)) {
                skipped += pass == 1;
                return true;
            }
            return emitRecords(body, r.receivedUs, r.id);
        });
    }
    if (sourceCount() < 0)
        return false;
    bool stopped = false;
    bool ok = true;
    if (o.source == ExportOptions::Source::Deliveries) {
        DeliveryFilter f{o.sinceUs, o.untilUs, o.eventGlob, o.status, o.subscription};
        ok = store.eachDelivery(f, [&](const ExportedDelivery &d) {
            if (cancelled())
                return !(stopped = true);
            tick();
            return visit(deliveryRow(d), d.createdUs, d.id);
        });
    } else {
        EventFilter f{o.sinceUs, o.untilUs, o.eventGlob, o.search};
        ok = store.eachEvent(f, [&](const ExportedEvent &e) {
            if (cancelled())
                return !(stopped = true);
            tick();
            ExportValue row = eventRow(e);
            if (!records)
                return visit(std::move(row), e.createdUs, e.id);
            return emitRecords(row, e.createdUs, e.id);
        });
    }
    if (!ok)
        return fail(store.lastError());
    return !stopped && error.isEmpty();
}

bool Exporter::Private::emitRecord(const ExportValue &record, const RowVisit &visit)
{
    for (const FieldPredicate &p : std::as_const(predicates)) {
        if (!p.matches(record))
            return true;
    }
    if (explode.isRoot())
        return visit(record);
    for (const ExportValue &row : Flattener::explode(record, explode)) {
        if (!visit(row))
            return false;
    }
    return true;
}

bool Exporter::Private::forEachRow(const RowVisit &visit)
{
    ++pass;
    if (key.isRoot())
        return forEachSourceRecord([&](ExportValue &&record, qint64, qint64) {
                   return emitRecord(record, visit);
               }) &&
               error.isEmpty();
    if (!collapsed) {
        // Latest per key first (filters then apply to each entity's latest state).
        latest = std::make_unique<LatestRecordTable>(db);
        if (!latest->create())
            return fail(latest->lastError());
        const bool ok = forEachSourceRecord([&](ExportValue &&record, qint64 order, qint64 tie) {
            const ExportValue *k = key.find(record);
            if (!k || k->isNull() || k->isContainer()) {
                ++skipped;
                return true;
            }
            if (!latest->put(k->text, order, tie, record.toJson()))
                return fail(latest->lastError());
            return true;
        });
        if (!ok)
            return false;
        collapsed = true;
    }
    const bool ok = latest->each([&](const QByteArray &json) {
        if (cancelled())
            return false;
        tick();
        ExportValue record;
        ExportValue::parse(json, &record);
        return emitRecord(record, visit);
    });
    if (!ok)
        return fail(latest->lastError());
    return error.isEmpty();
}

Exporter::Exporter(const QSqlDatabase &db, const ExportOptions &options)
    : d(std::make_unique<Private>(db, options))
{}

Exporter::~Exporter() = default;

ExportResult Exporter::run(QIODevice *device, const std::atomic<bool> *cancel,
                           const Progress &progress)
{
    return run(
        [device](QByteArrayView chunk) {
            return device->write(chunk.constData(), chunk.size()) == chunk.size();
        },
        cancel, progress);
}

ExportResult Exporter::run(const Sink &sink, const std::atomic<bool> *cancel,
                           const Progress &progress)
{
    ExportResult result;
    const auto finish = [&](Output *out) {
        result.skipped = d->skipped;
        if (out) {
            result.bytes = out->bytes();
            result.sha256 = out->hex();
        }
        // Done is done: the total was an estimate when --key collapsed rows.
        if (d->progress && result.ok())
            d->progress(d->done, d->done);
        return result;
    };
    const auto failed = [&](Output *out) {
        result.status = d->failStatus;
        result.error = d->error;
        return finish(out);
    };
    if (!d->compile())
        return failed(nullptr);
    d->cancel = cancel;
    d->progress = progress;
    d->done = 0;

    const ExportOptions &o = d->o;
    const bool csv = o.format == ExportOptions::Format::Csv;
    const bool fixedColumns = o.source == ExportOptions::Source::Requests;
    const bool prepass = csv && o.columns.isEmpty() && !fixedColumns;
    const qint64 sources = d->sourceCount();
    if (sources < 0)
        return failed(nullptr);
    d->total = sources * ((prepass ? 2 : 1) + (d->key.isRoot() ? 0 : 1));

    Output out(sink);
    QByteArray *buffer = out.buffer();
    bool sinkFailed = false;
    const auto flush = [&] {
        if (!out.maybeFlush()) {
            sinkFailed = true;
            d->fail(QStringLiteral("cannot write the output"));
            return false;
        }
        return true;
    };

    if (o.format == ExportOptions::Format::Har) {
        HarWriter har;
        har.begin(buffer);
        const bool ok =
            d->forEachRequest(true, [&](const StoredRequest &r, const QByteArray &rawHeaders,
                                        const QByteArray &contentType) {
                if (!d->predicates.isEmpty()) {
                    const ExportValue row = Private::requestRow(r, rawHeaders, contentType);
                    for (const FieldPredicate &p : std::as_const(d->predicates)) {
                        if (!p.matches(row))
                            return true;
                    }
                }
                har.entry(r, buffer);
                ++result.rows;
                return flush();
            });
        if (!ok || sinkFailed)
            return failed(&out);
        har.end(buffer);
        if (!out.flush()) {
            d->fail(QStringLiteral("cannot write the output"));
            return failed(&out);
        }
        return finish(&out);
    }

    // Columns: chosen, fixed (requests), or every flattened key in first-seen order, which
    // takes a pass of its own before the header can be written.
    if (csv && o.columns.isEmpty()) {
        QList<QByteArray> names;
        if (fixedColumns) {
            for (const QString &c : ExportOptions::requestColumns())
                names.append(c.toUtf8());
        } else {
            QHash<QByteArray, bool> known;
            const bool ok = d->forEachRow([&](const ExportValue &row) {
                for (const FlatCell &cell : d->flattener.flatten(row)) {
                    if (!known.contains(cell.column)) {
                        known.insert(cell.column, true);
                        names.append(cell.column);
                    }
                }
                return true;
            });
            if (!ok)
                return failed(nullptr);
        }
        d->setColumns(names);
    }
    for (const QByteArray &name : std::as_const(d->columnNames))
        result.columns.append(QString::fromUtf8(name));

    const bool chosen = !o.columns.isEmpty();
    const qsizetype columnCount = d->columnNames.size();
    QList<bool> seen(columnCount, fixedColumns || o.columns.isEmpty());
    QList<qsizetype> hints(columnCount, 0);
    for (qsizetype i = 0; i < columnCount; ++i)
        hints[i] = i;
    QList<const FlatCell *> cells(columnCount, nullptr);
    std::vector<FlatCell> extra;
    const CsvWriter writer(CsvWriter::Options{o.delimiter, o.bom, o.formulaGuard});
    const bool ndjson = o.format == ExportOptions::Format::Ndjson;

    if (csv)
        writer.begin(d->columnNames, buffer);
    else if (!ndjson)
        buffer->append('[');

    if (csv && fixedColumns && d->predicates.isEmpty() && d->explode.isRoot()) {
        // The hot path of a requests export: the fixed columns straight into cells, no row
        // tree and no flattening (the same cells as requestRow, which is built from them).
        QList<qsizetype> from(columnCount);
        for (qsizetype i = 0; i < columnCount; ++i)
            from[i] =
                ExportOptions::requestColumns().indexOf(QString::fromUtf8(d->columnNames.at(i)));
        FlatRow flat;
        const bool fastOk =
            d->forEachRequest(false, [&](const StoredRequest &r, const QByteArray &rawHeaders,
                                         const QByteArray &contentType) {
                Private::requestCells(r, rawHeaders, contentType, &flat);
                for (qsizetype i = 0; i < columnCount; ++i)
                    cells[i] = &flat.at(from.at(i));
                writer.row(cells, buffer);
                ++result.rows;
                return flush();
            });
        if (!fastOk || sinkFailed || !out.flush()) {
            if (d->error.isEmpty())
                d->fail(QStringLiteral("cannot write the output"));
            return failed(&out);
        }
        return finish(&out);
    }

    const bool ok = d->forEachRow([&](const ExportValue &row) {
        if (csv) {
            const FlatRow flat = d->flattener.flatten(row);
            extra.clear();
            extra.reserve(size_t(columnCount));
            for (qsizetype i = 0; i < columnCount; ++i) {
                const QByteArray &name = d->columnNames.at(i);
                const FlatCell *cell = nullptr;
                qsizetype h = hints.at(i);
                if (h < flat.size() && flat.at(h).column == name) {
                    cell = &flat.at(h);
                } else {
                    for (qsizetype j = 0; j < flat.size(); ++j) {
                        if (flat.at(j).column == name) {
                            cell = &flat.at(j);
                            hints[i] = j;
                            break;
                        }
                    }
                }
                if (!cell && chosen && d->columnHasPath.at(i)) {
                    // A chosen column naming an object or array: its JSON in one cell. (A
                    // detected column is a flattened key: `tags` from an empty array is empty
                    // where another record has tags.0.name.)
                    const ExportValue *v = d->columnPaths.at(i).find(row);
                    if (v && v->isContainer()) {
                        extra.push_back({name, v->toJson(), ExportValue::Type::String});
                        cell = &extra.back();
                    }
                }
                if (cell)
                    seen[i] = true;
                cells[i] = cell;
            }
            writer.row(cells, buffer);
        } else {
            if (!ndjson)
                buffer->append(result.rows > 0 ? ",\n" : "\n");
            if (columnCount == 0) {
                row.appendJson(buffer);
            } else {
                ExportValue picked = ExportValue::object();
                for (qsizetype i = 0; i < columnCount; ++i) {
                    const ExportValue *v =
                        d->columnHasPath.at(i) ? d->columnPaths.at(i).find(row) : nullptr;
                    if (v)
                        seen[i] = true;
                    picked.add(d->columnNames.at(i), v ? *v : ExportValue());
                }
                picked.appendJson(buffer);
            }
            if (ndjson)
                buffer->append('\n');
        }
        ++result.rows;
        return flush();
    });
    if (!ok || sinkFailed)
        return failed(&out);
    if (!csv && !ndjson)
        buffer->append(result.rows ? "\n]\n" : "]\n");
    if (!out.flush()) {
        d->fail(QStringLiteral("cannot write the output"));
        return failed(&out);
    }
    if (result.rows > 0) {
        for (qsizetype i = 0; i < columnCount; ++i) {
            if (!seen.at(i)) {
                d->fail(QStringLiteral("unknown column \"%1\": no exported row has it")
                            .arg(QString::fromUtf8(d->columnNames.at(i))),
                        ExportResult::Status::BadInput);
                return failed(&out);
            }
        }
    }
    return finish(&out);
}

Exporter::Preview Exporter::preview(int limit, const std::atomic<bool> *cancel)
{
    Preview preview;
    if (!d->compile()) {
        preview.error = d->error;
        return preview;
    }
    d->cancel = cancel;
    QList<FlatRow> rows;
    QList<QByteArray> names;
    QHash<QByteArray, bool> known;
    int scanned = 0;
    const bool ok = d->forEachRow([&](const ExportValue &row) {
        FlatRow flat = d->flattener.flatten(row);
        for (const FlatCell &cell : flat) {
            if (!known.contains(cell.column)) {
                known.insert(cell.column, true);
                names.append(cell.column);
            }
        }
        if (rows.size() < limit)
            rows.append(std::move(flat));
        return ++scanned < qMax(limit, PreviewKeyScan);
    });
    if (!ok) {
        preview.error = d->error;
        return preview;
    }
    const QList<QByteArray> shown = d->columnNames.isEmpty() ? names : d->columnNames;
    for (const QByteArray &name : shown)
        preview.columns.append(QString::fromUtf8(name));
    for (const QByteArray &name : std::as_const(names))
        preview.detected.append(QString::fromUtf8(name));
    for (const FlatRow &flat : std::as_const(rows)) {
        QStringList texts;
        for (const QByteArray &name : shown) {
            QString text;
            for (const FlatCell &cell : flat) {
                if (cell.column == name) {
                    text = QString::fromUtf8(cell.text);
                    break;
                }
            }
            texts.append(text);
        }
        preview.rows.append(texts);
    }
    return preview;
}

namespace {

ExportResult logged(const QSqlDatabase &db, const ExportOptions &options, ExportResult result,
                    const QString &target, const QString &origin, qint64 startedUs)
{
    ExportLogEntry entry;
    entry.startedUs = startedUs;
    entry.finishedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    entry.origin = origin;
    entry.source = ExportOptions::sourceName(options.source);
    entry.format = ExportOptions::formatName(options.format);
    entry.options =
        QString::fromUtf8(QJsonDocument(options.toJson()).toJson(QJsonDocument::Compact));
    entry.columns = result.columns;
    entry.rows = result.rows;
    entry.bytes = result.ok() ? result.bytes : 0;
    entry.path = target;
    entry.sha256 = result.ok() ? QString::fromLatin1(result.sha256) : QString();
    entry.status = result.ok()                                        ? QStringLiteral("completed")
                   : result.status == ExportResult::Status::Cancelled ? QStringLiteral("cancelled")
                                                                      : QStringLiteral("failed");
    entry.error = result.error;
    ExportLogStore log(db);
    if (!log.insert(&entry)) {
        if (result.ok()) {
            result.status = ExportResult::Status::Failed;
            result.error = QStringLiteral("exported, but the audit log could not be written: %1")
                               .arg(log.lastError());
        }
        return result;
    }
    result.auditId = entry.id;
    return result;
}

} // namespace

ExportResult Exporter::exportToFile(const QSqlDatabase &db, const ExportOptions &options,
                                    const QString &path, const QString &origin,
                                    const std::atomic<bool> *cancel, const Progress &progress)
{
    const qint64 startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    Exporter exporter(db, options);
    QString error;
    if (!options.validate(&error))
        return ExportResult::rejected(error);
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QSaveFile file(absolute);
    if (!file.open(QIODevice::WriteOnly)) {
        return ExportResult::rejected(
            QStringLiteral("cannot write %1: %2").arg(absolute, file.errorString()));
    }
    ExportResult result = exporter.run(&file, cancel, progress);
    if (result.ok() && !file.commit()) {
        result.status = ExportResult::Status::Failed;
        result.error = QStringLiteral("cannot write %1: %2").arg(absolute, file.errorString());
    } else if (!result.ok()) {
        file.cancelWriting();
    }
    return logged(db, options, result, absolute, origin, startedUs);
}

ExportResult Exporter::exportToSink(const QSqlDatabase &db, const ExportOptions &options,
                                    const Sink &sink, const QString &target, const QString &origin,
                                    const std::atomic<bool> *cancel, const Progress &progress)
{
    const qint64 startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    QString error;
    if (!options.validate(&error))
        return ExportResult::rejected(error);
    Exporter exporter(db, options);
    return logged(db, options, exporter.run(sink, cancel, progress), target, origin, startedUs);
}

} // namespace hookscope
