// Copy as curl, end to end: a request captured by the real `hookscope serve` is turned into a
// curl command line, bash runs it against the same server, and the second capture must hold
// the same method, path, query, headers (in order and case) and body bytes as the first.
#include "inspect/curl_command.h"
#include "serve_process.h"
#include "store/database.h"
#include "store/request_store.h"

#include <QProcess>
#include <QTest>

using namespace hookscope;

namespace {

// Headers that curl writes itself from the URL and the body it sends.
HeaderList withoutComputed(const HeaderList &headers)
{
    HeaderList out;
    for (const HeaderField &f : headers) {
        if (f.name.compare("host", Qt::CaseInsensitive) != 0 &&
            f.name.compare("content-length", Qt::CaseInsensitive) != 0)
            out.append(f);
    }
    return out;
}

QByteArray describe(const HeaderList &headers)
{
    return StoredRequest::encodeHeaders(headers);
}

} // namespace

class TestCurlE2E : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resentBytesMatch_data();
    void resentBytesMatch();
    void expectContinueIsKept();
    void cleanupTestCase();

private:
    ServeProcess *m_server = nullptr;
    Database *m_db = nullptr;
    RequestStore *m_store = nullptr;
};

void TestCurlE2E::initTestCase()
{
    for (const char *tool : {"curl", "bash"}) {
        QProcess p;
        p.start(QString::fromLatin1(tool), {QStringLiteral("--version")});
        QVERIFY2(p.waitForFinished() && p.exitCode() == 0, tool);
    }
    m_server = new ServeProcess;
    QVERIFY(m_server->start());
    m_db = new Database(m_server->databasePath(), QStringLiteral("curl-e2e"));
    QVERIFY(m_db->open());
    m_store = new RequestStore(m_db->connection());
}

void TestCurlE2E::cleanupTestCase()
{
    delete m_store;
    delete m_db;
    delete m_server;
}

void TestCurlE2E::resentBytesMatch_data()
{
    QTest::addColumn<QByteArray>("head"); // request line and headers, without the final CRLF
    QTest::addColumn<QByteArray>("body");

    const auto withLength = [](const QByteArray &head, const QByteArray &body) -> QByteArray {
        return head + "\r\nContent-Length: " + QByteArray::number(body.size());
    };

    const QByteArray json = R"({"id":"evt_1","type":"invoice.paid","data":{"amount":100}})";
    QTest::newRow("json with odd headers")
        << withLength("POST /hooks/stripe?a=1&b=[x]&c=%20{y} HTTP/1.1\r\n"
                      "Host: example.org\r\n"
                      "stripe-signature: t=1,v1=abc\r\n"
                      "Content-Type: application/json\r\n"
                      "X-Quote: it's \"quoted\" $HOME `id` $(id) \\n !x\r\n"
                      "X-Dup: 1\r\n"
                      "X-DUP: 2\r\n"
                      "X-Empty: \r\n"
                      "X-Unicode: caf\xC3\xA9",
                      json)
        << json;

    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    binary += binary;
    QTest::newRow("binary body with NUL")
        << withLength("PUT /upload/file.bin HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/octet-stream\r\nUser-Agent: uploader/2",
                      binary)
        << binary;
    QTest::newRow("binary body without NUL")
        << withLength("POST /b HTTP/1.1\r\nHost: x\r\nX-Latin1: \xE9t\xE9", binary.mid(1, 300))
        << binary.mid(1, 300);
    QTest::newRow("get without body")
        << QByteArray("GET /status?verbose HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n"
                      "User-Agent: probe")
        << QByteArray();
    QTest::newRow("delete with empty body")
        << QByteArray("DELETE /items/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0") << QByteArray();
    const QByteArray at = "@/etc/hostname";
    QTest::newRow("body that looks like a curl file")
        << withLength("POST /at HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain", at) << at;
    QByteArray large;
    for (int i = 0; i < 20000; ++i)
        large += "line " + QByteArray::number(i) + " it's\t\"x\"\r\n";
    QTest::newRow("large body through printf")
        << withLength("PATCH /large HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain", large)
        << large;
    QTest::newRow("raw utf-8 and odd characters in the target")
        << QByteArray("GET /caf\xC3\xA9/a%2Fb/{x}/[y]/..;/?q=\xE2\x82\xAC&r='\"'|$ HTTP/1.1\r\n"
                      "Host: x")
        << QByteArray();
    const QByteArray form = "name=J%C3%B6rg+M&tags=a&tags=b";
    QTest::newRow("form without accept")
        << withLength("POST /form HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/x-www-form-urlencoded",
                      form)
        << form;
}

void TestCurlE2E::resentBytesMatch()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, body);

    const qint64 before = m_store->maxId();
    const RawReply first = rawRequest(m_server->port(), head + "\r\n\r\n" + body);
    QCOMPARE(first.status, 200);
    const std::optional<StoredRequest> original = m_store->fetch(before + 1);
    QVERIFY(original);
    QCOMPARE(original->body, body);

    const QString command = CurlCommand::build(
        *original, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())));
    QProcess bash;
    // Through stdin, as if pasted: a large command is over the limit for one argument.
    bash.start(QStringLiteral("bash"), {QStringLiteral("-s")});
    bash.write((command + QStringLiteral(" -sS\n")).toUtf8());
    bash.closeWriteChannel();
    QVERIFY(bash.waitForFinished(30000));
    QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());

    const std::optional<StoredRequest> again = m_store->fetch(before + 2);
    QVERIFY(again);
    QCOMPARE(again->method, original->method);
    QCOMPARE(again->path, original->path);
    QCOMPARE(again->query, original->query);
    QCOMPARE(again->body, original->body);
    QCOMPARE(again->bodySize, original->bodySize);
    QCOMPARE(describe(withoutComputed(again->headers)),
             describe(withoutComputed(original->headers)));
    QCOMPARE(again->header("content-length"), original->header("content-length"));
    QCOMPARE(again->responseStatus, 200);
}

// An original that announced Expect: 100-continue keeps it (and the server's 100 answer
// lets curl go on); the command is built from a request as the store returns it.
void TestCurlE2E::expectContinueIsKept()
{
    StoredRequest original;
    original.method = "POST";
    original.path = "/continue";
    original.body = "[" + QByteArray("0,").repeated(999) + "0";
    original.body.append(']');
    original.headers = {{"Host", "x"},
                        {"Content-Type", "application/json"},
                        {"Expect", "100-continue"},
                        {"Content-Length", QByteArray::number(original.body.size())}};
    const qint64 before = m_store->maxId();
    QProcess bash;
    bash.start(QStringLiteral("bash"), {QStringLiteral("-s")});
    bash.write((CurlCommand::build(
                    original, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()))) +
                QStringLiteral(" -sS\n"))
                   .toUtf8());
    bash.closeWriteChannel();
    QVERIFY(bash.waitForFinished(30000));
    QCOMPARE(bash.exitCode(), 0);
    const std::optional<StoredRequest> stored = m_store->fetch(before + 1);
    QVERIFY(stored);
    QCOMPARE(stored->body, original.body);
    QCOMPARE(describe(withoutComputed(stored->headers)),
             describe(withoutComputed(original.headers)));
}

QTEST_GUILESS_MAIN(TestCurlE2E)
#include "tst_curl_e2e.moc"
