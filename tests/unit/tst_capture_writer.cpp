#include "receive/capture_writer.h"
#include "store/request_store.h"

#include <QMutex>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestCaptureWriter : public QObject
{
    Q_OBJECT

private slots:
    void groupsBurstsIntoFewCommits();
    void idsContinueAfterDeletesAndRestart();
    void reportsAnUnusableDatabase();
    void indexesBehindCaptureAndRunsTasks();

private:
    static CaptureJobPtr job(int n);
};

CaptureJobPtr TestCaptureWriter::job(int n)
{
    auto j = std::make_shared<CaptureJob>();
    j->request.method = "POST";
    j->request.path = "/n/" + QByteArray::number(n);
    j->request.body =
        R"({"type":"user.created","sessionId":"s)" + QByteArray::number(n % 3) + "\"}";
    j->plan = ResponsePlan::success();
    j->sequence = quint64(n);
    return j;
}

void TestCaptureWriter::groupsBurstsIntoFewCommits()
{
    QTemporaryDir dir;
    const QString path = Database::fileIn(dir.path());
    {
        Database db(path, QStringLiteral("setup"));
        QVERIFY(db.open() && db.migrate());
    }
    constexpr int count = 2000;
    QMutex mutex;
    QList<CaptureJobPtr> committed;
    QSemaphore done;
    int batches = 0;
    CaptureWriter writer(path, Database::Sync::Normal, [&](QList<CaptureJobPtr> batch) {
        QMutexLocker lock(&mutex);
        ++batches;
        committed += batch;
        done.release(int(batch.size()));
    });
    QVERIFY(writer.startWriter());
    for (int i = 0; i < count; ++i)
        writer.submit(job(i));
    QVERIFY(done.tryAcquire(count, 30000));
    writer.stopWriter();

    QCOMPARE(committed.size(), count);
    QVERIFY2(batches < count, "a burst must share commits");
    qint64 previous = 0;
    for (const CaptureJobPtr &j : committed) {
        QVERIFY(j->stored);
        QVERIFY(j->request.id > previous); // committed in submission order
        previous = j->request.id;
        QCOMPARE(j->request.responseBody,
                 R"({"success":true,"id":")" + QByteArray::number(j->request.id) + "\"}");
        QCOMPARE(j->request.eventType, QStringLiteral("user.created"));
    }
    Database db(path, QStringLiteral("check"));
    QVERIFY(db.open());
    RequestStore store(db.connection());
    QCOMPARE(store.count(), count);
    const std::optional<StoredRequest> last = store.fetch(previous);
    QVERIFY(last);
    QCOMPARE(last->responseBody, committed.last()->request.responseBody);
    QVERIFY(!last->sessionId.isEmpty());
}

void TestCaptureWriter::idsContinueAfterDeletesAndRestart()
{
    QTemporaryDir dir;
    const QString path = Database::fileIn(dir.path());
    {
        Database db(path, QStringLiteral("setup2"));
        QVERIFY(db.open() && db.migrate());
    }
    auto runOnce = [&](int n) {
        QSemaphore done;
        QList<qint64> ids;
        CaptureWriter writer(path, Database::Sync::Full, [&](QList<CaptureJobPtr> batch) {
            for (const CaptureJobPtr &j : batch)
                ids.append(j->request.id);
            done.release(int(batch.size()));
        });
        if (!writer.startWriter())
            return QList<qint64>{};
        for (int i = 0; i < n; ++i)
            writer.submit(job(i));
        done.tryAcquire(n, 30000);
        writer.stopWriter();
        return ids;
    };
    QCOMPARE(runOnce(3), (QList<qint64>{1, 2, 3}));
    {
        Database db(path, QStringLiteral("delete"));
        QVERIFY(db.open());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM requests")));
    }
    // ids are never reused: a live stream resuming by Last-Event-ID must not skip anything
    QCOMPARE(runOnce(2), (QList<qint64>{4, 5}));
}

void TestCaptureWriter::reportsAnUnusableDatabase()
{
    CaptureWriter writer(QStringLiteral("/proc/hookscope-cannot-be-here/x.db"),
                         Database::Sync::Normal, [](QList<CaptureJobPtr>) {});
    QVERIFY(!writer.startWriter());
    QVERIFY(!writer.openError().isEmpty());
}

void TestCaptureWriter::indexesBehindCaptureAndRunsTasks()
{
    QTemporaryDir dir;
    const QString path = Database::fileIn(dir.path());
    {
        Database db(path, QStringLiteral("setup3"));
        QVERIFY(db.open() && db.migrate());
    }
    constexpr int count = 700; // more than one idle indexing chunk
    QSemaphore done;
    CaptureWriter writer(path, Database::Sync::Normal,
                         [&](QList<CaptureJobPtr> batch) { done.release(int(batch.size())); });
    QVERIFY(writer.startWriter());
    for (int i = 0; i < count; ++i)
        writer.submit(job(i));
    QVERIFY(done.tryAcquire(count, 30000));

    // Tasks run on the writer's connection, in order with capture.
    QSemaphore taskDone;
    qint64 seen = -1;
    writer.submitTask([&](Database &db) {
        seen = RequestStore(db.connection()).count();
        taskDone.release();
    });
    QVERIFY(taskDone.tryAcquire(1, 10000));
    QCOMPARE(seen, count);

    // Idle, the writer catches up with full-text indexing on its own.
    Database db(path, QStringLiteral("check3"));
    QVERIFY(db.open());
    RequestStore store(db.connection());
    QTRY_COMPARE_WITH_TIMEOUT(store.indexedUpto(), qint64(count), 10000);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral(
        "SELECT count(*) FROM requests_fts WHERE requests_fts MATCH '\"user\" \"created\"'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), count);
    writer.stopWriter();
}

QTEST_GUILESS_MAIN(TestCaptureWriter)
#include "tst_capture_writer.moc"
