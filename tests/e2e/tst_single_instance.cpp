// Two real `hookscope` window processes on one data folder: the second launch raises the
// first and exits without opening the database or the port; a crashed first one does not
// block the next launch.
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void secondLaunchRaisesTheFirst();
    void crashedInstanceDoesNotBlock();
    void otherDataFolderIsAnotherInstance();

private:
    // Starts the window on the offscreen platform and waits for its "listening on" line.
    bool startWindow(QProcess &process, const QString &dataDir,
                     const QString &config = QStringLiteral("config"));
    QProcessEnvironment environment(const QString &config = QStringLiteral("config")) const;
    int post(quint16 port);

    std::unique_ptr<QTemporaryDir> m_dir;
    quint16 m_port = 0;
    QProcess m_first;
};

QProcessEnvironment TestSingleInstance::environment(const QString &config) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(config));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir->filePath(QStringLiteral("run")));
    env.remove(QStringLiteral("HOOKSCOPE_DATA_DIR"));
    return env;
}

void TestSingleInstance::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir root(m_dir->path());
    QVERIFY(root.mkpath(QStringLiteral("config/hookscope")));
    QVERIFY(root.mkpath(QStringLiteral("run")));
    QFile::setPermissions(root.filePath(QStringLiteral("run")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // A fixed port, as a user has: two instances would fight over it.
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_port = probe.serverPort();
    }
    QFile settings(root.filePath(QStringLiteral("config/hookscope/hookscope.conf")));
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write("[receiver]\nport=" + QByteArray::number(m_port) + "\n");
}

void TestSingleInstance::cleanup()
{
    if (m_first.state() != QProcess::NotRunning) {
        m_first.kill();
        m_first.waitForFinished();
    }
    m_dir.reset();
}

bool TestSingleInstance::startWindow(QProcess &process, const QString &dataDir,
                                     const QString &config)
{
    process.setProcessEnvironment(environment(config));
    process.start(QStringLiteral(HOOKSCOPE_BINARY), {QStringLiteral("--data-dir"), dataDir});
    if (!process.waitForStarted())
        return false;
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(30000)) {
            qWarning("no listening line; stderr: %s", process.readAllStandardError().constData());
            return false;
        }
    }
    const QByteArray line = process.readLine().trimmed();
    if (!line.startsWith("listening on http://")) {
        qWarning("unexpected first line: %s", line.constData());
        return false;
    }
    return true;
}

int TestSingleInstance::post(quint16 port)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/hooks/after").arg(port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network.post(request, QByteArray(R"({"type":"ping"})"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(15000))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestSingleInstance::secondLaunchRaisesTheFirst()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(startWindow(m_first, data));

    QProcess second;
    second.setProcessEnvironment(environment());
    second.start(QStringLiteral(HOOKSCOPE_BINARY), {QStringLiteral("--data-dir"), data});
    QVERIFY(second.waitForFinished(60000));
    const QByteArray out = second.readAllStandardOutput();
    const QByteArray err = second.readAllStandardError();
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QVERIFY2(second.exitCode() == 0, err.constData());
    const QByteArray expected = "already running (process " +
                                QByteArray::number(m_first.processId()) +
                                "); its window was raised";
    QVERIFY2(out.contains(expected), out.constData());
    // It never started a receiver: no listening line, no port-in-use complaint.
    QVERIFY2(!out.contains("listening on"), out.constData());
    QVERIFY2(!err.contains("in use"), err.constData());

    // The first is untouched and still serves its port.
    QCOMPARE(m_first.state(), QProcess::Running);
    QCOMPARE(post(m_port), 200);

    // Also with a relative spelling of the same folder.
    QProcess third;
    third.setProcessEnvironment(environment());
    third.setWorkingDirectory(m_dir->path());
    third.start(QStringLiteral(HOOKSCOPE_BINARY),
                {QStringLiteral("--data-dir"), QStringLiteral("./data/../data")});
    QVERIFY(third.waitForFinished(60000));
    QCOMPARE(third.exitCode(), 0);
    QVERIFY(third.readAllStandardOutput().contains("already running"));
}

void TestSingleInstance::crashedInstanceDoesNotBlock()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(startWindow(m_first, data));
    // kill -9: the lock file and the socket stay behind.
    m_first.kill();
    QVERIFY(m_first.waitForFinished());
    QVERIFY(!QDir(m_dir->filePath(QStringLiteral("run"))).isEmpty());

    QProcess next;
    QVERIFY(startWindow(next, data));
    QCOMPARE(post(m_port), 200);
    next.terminate();
    QVERIFY(next.waitForFinished());
}

void TestSingleInstance::otherDataFolderIsAnotherInstance()
{
    QVERIFY(startWindow(m_first, m_dir->filePath(QStringLiteral("data"))));
    // Another folder (with settings of its own that pick a free port) starts its own window.
    QDir root(m_dir->path());
    QVERIFY(root.mkpath(QStringLiteral("config2/hookscope")));
    QFile settings(root.filePath(QStringLiteral("config2/hookscope/hookscope.conf")));
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write("[receiver]\nport=0\n");
    settings.close();
    QProcess other;
    QVERIFY(
        startWindow(other, m_dir->filePath(QStringLiteral("other")), QStringLiteral("config2")));
    QCOMPARE(m_first.state(), QProcess::Running);
    other.kill();
    other.waitForFinished();
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_single_instance.moc"
