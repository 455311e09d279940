#include "database.h"

#include <QDir>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <sqlite3.h>

namespace hookscope {

namespace {

// Step N takes a database at user_version N-1 to N. Steps are append-only: a released
// step is never edited, a change is a new step.
const QStringList &migrationSteps()
{
    static const QStringList steps = {
        // 1: captured requests and inbound endpoint rules
        QStringLiteral(R"(
CREATE TABLE endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    methods TEXT NOT NULL DEFAULT '*',
    path_glob TEXT NOT NULL DEFAULT '/**',
    spec TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);
CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_us INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    http_version TEXT NOT NULL DEFAULT '1.1',
    headers BLOB NOT NULL,
    body BLOB NOT NULL,
    body_size INTEGER NOT NULL,
    truncated INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    remote_address TEXT NOT NULL DEFAULT '',
    remote_port INTEGER NOT NULL DEFAULT 0,
    endpoint_id INTEGER REFERENCES endpoints(id) ON DELETE SET NULL,
    endpoint_name TEXT NOT NULL DEFAULT '',
    response_status INTEGER NOT NULL,
    response_body BLOB NOT NULL DEFAULT ''
);
)"),
        // 2: envelope fields picked out at capture time, for the live stream's session
        // filter and the inspector's event type column. Indexes stay few: each one is paid
        // on every captured request.
        QStringLiteral(R"(
ALTER TABLE requests ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN event_type TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_session ON requests(session_id, id) WHERE session_id <> '';
)"),
        // 3: the inspector. requests_browse covers every list filter but the text search,
        // so a filtered id list is one index scan, never a walk over rows with their bodies.
        // requests_fts is contentless (it stores only the index). Tokenizing costs ~100 us a
        // request, several times the capture itself, so it is not done in the capture
        // transaction: the writer thread indexes rows above fts_progress.indexed_upto when
        // capture leaves it time (RequestStore::indexPending), and searches cover the rows
        // not indexed yet with a plain scan. The delete trigger feeds FTS5 the same values
        // the indexer did, as a contentless table requires, and only for indexed rows.
        QStringLiteral(R"(
CREATE INDEX requests_browse ON requests(received_us, method, response_status, event_type, path);
CREATE VIRTUAL TABLE requests_fts USING fts5(path, headers, body, content='',
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE fts_progress (indexed_upto INTEGER NOT NULL);
INSERT INTO fts_progress (indexed_upto) VALUES (0);
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests
WHEN old.id <= (SELECT indexed_upto FROM fts_progress) BEGIN
    INSERT INTO requests_fts(requests_fts, rowid, path, headers, body) VALUES ('delete', old.id,
        old.path, CAST(old.headers AS TEXT),
        CASE WHEN old.content_type = '' OR old.content_type LIKE '%json%'
                  OR old.content_type LIKE 'text/%' OR old.content_type LIKE '%xml%'
                  OR old.content_type LIKE '%form%'
             THEN CAST(substr(old.body, 1, 262144) AS TEXT) ELSE '' END);
END;
)"),
        // 4: signature verification on arrival. The result (0 not configured, 1 valid,
        // 2 invalid) and its explanation travel with each request; the rules' secrets live
        // in their own table so endpoints.spec, which exports and logs may read, never
        // holds them.
        QStringLiteral(R"(
ALTER TABLE requests ADD COLUMN verification INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN verification_detail TEXT NOT NULL DEFAULT '';
CREATE TABLE endpoint_secrets (
    endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    secret TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, position)
);
)"),
        // 5: the sending side. Firing an event writes the event and one delivery per matching
        // subscription in one transaction (the outbox); the delivery worker sends due rows
        // (status pending or scheduled, next_attempt_us reached) and logs every try in
        // attempts. A delivery being sent stays pending in the table, so after a crash it is
        // sent again (at least once) with the same event uid. Subscription secrets live in
        // their own table, which exports never read.
        QStringLiteral(R"(
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL DEFAULT '["*"]',
    active INTEGER NOT NULL DEFAULT 1,
    scheme TEXT NOT NULL DEFAULT 'standard-webhooks',
    envelope TEXT NOT NULL DEFAULT 'standard',
    headers TEXT NOT NULL DEFAULT '{}',
    retry_attempts INTEGER NOT NULL DEFAULT 5,
    retry_delay_ms INTEGER NOT NULL DEFAULT 5000,
    timeout_ms INTEGER NOT NULL DEFAULT 10000,
    rate_limit REAL NOT NULL DEFAULT 0,
    disable_after INTEGER NOT NULL DEFAULT 20,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);
CREATE TABLE subscription_secrets (
    subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions(id) ON DELETE CASCADE,
    secret TEXT NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    data BLOB NOT NULL,
    source TEXT NOT NULL DEFAULT 'api',
    created_us INTEGER NOT NULL
);
CREATE INDEX events_created ON events(created_us);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_us INTEGER NOT NULL,
    last_status INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    last_duration_us INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    completed_us INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_due ON deliveries(next_attempt_us) WHERE status IN ('pending', 'scheduled');
CREATE INDEX deliveries_subscription ON deliveries(subscription_id, id);
CREATE INDEX deliveries_event ON deliveries(event_id);
CREATE INDEX deliveries_status ON deliveries(status, completed_us);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    started_us INTEGER NOT NULL,
    duration_us INTEGER NOT NULL DEFAULT 0,
    url TEXT NOT NULL,
    request_headers BLOB NOT NULL,
    request_body BLOB NOT NULL,
    response_status INTEGER NOT NULL DEFAULT 0,
    response_headers BLOB NOT NULL DEFAULT '',
    response_body BLOB NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attempts_delivery ON attempts(delivery_id, attempt);
)"),
        // 6: the export audit log. One row per export run (completed, cancelled or failed):
        // origin, source, format, the options as JSON, the columns, rows and bytes written,
        // the target, and the SHA-256 of the bytes, computed while they were written.
        QStringLiteral(R"(
CREATE TABLE exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_us INTEGER NOT NULL,
    finished_us INTEGER NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    options TEXT NOT NULL,
    columns TEXT NOT NULL,
    rows INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT ''
);
)"),
    };
    return steps;
}

} // namespace

Database::Database(const QString &path, const QString &connectionName)
    : m_path(path), m_connectionName(connectionName)
{}

Database::~Database()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QString Database::fileIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("hookscope.db"));
}

bool Database::open(Sync sync)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!m_db.open()) {
        m_lastError = m_db.lastError().text();
        return false;
    }
    // WAL lets the GUI and the live stream read while the writer commits. NORMAL is
    // durable against a crash of the process (the WAL write happened before COMMIT
    // returned); FULL also fsyncs every commit, for power loss.
    return exec(QStringLiteral("PRAGMA journal_mode=WAL")) &&
           exec(sync == Sync::Full ? QStringLiteral("PRAGMA synchronous=FULL")
                                   : QStringLiteral("PRAGMA synchronous=NORMAL")) &&
           exec(QStringLiteral("PRAGMA foreign_keys=ON")) &&
           exec(QStringLiteral("PRAGMA temp_store=MEMORY"));
}

int Database::schemaVersion() const
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Database::migrate(int targetVersion)
{
    const QStringList &steps = migrationSteps();
    targetVersion = qMin(targetVersion, int(steps.size()));
    int version = schemaVersion();
    if (version < 0) {
        m_lastError = QStringLiteral("cannot read the schema version of %1").arg(m_path);
        return false;
    }
    if (version > SchemaVersion) {
        m_lastError = QStringLiteral("%1 was written by a newer Hookscope (schema %2, this "
                                     "build knows %3)")
                          .arg(m_path)
                          .arg(version)
                          .arg(SchemaVersion);
        return false;
    }
    while (version < targetVersion) {
        if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
            return false;
        bool ok = execScript(steps.at(version));
        ok = ok && exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1));
        if (!ok) {
            const QString error = m_lastError;
            exec(QStringLiteral("ROLLBACK"));
            m_lastError =
                QStringLiteral("migration to schema %1 failed: %2").arg(version + 1).arg(error);
            return false;
        }
        if (!exec(QStringLiteral("COMMIT")))
            return false;
        ++version;
    }
    return true;
}

sqlite3 *Database::nativeHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.data());
}

bool Database::execScript(const QString &sql)
{
    // sqlite3_exec runs a whole script, including trigger bodies whose ';' a split would break.
    sqlite3 *handle = nativeHandle(m_db);
    if (!handle) {
        m_lastError = QStringLiteral("not an open SQLite connection");
        return false;
    }
    char *message = nullptr;
    if (sqlite3_exec(handle, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        m_lastError = QString::fromUtf8(message ? message : sqlite3_errmsg(handle));
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool Database::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        m_lastError = query.lastError().text();
        return false;
    }
    return true;
}

} // namespace hookscope
