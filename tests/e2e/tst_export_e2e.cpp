// hookscope export against the real receiver: seed 003's user.created / user.updated stream
// is posted over HTTP (Python's urllib), exported with --root data.user --key id --where
// "exportConsent.given = true", and compared with an expectation Python computed on its own
// (export_users.py); then the audit log, and the exit codes for bad input.
#include "serve_process.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

class TestExportE2e : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usersCsvFromAStreamOfUpdates();
    void harOpensAsJson();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    QStringList exportArgs(const QStringList &more) const;
    ServeProcess m_serve;
    QString m_expected;
};

namespace {

int python(const QStringList &arguments, QByteArray *out = nullptr)
{
    QProcess p;
    p.start(QStringLiteral("python3"),
            QStringList{QStringLiteral(HOOKSCOPE_TEST_SOURCE_DIR "/export_users.py")} + arguments);
    if (!p.waitForFinished(120000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    if (!err.isEmpty())
        qWarning("%s", err.constData());
    return p.exitCode();
}

} // namespace

void TestExportE2e::initTestCase()
{
    QVERIFY(m_serve.start({QStringLiteral("--quiet")}));
    m_expected = m_serve.dataDir() + QStringLiteral("/expected.json");
    QCOMPARE(python({QStringLiteral("post"), QString::number(m_serve.port()), m_expected}), 0);
}

QStringList TestExportE2e::exportArgs(const QStringList &more) const
{
    return QStringList{QStringLiteral("export"), QStringLiteral("--data-dir"), m_serve.dataDir()} +
           more;
}

void TestExportE2e::usersCsvFromAStreamOfUpdates()
{
    const QString csv = m_serve.dataDir() + QStringLiteral("/users.csv");
    const QString json = m_serve.dataDir() + QStringLiteral("/users.json");
    const QStringList users = {
        QStringLiteral("--source"), QStringLiteral("records"),
        QStringLiteral("--root"),   QStringLiteral("data.user"),
        QStringLiteral("--key"),    QStringLiteral("id"),
        QStringLiteral("--where"),  QStringLiteral("exportConsent.given = true")};
    // While the receiver is running, as an analyst would.
    ServeProcess::Result r =
        ServeProcess::run(exportArgs(users + QStringList{QStringLiteral("--out"), csv}));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains(" rows written, sha256 "), r.err.constData());
    r = ServeProcess::run(
        exportArgs(users + QStringList{QStringLiteral("--format"), QStringLiteral("json"),
                                       QStringLiteral("--out"), json}));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QByteArray report;
    QCOMPARE(python({QStringLiteral("check"), m_expected, csv, json}, &report), 0);
    qInfo("%s", report.trimmed().constData());

    // The audit log names the file and its hash, and --check finds it by its bytes.
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray hash =
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
    r = ServeProcess::run({QStringLiteral("exports"), QStringLiteral("--data-dir"),
                           m_serve.dataDir(), QStringLiteral("--check"), csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains(hash));
    QVERIFY(r.out.contains(csv.toUtf8()));
    QVERIFY(r.out.contains("\"key\":\"id\""));
    // A changed file is no logged export.
    file.close();
    QVERIFY(file.open(QIODevice::Append));
    file.write("x");
    file.close();
    r = ServeProcess::run({QStringLiteral("exports"), QStringLiteral("--data-dir"),
                           m_serve.dataDir(), QStringLiteral("--check"), csv});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("is no logged export"));
}

void TestExportE2e::harOpensAsJson()
{
    const ServeProcess::Result r =
        ServeProcess::run(exportArgs({QStringLiteral("--format"), QStringLiteral("har"),
                                      QStringLiteral("--event"), QStringLiteral("booking.*")}));
    QCOMPARE(r.exitCode, 0);
    QByteArray out;
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral(
                 "import json,sys; d=json.load(sys.stdin)['log']; "
                 "print(d['version'], len(d['entries']), d['entries'][0]['request']['url'])")});
    p.write(r.out);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.readAllStandardOutput().trimmed(),
             QByteArray("1.2 6 http://127.0.0.1:" + QByteArray::number(m_serve.port()) +
                        "/api/webhook"));
}

void TestExportE2e::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("bad expression")
        << QStringList{QStringLiteral("--where"), QStringLiteral("age ~ 5")}
        << QByteArray("bad expression \"age ~ 5\"");
    QTest::newRow("unknown request column")
        << QStringList{QStringLiteral("--columns"), QStringLiteral("id,nope")}
        << QByteArray("unknown column \"nope\"");
    QTest::newRow("unknown record column")
        << QStringList{QStringLiteral("--source"),  QStringLiteral("records"),
                       QStringLiteral("--root"),    QStringLiteral("data.user"),
                       QStringLiteral("--columns"), QStringLiteral("id,nope"),
                       QStringLiteral("--out"),     QStringLiteral("OUT")}
        << QByteArray("unknown column \"nope\": no exported row has it");
    QTest::newRow("unwritable path")
        << QStringList{QStringLiteral("--out"), QStringLiteral("/proc/nope/x.csv")}
        << QByteArray("cannot write /proc/nope/x.csv");
    QTest::newRow("bad source") << QStringList{QStringLiteral("--source"), QStringLiteral("users")}
                                << QByteArray("unknown source \"users\"");
    QTest::newRow("bad time") << QStringList{QStringLiteral("--since"), QStringLiteral("last week")}
                              << QByteArray("since: expected an ISO 8601");
}

void TestExportE2e::badInputExitsTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const QString out = m_serve.dataDir() + QStringLiteral("/bad.csv");
    arguments.replaceInStrings(QStringLiteral("OUT"), out);
    const ServeProcess::Result r = ServeProcess::run(exportArgs(arguments));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(!QFile::exists(out));
    // Nothing stored was lost.
    QVERIFY(ServeProcess::run(exportArgs({QStringLiteral("--columns"), QStringLiteral("id")}))
                .out.count('\n') > 240);
}

QTEST_GUILESS_MAIN(TestExportE2e)
#include "tst_export_e2e.moc"
