#include "inspect/curl_command.h"

#include <QProcess>
#include <QTest>

using namespace hookscope;

namespace {

// What bash makes of a shell word: printf %s writes the argument's bytes unchanged.
QByteArray bashWord(const QByteArray &word)
{
    QProcess bash;
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"), QString::fromUtf8("printf %s " + word)});
    bash.waitForFinished(10000);
    return bash.readAllStandardOutput();
}

// bash's split of a whole command into words, one per line with \xHH for odd bytes.
QList<QByteArray> bashWords(const QString &command)
{
    QProcess bash;
    // The command starts with "curl"; a function of that name prints its arguments.
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n") +
                    command});
    bash.waitForFinished(10000);
    QList<QByteArray> words = bash.readAllStandardOutput().split('\0');
    if (!words.isEmpty() && words.constLast().isEmpty())
        words.removeLast();
    return words;
}

StoredRequest sample()
{
    StoredRequest r;
    r.method = "POST";
    r.path = "/hooks/stripe";
    r.query = "a=1&b=[x]";
    r.headers = {{"Host", "example.org:8780"},
                 {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
                 {"Content-Type", "application/json; charset=utf-8"},
                 {"Stripe-Signature", "t=1,v1=abc"},
                 {"X-Quote", "it's \"quoted\" $HOME `id` \\n"},
                 {"X-Empty", ""},
                 {"x-lower-case", "v"},
                 {"X-Dup", "1"},
                 {"X-Dup", "2"},
                 {"Content-Length", "20"}};
    r.body = "{\"id\":\"evt_1\",\"n\":1}";
    return r;
}

} // namespace

class TestCurlCommand : public QObject
{
    Q_OBJECT

private slots:
    void shellQuote_data();
    void shellQuote();
    void wordsOfSample();
    void noBodyNoExtras();
    void binaryAndLargeBodies_data();
    void binaryAndLargeBodies();
    void targetUrl();
    void truncatedBodyIsNamed();
    void targetCurlWouldRewrite();
};

void TestCurlCommand::shellQuote_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("plain");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("simple") << QByteArray("abc") << true;
    QTest::newRow("single quote") << QByteArray("it's") << true;
    QTest::newRow("only quotes") << QByteArray("'''") << true;
    QTest::newRow("shell specials") << QByteArray("$HOME `id` $(id) \\ \" ! * ? ~ # ; & |") << true;
    QTest::newRow("newlines") << QByteArray("{\n  \"a\": 1\n}\n") << true;
    QTest::newRow("utf-8") << QByteArray("caf\xC3\xA9 \xE2\x82\xAC") << true;
    QTest::newRow("tab") << QByteArray("a\tb") << false;
    QTest::newRow("crlf") << QByteArray("a\r\nb") << false;
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe'\\x41") << false;
    QTest::newRow("escape char") << QByteArray("\x1b[31mred") << false;
    QTest::newRow("bidi override") << QByteArray("a\xE2\x80\xAE"
                                                 "b")
                                   << false;
    QTest::newRow("hex digit after escape") << QByteArray("\x01"
                                                          "ff\x7f"
                                                          "0")
                                            << false;
    QByteArray all;
    for (int i = 1; i < 256; ++i)
        all.append(char(i));
    QTest::newRow("every byte but NUL") << all << false;
}

void TestCurlCommand::shellQuote()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, plain);
    const QByteArray word = CurlCommand::shellQuote(bytes);
    QCOMPARE(word.startsWith('\''), plain);
    QCOMPARE(word.startsWith("$'"), !plain);
    QCOMPARE(bashWord(word), bytes);
}

void TestCurlCommand::wordsOfSample()
{
    const StoredRequest r = sample();
    const QString command = CurlCommand::build(r, QUrl(QStringLiteral("http://127.0.0.1:9000/")));
    QVERIFY(
        command.startsWith(QStringLiteral("curl \\\n  --globoff --path-as-is \\\n  -X POST \\\n")));
    const QList<QByteArray> words = bashWords(command);
    const QList<QByteArray> expected{"--globoff",
                                     "--path-as-is",
                                     "-X",
                                     "POST",
                                     "-H",
                                     "User-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                                     "-H",
                                     "Content-Type: application/json; charset=utf-8",
                                     "-H",
                                     "Stripe-Signature: t=1,v1=abc",
                                     "-H",
                                     "X-Quote: it's \"quoted\" $HOME `id` \\n",
                                     "-H",
                                     "X-Empty;",
                                     "-H",
                                     "x-lower-case: v",
                                     "-H",
                                     "X-Dup: 1",
                                     "-H",
                                     "X-Dup: 2",
                                     "-H",
                                     "Accept:", // the original had none: keep curl from adding */*
                                     "-H",
                                     "Expect:",
                                     "--data-binary",
                                     "{\"id\":\"evt_1\",\"n\":1}",
                                     "http://127.0.0.1:9000/hooks/stripe?a=1&b=[x]"};
    QCOMPARE(words, expected);
}

void TestCurlCommand::noBodyNoExtras()
{
    StoredRequest r;
    r.method = "GET";
    r.path = "/";
    r.headers = {{"Accept", "*/*"}};
    const QList<QByteArray> words =
        bashWords(CurlCommand::build(r, QUrl(QStringLiteral("https://h.example"))));
    QCOMPARE(words, (QList<QByteArray>{"--globoff", "--path-as-is", "--http1.1", "-X", "GET", "-H",
                                       "Accept: */*", "-H", "User-Agent:", "https://h.example/"}));

    r.method = "HEAD";
    r.httpVersion = "1.0";
    QCOMPARE(bashWords(CurlCommand::build(r, QUrl(QStringLiteral("http://h")))).mid(0, 4),
             (QList<QByteArray>{"--globoff", "--path-as-is", "--http1.0", "--head"}));

    // An empty body that was announced as such is still sent (Content-Length: 0).
    r.method = "POST";
    r.headers = {{"Content-Length", "0"}};
    const QList<QByteArray> post =
        bashWords(CurlCommand::build(r, QUrl(QStringLiteral("http://h"))));
    QVERIFY(post.contains("--data-binary"));
    QCOMPARE(post.at(post.indexOf("--data-binary") + 1), QByteArray());
    QVERIFY(post.contains("Content-Type:"));
}

void TestCurlCommand::binaryAndLargeBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("inlined");
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QTest::newRow("binary with NUL") << binary << false;
    QTest::newRow("binary without NUL") << binary.mid(1) << true;
    QTest::newRow("starts with @") << QByteArray("@/etc/passwd") << false;
    QTest::newRow("large text") << QByteArray(CurlCommand::InlineBodyLimit + 1, 'x') << false;
    QTest::newRow("at the limit") << QByteArray(CurlCommand::InlineBodyLimit, 'y') << true;
}

void TestCurlCommand::binaryAndLargeBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, inlined);
    StoredRequest r;
    r.method = "PUT";
    r.path = "/bin";
    r.headers = {{"Content-Type", "application/octet-stream"}};
    r.body = body;
    const QString command = CurlCommand::build(r, QUrl(QStringLiteral("http://h")));
    QCOMPARE(command.contains(QStringLiteral("@<(printf %b ")), !inlined);
    QVERIFY(!command.contains(QChar(0)));
    const QList<QByteArray> words = bashWords(command);
    const qsizetype at = words.indexOf("--data-binary");
    QVERIFY(at > 0);
    const QByteArray arg = words.at(at + 1);
    if (inlined) {
        QCOMPARE(arg, body);
    } else {
        // @ and a /dev/fd path from process substitution; its content was read by the function
        // too late, so check the printf argument instead by running it.
        QVERIFY(arg.startsWith("@/dev/fd/"));
        const qsizetype start = command.indexOf(QStringLiteral("printf %b "));
        // The printf word is on a line of its own: "...printf %b '...') \\"
        const qsizetype end = command.indexOf(QStringLiteral(") \\\n"), start);
        QVERIFY(start > 0 && end > start);
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), command.mid(start, end - start)});
        QVERIFY(bash.waitForFinished(10000));
        QCOMPARE(bash.readAllStandardOutput(), body);
    }
}

void TestCurlCommand::targetUrl()
{
    StoredRequest r;
    r.path = "/p%20q/../x";
    r.query = "u=%E2%82%AC&v";
    QCOMPARE(CurlCommand::targetUrl(r, QUrl(QStringLiteral("http://user:pw@[::1]:81/base/?x#f"))),
             QByteArray("http://[::1]:81/p%20q/../x?u=%E2%82%AC&v"));
    r.query.clear();
    r.path = "/";
    QCOMPARE(CurlCommand::targetUrl(r, QUrl(QStringLiteral("http://localhost:8780"))),
             QByteArray("http://localhost:8780/"));
}

void TestCurlCommand::truncatedBodyIsNamed()
{
    StoredRequest r;
    r.method = "POST";
    r.path = "/big";
    r.headers = {{"Content-Length", "20000000"}, {"Content-Type", "text/plain"}};
    r.truncated = true;
    r.bodySize = 20000000;
    const QString command = CurlCommand::build(r, QUrl(QStringLiteral("http://h")));
    QVERIFY(
        command.startsWith(QStringLiteral("# The body (20000000 bytes) was over the size limit")));
    // Still a runnable command after the comment line.
    const QList<QByteArray> words = bashWords(command);
    QCOMPARE(words.last(), QByteArray("http://h/big"));
    QCOMPARE(words.at(words.indexOf("--data-binary") + 1), QByteArray());
}

void TestCurlCommand::targetCurlWouldRewrite()
{
    StoredRequest r;
    r.method = "GET";
    r.path = "/caf\xC3\xA9/a b";
    r.query = "q=#x";
    const QList<QByteArray> words =
        bashWords(CurlCommand::build(r, QUrl(QStringLiteral("http://h:1/base"))));
    const qsizetype at = words.indexOf("--request-target");
    QVERIFY(at > 0);
    QCOMPARE(words.at(at + 1), QByteArray("/caf\xC3\xA9/a b?q=#x"));
    QCOMPARE(words.last(), QByteArray("http://h:1/"));
    // A plain target stays in the URL.
    r.path = "/plain/%C3%A9";
    r.query = "a=[1]";
    const QList<QByteArray> plain =
        bashWords(CurlCommand::build(r, QUrl(QStringLiteral("http://h:1"))));
    QVERIFY(!plain.contains("--request-target"));
    QCOMPARE(plain.last(), QByteArray("http://h:1/plain/%C3%A9?a=[1]"));
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curl_command.moc"
