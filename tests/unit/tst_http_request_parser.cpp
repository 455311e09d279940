#include "receive/http_request_parser.h"

#include <QTest>

using namespace hookscope;

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void keepsHeaderOrderCaseAndDuplicates();
    void byteByByte();
    void pipelinedRequests();
    void chunkedBody();
    void queryAndAbsoluteTarget();
    void errors_data();
    void errors();
    void bodyOverLimitByContentLength();
    void bodyOverLimitChunked();
    void expectContinue();
    void httpOneZeroCloses();
    void emptyBodyAndBinaryBytes();
};

void TestHttpRequestParser::keepsHeaderOrderCaseAndDuplicates()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(parser.feed("POST /hook HTTP/1.1\r\nHost: x\r\nX-Z: 1\r\nx-a: 2\r\nX-Z: 3\r\n"
                        "X-Empty:\r\nContent-Length: 2\r\n\r\nhi",
                        out));
    QCOMPARE(out.size(), 1);
    const StoredRequest &r = out.first().request;
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QByteArray("/hook"));
    QCOMPARE(r.httpVersion, QByteArray("1.1"));
    QCOMPARE(r.headers.size(), 6);
    QCOMPARE(r.headers.at(1).name, QByteArray("X-Z"));
    QCOMPARE(r.headers.at(2).name, QByteArray("x-a"));
    QCOMPARE(r.headers.at(3).value, QByteArray("3"));
    QCOMPARE(r.headers.at(4).value, QByteArray(""));
    QVERIFY(!r.headers.at(4).value.isNull());
    QCOMPARE(r.body, QByteArray("hi"));
    QVERIFY(out.first().keepAlive);
}

void TestHttpRequestParser::byteByByte()
{
    const QByteArray request = "PUT /a?b=c HTTP/1.1\r\nLong-Header-Name: some value here\r\n"
                               "Content-Length: 5\r\n\r\nhello";
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    for (char c : request)
        QVERIFY(parser.feed(QByteArrayView(&c, 1), out));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().request.header("long-header-name"), QByteArray("some value here"));
    QCOMPARE(out.first().request.body, QByteArray("hello"));
    QCOMPARE(out.first().request.query, QByteArray("b=c"));
}

void TestHttpRequestParser::pipelinedRequests()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(parser.feed("POST /1 HTTP/1.1\r\nContent-Length: 1\r\n\r\nA"
                        "GET /2 HTTP/1.1\r\n\r\n"
                        "DELETE /3 HTTP/1.1\r\nConnection: close\r\n\r\n",
                        out));
    QCOMPARE(out.size(), 3);
    QCOMPARE(out.at(0).request.path, QByteArray("/1"));
    QCOMPARE(out.at(1).request.method, QByteArray("GET"));
    QCOMPARE(out.at(2).request.method, QByteArray("DELETE"));
    QVERIFY(!out.at(2).keepAlive);
}

void TestHttpRequestParser::chunkedBody()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(parser.feed("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                        out));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().request.body, QByteArray("hello world"));
    QCOMPARE(out.first().request.bodySize, 11);
}

void TestHttpRequestParser::queryAndAbsoluteTarget()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(parser.feed("GET http://example.test:8080/p/q?x=%20y HTTP/1.1\r\n\r\n", out));
    QCOMPARE(out.first().request.path, QByteArray("/p/q"));
    QCOMPARE(out.first().request.query, QByteArray("x=%20y"));
}

void TestHttpRequestParser::errors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << QByteArray("\x01\x02 hello\r\n\r\n") << 400;
    QTest::newRow("unknown method") << QByteArray("FROBNICATE / HTTP/1.1\r\n\r\n") << 501;
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x.y\r\n\r\n") << 400;
    QTest::newRow("lowercase method") << QByteArray("post / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad content length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n") << 400;
    QTest::newRow("huge header") << QByteArray(QByteArray("GET / HTTP/1.1\r\nX: ") +
                                               QByteArray(100000, 'a'))
                                 << 431;
}

void TestHttpRequestParser::errors()
{
    QFETCH(QByteArray, data);
    QFETCH(int, status);
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(!parser.feed(data, out));
    QCOMPARE(parser.errorStatus(), status);
    QVERIFY(!parser.errorText().isEmpty());
    QVERIFY(out.isEmpty());
    QVERIFY(!parser.feed("GET / HTTP/1.1\r\n\r\n", out)); // stays failed
}

void TestHttpRequestParser::bodyOverLimitByContentLength()
{
    HttpRequestParser parser(10);
    QList<ParsedRequest> out;
    QVERIFY(!parser.feed("POST /big HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234", out));
    QCOMPARE(parser.errorStatus(), 413);
    QCOMPARE(out.size(), 1);
    QVERIFY(out.first().tooLarge);
    QVERIFY(out.first().request.truncated);
    QCOMPARE(out.first().request.bodySize, 11);
    QVERIFY(out.first().request.body.isEmpty());
    QCOMPARE(out.first().request.path, QByteArray("/big"));
}

void TestHttpRequestParser::bodyOverLimitChunked()
{
    HttpRequestParser parser(10);
    QList<ParsedRequest> out;
    QVERIFY(!parser.feed("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "8\r\n01234567\r\n8\r\n89abcdef\r\n",
                         out));
    QCOMPARE(parser.errorStatus(), 413);
    QCOMPARE(out.size(), 1);
    QVERIFY(out.first().request.truncated);
    QCOMPARE(out.first().request.bodySize, 16);
}

void TestHttpRequestParser::expectContinue()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(
        parser.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", out));
    QVERIFY(parser.wantsContinue());
    QVERIFY(parser.bodyWithheld());
    parser.continueSent();
    QVERIFY(!parser.wantsContinue());
    QVERIFY(parser.feed("abc", out));
    QCOMPARE(out.size(), 1);
    QVERIFY(!parser.wantsContinue());
}

void TestHttpRequestParser::httpOneZeroCloses()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    QVERIFY(parser.feed("GET / HTTP/1.0\r\n\r\n", out));
    QCOMPARE(out.first().request.httpVersion, QByteArray("1.0"));
    QVERIFY(!out.first().keepAlive);
}

void TestHttpRequestParser::emptyBodyAndBinaryBytes()
{
    HttpRequestParser parser(1024);
    QList<ParsedRequest> out;
    const QByteArray binary("\xff\xfe\x00\x80", 4);
    const QByteArray data = QByteArray("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
                                       "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n") +
                            binary;
    QVERIFY(parser.feed(data, out));
    QCOMPARE(out.size(), 2);
    QVERIFY(out.at(0).request.body.isEmpty());
    QVERIFY(!out.at(0).request.body.isNull());
    QCOMPARE(out.at(1).request.body, binary);
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_http_request_parser.moc"
