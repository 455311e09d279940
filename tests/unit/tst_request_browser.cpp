#include "store/database.h"
#include "store/request_browser.h"
#include "store/request_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

// The inspector's read side (filters in SQL, full-text search) and the writes it asks for
// (delete, clear, prune), on a real database file.
class TestRequestBrowser : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsNewestFirst();
    void filters_data();
    void filters();
    void newerThanAnId();
    void rowsFollowTheGivenOrder();
    void searchTextIsNeverQuerySyntax_data();
    void searchTextIsNeverQuerySyntax();
    void deleteRemovesFromSearchToo();
    void clearEmptiesEverythingAndKeepsIdsUnique();
    void pruneKeepsTheNewest();
    void pruneByAge();
    void migratesAnOlderDatabaseWithRows();
    void manyTextMatchesAndWindows();

private:
    void add(const QByteArray &method, const QByteArray &path, int status, qint64 receivedUs,
             const QByteArray &body, const QByteArray &contentType = "application/json");
    QList<qint64> ids(const RequestFilter &filter, qint64 afterId = 0);
    void indexAll();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestRequestBrowser::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>(Database::fileIn(m_dir->path()), QStringLiteral("browser"));
    QVERIFY(m_db->open() && m_db->migrate());
    // id 1..6, received one second apart
    add("POST", "/hooks/stripe", 200, 1'000'000,
        R"({"type":"invoice.paid","email":"ann@example.com"})");
    add("POST", "/hooks/github", 500, 2'000'000, R"({"event":"push","ref":"refs/heads/main"})");
    add("GET", "/health", 200, 3'000'000, "");
    add("PUT", "/hooks/stripe/retry", 404, 4'000'000, R"({"type":"user.created","id":"u-42"})");
    add("POST", "/upload", 201, 5'000'000, QByteArray("\x00\x01secretword\xff", 14),
        "application/octet-stream");
    add("POST", "/hooks/[x]", 302, 6'000'000, "name=bob&city=paris",
        "application/x-www-form-urlencoded");
}

void TestRequestBrowser::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestRequestBrowser::add(const QByteArray &method, const QByteArray &path, int status,
                             qint64 receivedUs, const QByteArray &body,
                             const QByteArray &contentType)
{
    StoredRequest r;
    r.method = method;
    r.path = path;
    r.responseStatus = status;
    r.receivedUs = receivedUs;
    r.body = body;
    r.bodySize = body.size();
    r.headers = {{"Content-Type", contentType}, {"X-Trace", "trace-" + path}};
    if (body.startsWith('{')) {
        const int at = body.indexOf("\"type\":\"");
        if (at >= 0)
            r.eventType = QString::fromUtf8(body.mid(at + 8, body.indexOf('"', at + 8) - at - 8));
    }
    RequestStore store(m_db->connection());
    QVERIFY2(store.insert(r), qPrintable(store.lastError()));
}

QList<qint64> TestRequestBrowser::ids(const RequestFilter &filter, qint64 afterId)
{
    RequestBrowser browser(m_db->connection());
    QList<qint64> out;
    if (!browser.ids(filter, &out, afterId))
        qWarning("%s", qPrintable(browser.lastError()));
    return out;
}

void TestRequestBrowser::indexAll()
{
    RequestStore store(m_db->connection());
    QVERIFY(m_db->connection().transaction());
    QCOMPARE(store.indexPending(1000000), store.maxId());
    QVERIFY(m_db->connection().commit());
    QCOMPARE(store.indexedUpto(), store.maxId());
}

void TestRequestBrowser::listsNewestFirst()
{
    QCOMPARE(ids({}), (QList<qint64>{6, 5, 4, 3, 2, 1}));
    QCOMPARE(RequestBrowser(m_db->connection()).totalCount(), 6);
}

void TestRequestBrowser::filters_data()
{
    QTest::addColumn<RequestFilter>("filter");
    QTest::addColumn<QList<qint64>>("expected");
    RequestFilter f;
    f.methods = {"POST"};
    QTest::newRow("method") << f << QList<qint64>{6, 5, 2, 1};
    f.methods = {"GET", "PUT"};
    QTest::newRow("two methods") << f << QList<qint64>{4, 3};
    f = {};
    f.pathGlob = QStringLiteral("/hooks/stripe");
    QTest::newRow("path prefix without wildcards") << f << QList<qint64>{4, 1};
    f.pathGlob = QStringLiteral("/hooks/*b");
    QTest::newRow("path glob") << f << QList<qint64>{2};
    f.pathGlob = QStringLiteral("/hooks/[x]");
    QTest::newRow("brackets are literal in a prefix") << f << QList<qint64>{6};
    f = {};
    f.statusClass = 2;
    QTest::newRow("2xx") << f << QList<qint64>{5, 3, 1};
    f.statusClass = 5;
    QTest::newRow("5xx") << f << QList<qint64>{2};
    f = {};
    f.eventType = QStringLiteral("user.*");
    QTest::newRow("event glob") << f << QList<qint64>{4};
    f.eventType = QStringLiteral("invoice.paid");
    QTest::newRow("event exact") << f << QList<qint64>{1};
    f = {};
    f.fromUs = 2'000'000;
    f.toUs = 4'000'000;
    QTest::newRow("time range, end exclusive") << f << QList<qint64>{3, 2};
    f = {};
    f.text = QStringLiteral("ann@example.com");
    QTest::newRow("text in a JSON body") << f << QList<qint64>{1};
    f.text = QStringLiteral("trace-/hooks/github");
    QTest::newRow("text in a header") << f << QList<qint64>{2};
    f.text = QStringLiteral("heal");
    QTest::newRow("prefix of a word in the path") << f << QList<qint64>{3};
    f.text = QStringLiteral("paris");
    QTest::newRow("form body") << f << QList<qint64>{6};
    f.text = QStringLiteral("secretword");
    QTest::newRow("binary bodies are not indexed") << f << QList<qint64>{};
    f = {};
    f.text = QStringLiteral("hooks");
    f.methods = {"POST"};
    f.statusClass = 2;
    QTest::newRow("everything combined") << f << QList<qint64>{1};
}

void TestRequestBrowser::filters()
{
    QFETCH(RequestFilter, filter);
    QFETCH(QList<qint64>, expected);
    // Before full-text indexing (the substring scan) and after it (FTS5): the same answer.
    QCOMPARE(ids(filter), expected);
    indexAll();
    QCOMPARE(ids(filter), expected);
}

void TestRequestBrowser::newerThanAnId()
{
    QCOMPARE(ids({}, 4), (QList<qint64>{6, 5}));
    RequestFilter f;
    f.methods = {"POST"};
    QCOMPARE(ids(f, 4), (QList<qint64>{6, 5}));
    f.statusClass = 3;
    QCOMPARE(ids(f, 4), (QList<qint64>{6}));
}

void TestRequestBrowser::rowsFollowTheGivenOrder()
{
    RequestBrowser browser(m_db->connection());
    const QList<RequestRow> rows = browser.rows({4, 99, 1});
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).id, 4);
    QCOMPARE(rows.at(0).method, QByteArray("PUT"));
    QCOMPARE(rows.at(0).path, QByteArray("/hooks/stripe/retry"));
    QCOMPARE(rows.at(0).responseStatus, 404);
    QCOMPARE(rows.at(0).eventType, QStringLiteral("user.created"));
    QCOMPARE(rows.at(0).contentType, QByteArray("application/json"));
    QCOMPARE(rows.at(1).id, 1);
    QVERIFY(browser.rows({}).isEmpty());
}

void TestRequestBrowser::searchTextIsNeverQuerySyntax_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quote") << QStringLiteral("\"");
    QTest::newRow("operators") << QStringLiteral("AND OR NOT");
    QTest::newRow("column filter") << QStringLiteral("body:foo");
    QTest::newRow("parenthesis and star") << QStringLiteral("(*");
    QTest::newRow("caret and minus") << QStringLiteral("^-x");
    QTest::newRow("braces") << QStringLiteral("{\"type\":");
}

void TestRequestBrowser::searchTextIsNeverQuerySyntax()
{
    QFETCH(QString, text);
    RequestFilter f;
    f.text = text;
    RequestBrowser browser(m_db->connection());
    QList<qint64> out;
    QVERIFY2(browser.ids(f, &out), qPrintable(browser.lastError()));
}

void TestRequestBrowser::deleteRemovesFromSearchToo()
{
    RequestStore store(m_db->connection());
    // Rows 1..3 indexed, 4..6 not: deletes on both sides of the mark.
    QVERIFY(m_db->connection().transaction());
    QCOMPARE(store.indexPending(3), 3);
    QVERIFY(m_db->connection().commit());
    QList<qint64> removedTail;
    QVERIFY(store.remove({5}, &removedTail));
    QCOMPARE(removedTail, QList<qint64>{5});
    QList<qint64> deleted;
    QVERIFY(store.remove({1, 77}, &deleted));
    QCOMPARE(deleted, QList<qint64>{1});
    RequestFilter f;
    f.text = QStringLiteral("ann");
    QCOMPARE(ids(f), QList<qint64>{});
    f.text = QStringLiteral("push");
    QCOMPARE(ids(f), QList<qint64>{2});
    indexAll();
    QCOMPARE(ids(f), QList<qint64>{2});
    f.text = QStringLiteral("secretword");
    QCOMPARE(ids(f), QList<qint64>{});
    // The contentless index must still agree with the table after deletes.
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO requests_fts(requests_fts, rank) VALUES "
                                  "('integrity-check', 1)")));
}

void TestRequestBrowser::clearEmptiesEverythingAndKeepsIdsUnique()
{
    indexAll();
    RequestStore store(m_db->connection());
    QVERIFY(m_db->connection().transaction());
    QVERIFY2(store.removeAll(), qPrintable(store.lastError()));
    QVERIFY(m_db->connection().commit());
    QCOMPARE(ids({}), QList<qint64>{});
    RequestFilter f;
    f.text = QStringLiteral("hooks");
    QCOMPARE(ids(f), QList<qint64>{});
    // The delete trigger is back: a later delete still updates the index.
    add("POST", "/again", 200, 7'000'000, R"({"type":"again"})");
    QCOMPARE(ids({}), QList<qint64>{7});
    indexAll();
    f.text = QStringLiteral("again");
    QCOMPARE(ids(f), QList<qint64>{7});
    QList<qint64> deleted;
    QVERIFY(store.remove({7}, &deleted));
    f.text = QStringLiteral("again");
    QCOMPARE(ids(f), QList<qint64>{});
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(
        QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'requests_fts_delete'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestRequestBrowser::pruneKeepsTheNewest()
{
    RequestStore store(m_db->connection());
    QList<qint64> deleted;
    QVERIFY(store.pruneOldest(4, 0, 1, &deleted));
    QCOMPARE(deleted, QList<qint64>{1});
    QVERIFY(store.pruneOldest(4, 0, 500, &deleted));
    QCOMPARE(deleted, QList<qint64>{2});
    QVERIFY(store.pruneOldest(4, 0, 500, &deleted));
    QCOMPARE(deleted, QList<qint64>{});
    QCOMPARE(ids({}), (QList<qint64>{6, 5, 4, 3}));
}

void TestRequestBrowser::pruneByAge()
{
    RequestStore store(m_db->connection());
    QList<qint64> deleted;
    QVERIFY(store.pruneOldest(0, 3'500'000, 500, &deleted));
    QCOMPARE(deleted, (QList<qint64>{1, 2, 3}));
    QCOMPARE(ids({}), (QList<qint64>{6, 5, 4}));
}

void TestRequestBrowser::migratesAnOlderDatabaseWithRows()
{
    // Rows stored before full-text search existed are indexed like new ones.
    const QString path = QDir(m_dir->path()).filePath(QStringLiteral("old.db"));
    Database old(path, QStringLiteral("old"));
    QVERIFY(old.open() && old.migrate(2));
    // Written in that schema's own columns: today's RequestStore writes later ones too.
    QSqlQuery insert(old.connection());
    QVERIFY2(insert.exec(QStringLiteral(
                 "INSERT INTO requests (received_us, method, path, headers, body, body_size, "
                 "content_type, response_status, event_type) VALUES (1, 'POST', '/legacy', "
                 "CAST('Content-Type: application/json\r\n' AS BLOB), "
                 "CAST('{\"type\":\"legacy.event\"}' AS BLOB), 23, 'application/json', 200, "
                 "'legacy.event')")),
             qPrintable(insert.lastError().text()));
    StoredRequest r;
    r.id = insert.lastInsertId().toLongLong();
    QVERIFY2(old.migrate(), qPrintable(old.lastError()));
    QCOMPARE(old.schemaVersion(), Database::SchemaVersion);
    RequestStore store(old.connection());
    QCOMPARE(store.indexedUpto(), 0);
    QVERIFY(old.connection().transaction());
    QCOMPARE(store.indexPending(100), r.id);
    QVERIFY(old.connection().commit());
    RequestFilter f;
    f.text = QStringLiteral("legacy.event");
    QList<qint64> out;
    QVERIFY(RequestBrowser(old.connection()).ids(f, &out));
    QCOMPARE(out, QList<qint64>{r.id});
}

void TestRequestBrowser::manyTextMatchesAndWindows()
{
    // More matches than FewMatches: the search walks the browse index instead of starting
    // from the full-text matches; both must give the same list.
    const int extra = RequestBrowser::FewMatches + 20;
    QVERIFY(m_db->connection().transaction());
    for (int i = 0; i < extra; ++i)
        add(i % 2 ? "POST" : "PUT", "/bulk", 200, 10'000'000 + i,
            R"({"type":"bulk.item","note":"common word"})");
    QVERIFY(m_db->connection().commit());
    indexAll();
    RequestFilter f;
    f.text = QStringLiteral("common");
    QList<qint64> all = ids(f);
    QCOMPARE(all.size(), extra);
    QCOMPARE(all.first(), qint64(6 + extra));
    QCOMPARE(all.last(), 7);
    f.methods = {"POST"};
    QCOMPARE(ids(f).size(), extra / 2);

    // A first window, and a snapshot's high-water mark.
    RequestBrowser browser(m_db->connection());
    QList<qint64> window;
    QVERIFY(browser.ids({}, &window, 0, 10));
    QCOMPARE(window.size(), 10);
    QCOMPARE(window.first(), qint64(6 + extra));
    QVERIFY(browser.ids({}, &window, 0, 0, 4));
    QCOMPARE(window, (QList<qint64>{4, 3, 2, 1}));
    f = {};
    f.text = QStringLiteral("common");
    QVERIFY(browser.ids(f, &window, 0, 3, 100));
    QCOMPARE(window, (QList<qint64>{100, 99, 98}));
}

QTEST_GUILESS_MAIN(TestRequestBrowser)
#include "tst_request_browser.moc"
