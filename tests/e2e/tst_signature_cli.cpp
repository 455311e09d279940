// hookscope verify / sign / schemes as a user runs them: output and exit codes (0 valid,
// 1 invalid, 2 usage), custom schemes through JSON, stdin bodies.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestSignatureCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void schemesListsEveryPreset();
    void customSchemeRoundTrip();
    void stdinBody();
    void mailgunAndTwilioSigning();

private:
    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {});
    Run run(std::initializer_list<QAnyStringView> arguments, const QByteArray &input = {});
    QString writeFile(const QString &name, const QByteArray &data);
    QTemporaryDir m_dir;
};

namespace {

QStringList args(std::initializer_list<QAnyStringView> list)
{
    QStringList result;
    for (const QAnyStringView item : list)
        result << item.toString();
    return result;
}

const QString githubSecret = QStringLiteral("It's a Secret to Everybody");
const QString githubHeader = QStringLiteral(
    "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

} // namespace

TestSignatureCli::Run TestSignatureCli::run(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(HOOKSCOPE_BINARY), arguments);
    if (!process.waitForStarted())
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

TestSignatureCli::Run TestSignatureCli::run(std::initializer_list<QAnyStringView> arguments,
                                            const QByteArray &input)
{
    QStringList list;
    for (const QAnyStringView item : arguments)
        list << item.toString();
    return run(list, input);
}

QString TestSignatureCli::writeFile(const QString &name, const QByteArray &data)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestSignatureCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestSignatureCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("output"); // stdout starts with it (exit 0/1) or stderr has it

    const QString body = QStringLiteral("Hello, World!");
    QTest::newRow("valid") << args({"verify", "--scheme", "github", "--secret", githubSecret,
                                    "--header", githubHeader, "--body", body})
                           << 0 << "valid (github, secret 1, signature 1)";
    QTest::newRow("valid with the second secret")
        << args({"verify", "--scheme", "github", "--secret", "old", "--secret", githubSecret,
                 "--header", githubHeader, "--body", body})
        << 0 << "valid (github, secret 2, signature 1)";
    QTest::newRow("auto-detected") << args({"verify", "--scheme", "auto", "--secret", githubSecret,
                                            "--header", githubHeader, "--body", body})
                                   << 0 << "valid (github";
    QTest::newRow("invalid body") << args({"verify", "--scheme", "github", "--secret", githubSecret,
                                           "--header", githubHeader, "--body",
                                           body + QLatin1Char('!')})
                                  << 1 << "invalid: X-Hub-Signature-256 does not match";
    QTest::newRow("invalid: missing header")
        << args({"verify", "--scheme", "stripe", "--secret", "s", "--body", body}) << 1
        << "invalid: missing header Stripe-Signature";
    QTest::newRow("invalid: too old with --now")
        << args({"verify", "--scheme", "stripe", "--secret", "s", "--header",
                 "Stripe-Signature: t=1000,v1=00", "--now", "2000"})
        << 1 << "invalid: Stripe-Signature does not match";
    QTest::newRow("no scheme") << args({"verify", "--secret", "s"}) << 2
                               << "give either --scheme or --scheme-file";
    QTest::newRow("unknown scheme")
        << args({"verify", "--scheme", "nope", "--secret", "s"}) << 2 << "unknown scheme \"nope\"";
    QTest::newRow("no secret") << args({"verify", "--scheme", "github"}) << 2
                               << "give at least one --secret";
    QTest::newRow("header without colon")
        << args({"verify", "--scheme", "github", "--secret", "s", "--header", "oops"}) << 2
        << "expected \"Name: value\"";
    QTest::newRow("body twice") << args({"verify", "--scheme", "github", "--secret", "s", "--body",
                                         "a", "--body-file", "/nonexistent"})
                                << 2 << "either --body or --body-file";
    QTest::newRow("unreadable body file") << args({"verify", "--scheme", "github", "--secret", "s",
                                                   "--body-file", "/nonexistent/body"})
                                          << 2 << "cannot read /nonexistent/body";
    QTest::newRow("bad tolerance")
        << args({"verify", "--scheme", "slack", "--secret", "s", "--tolerance", "-5"}) << 2
        << "--tolerance";
    QTest::newRow("bad now") << args({"verify", "--scheme", "slack", "--secret", "s", "--now",
                                      "yesterday"})
                             << 2 << "--now";
    QTest::newRow("sign without secret")
        << args({"sign", "--scheme", "github"}) << 2 << "give exactly one --secret";
    QTest::newRow("sign auto is not a scheme")
        << args({"sign", "--scheme", "auto", "--secret", "s"}) << 2 << "unknown scheme";
    QTest::newRow("sign twilio without URL")
        << args({"sign", "--scheme", "twilio", "--secret", "s"}) << 2 << "--url";
    QTest::newRow("sign bad timestamp")
        << args({"sign", "--scheme", "stripe", "--secret", "s", "--timestamp", "1.5"}) << 2
        << "--timestamp";
    QTest::newRow("sign with a bad whsec_ secret")
        << args({"sign", "--scheme", "svix", "--secret", "whsec_!!"}) << 2 << "not valid base64";
    QTest::newRow("sign github") << args({"sign", "--scheme", "github", "--secret", githubSecret,
                                          "--body", body})
                                 << 0 << githubHeader + QLatin1Char('\n');
    QTest::newRow("sign standard-webhooks")
        << args({"sign", "--scheme", "standard-webhooks", "--secret",
                 "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                 "--timestamp", "1614265330", "--body", "{\"test\": 2432232314}"})
        << 0
        << "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\n"
           "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n";
    QTest::newRow("schemes --json unknown")
        << args({"schemes", "--json", "nope"}) << 2 << "unknown scheme";
}

void TestSignatureCli::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, output);
    const Run r = run(arguments);
    QCOMPARE(r.code, code);
    if (code == 2) {
        QVERIFY2(r.err.contains(output.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    } else {
        QVERIFY2(r.out.startsWith(output.toUtf8()), r.out.constData());
    }
    // Secrets never reach the output.
    QVERIFY(!r.out.contains("Secret to Everybody"));
    QVERIFY(!r.err.contains("Secret to Everybody"));
}

void TestSignatureCli::schemesListsEveryPreset()
{
    const Run r = run(QStringList{QStringLiteral("schemes")});
    QCOMPARE(r.code, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 20);
    for (const char *id : {"standard-webhooks ", "stripe ", "github ", "twilio ", "sendgrid "}) {
        bool found = false;
        for (const QByteArray &line : lines)
            found = found || line.startsWith(id);
        QVERIFY2(found, id);
    }
    QVERIFY(r.out.contains("alias svix"));
}

void TestSignatureCli::customSchemeRoundTrip()
{
    // Export a preset, edit it into a custom scheme (seed 001's header), sign and verify.
    Run r = run({"schemes", "--json", "github"});
    QCOMPARE(r.code, 0);
    QByteArray json = r.out;
    json.replace("\"github\"", "\"pathfinder\"")
        .replace("X-Hub-Signature-256", "X-Pathfinder-Signature");
    const QString schemeFile = writeFile(QStringLiteral("pathfinder.json"), json);
    r = run({"sign", "--scheme-file", schemeFile, "--secret", "your-webhook-secret-key", "--body",
             "{\"id\":\"evt_1\"}"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith("X-Pathfinder-Signature: sha256="), r.out.constData());
    const QString header = QString::fromUtf8(r.out.trimmed());
    r = run({"verify", "--scheme-file", schemeFile, "--secret", "your-webhook-secret-key",
             "--header", header, "--body", "{\"id\":\"evt_1\"}"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("valid (pathfinder"));
    // The same with the preset and --signature-header.
    r = run({"verify", "--scheme", "github", "--signature-header", "X-Pathfinder-Signature",
             "--secret", "your-webhook-secret-key", "--header", header, "--body",
             "{\"id\":\"evt_1\"}"});
    QCOMPARE(r.code, 0);

    const QString bad = writeFile(QStringLiteral("bad.json"), R"({"id":"x","algorithm":"md5"})");
    r = run({"verify", "--scheme-file", bad, "--secret", "s"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("\"algorithm\" must be one of"), r.err.constData());
}

void TestSignatureCli::stdinBody()
{
    const QByteArray body("line one\r\nline two\n\0binary", 26);
    Run r = run({"sign", "--scheme", "hmac-hex", "--secret", "k", "--body-file", "-"}, body);
    QCOMPARE(r.code, 0);
    const QString header = QString::fromUtf8(r.out.trimmed());
    r = run(
        {"verify", "--scheme", "hmac-hex", "--secret", "k", "--header", header, "--body-file", "-"},
        body);
    QCOMPARE(r.code, 0);
    r = run(
        {"verify", "--scheme", "hmac-hex", "--secret", "k", "--header", header, "--body-file", "-"},
        body.chopped(1));
    QCOMPARE(r.code, 1);
}

void TestSignatureCli::mailgunAndTwilioSigning()
{
    // Mailgun signs inside the body: headers (none), an empty line, the signed body.
    Run r = run({"sign", "--scheme", "mailgun", "--secret", "key-1", "--timestamp", "1700000000",
                 "--body", R"({"event-data":{"event":"delivered"}})"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith("\n{"), r.out.constData());
    const QString signedBody = QString::fromUtf8(r.out.trimmed());
    QVERIFY(signedBody.contains(QLatin1String("\"signature\":{")));
    r = run({"verify", "--scheme", "auto", "--secret", "key-1", "--body", signedBody});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("valid (mailgun"));

    // Twilio with a JSON body: the URL gains bodySHA256, said on stderr.
    r = run({"sign", "--scheme", "twilio", "--secret", "12345", "--url",
             "https://mycompany.com/myapp.php?foo=1&bar=2", "--body",
             R"({"property": "value", "boolean": true})"});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, "X-Twilio-Signature: a9nBmqA0ju/hNViExpshrM61xv4=\n");
    QVERIFY(r.err.contains(
        "bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"));
}

QTEST_GUILESS_MAIN(TestSignatureCli)
#include "tst_signature_cli.moc"
