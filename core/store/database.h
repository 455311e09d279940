#pragma once

#include <QSqlDatabase>
#include <QString>

struct sqlite3;

namespace hookscope {

// One SQLite connection to hookscope.db, owned by the thread that opened it (Qt requires
// a connection per thread). Opening applies the pragmas; migrate() creates or upgrades
// the schema by PRAGMA user_version, one transaction per step.
class Database
{
public:
    static constexpr int SchemaVersion = 6;

    enum class Sync
    {
        Normal,
        Full
    };

    Database(const QString &path, const QString &connectionName);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    bool open(Sync sync = Sync::Normal);
    // Upgrades to targetVersion (the newest by default); a failed step rolls back and
    // leaves the database at the last good version.
    bool migrate(int targetVersion = SchemaVersion);
    int schemaVersion() const;

    QSqlDatabase &connection() { return m_db; }
    QString lastError() const { return m_lastError; }
    QString path() const { return m_path; }

    static QString fileIn(const QString &dataDir);
    // The sqlite3 handle under a QSQLITE connection, for hot paths and scripts that
    // QSqlQuery handles badly; null when the connection is not an open SQLite one.
    static sqlite3 *nativeHandle(const QSqlDatabase &db);

private:
    bool exec(const QString &sql);
    bool execScript(const QString &sql);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_lastError;
};

} // namespace hookscope
