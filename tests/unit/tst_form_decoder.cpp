#include "inspect/form_decoder.h"

#include <QRandomGenerator>
#include <QTest>

using namespace hookscope;

namespace {
QStringList lines(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *t : texts)
        out << QString::fromUtf8(t);
    return out;
}

// "name=value" per field, file parts as "name[filename;type;size]=value".
QStringList describe(const QList<FormField> &fields)
{
    QStringList out;
    for (const FormField &f : fields) {
        QString line = f.name;
        if (f.isFile)
            line += QStringLiteral("[%1;%2;%3]")
                        .arg(f.filename, QString::fromLatin1(f.contentType))
                        .arg(f.size());
        out << line + QLatin1Char('=') + QString::fromUtf8(f.value);
    }
    return out;
}
} // namespace

class TestFormDecoder : public QObject
{
    Q_OBJECT

private slots:
    void kind_data();
    void kind();
    void urlEncoded_data();
    void urlEncoded();
    void multipart_data();
    void multipart();
    void multipartBinaryPart();
    void parameters();
    void mutatedMultipart();
};

void TestFormDecoder::kind_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("kind");
    QTest::newRow("urlencoded") << QByteArray("application/x-www-form-urlencoded")
                                << int(FormDecoder::Kind::UrlEncoded);
    QTest::newRow("urlencoded charset upper")
        << QByteArray("Application/X-WWW-Form-Urlencoded; charset=UTF-8")
        << int(FormDecoder::Kind::UrlEncoded);
    QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=x")
                               << int(FormDecoder::Kind::Multipart);
    QTest::newRow("json") << QByteArray("application/json") << int(FormDecoder::Kind::None);
    QTest::newRow("multipart mixed")
        << QByteArray("multipart/mixed; boundary=x") << int(FormDecoder::Kind::None);
    QTest::newRow("empty") << QByteArray() << int(FormDecoder::Kind::None);
}

void TestFormDecoder::kind()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, kind);
    QCOMPARE(int(FormDecoder::kindOf(contentType)), kind);
}

void TestFormDecoder::urlEncoded_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("order kept, duplicates kept")
        << QByteArray("z=1&a=2&z=3") << lines({"z=1", "a=2", "z=3"});
    QTest::newRow("plus and percent") << QByteArray("q=hello+world%21&e=caf%C3%A9&p=%2B1")
                                      << lines({"q=hello world!", "e=caf\u00e9", "p=+1"});
    QTest::newRow("encoded names") << QByteArray("a%5Bb%5D=1&x+y=2") << lines({"a[b]=1", "x y=2"});
    QTest::newRow("no value and empty value")
        << QByteArray("flag&empty=&=v") << lines({"flag=", "empty=", "=v"});
    QTest::newRow("empty pairs skipped") << QByteArray("&&a=1&&") << lines({"a=1"});
    QTest::newRow("second = stays in value") << QByteArray("t=a=b") << lines({"t=a=b"});
    QTest::newRow("bad percent left alone")
        << QByteArray("a=%zz%4&b=%") << lines({"a=%zz%4", "b=%"});
    QTest::newRow("empty body") << QByteArray() << QStringList{};
}

void TestFormDecoder::urlEncoded()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, fields);
    const FormDecodeResult r = FormDecoder::decodeUrlEncoded(body);
    QVERIFY(r.ok());
    QCOMPARE(describe(r.fields), fields);
}

void TestFormDecoder::multipart_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<bool>("ok");

    const QByteArray ct = "multipart/form-data; boundary=----b0undary";
    const QByteArray good =
        "preamble ignored\r\n"
        "------b0undary\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "Hello\r\nworld\r\n"
        "------b0undary\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a;b.txt\"\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "file body\r\n"
        "------b0undary\r\n"
        "content-disposition: form-data; name=\"empty\"\r\n"
        "\r\n"
        "\r\n"
        "------b0undary--\r\n"
        "epilogue";
    const QStringList goodFields =
        lines({"title=Hello\r\nworld", "file[a;b.txt;text/plain;9]=file body", "empty="});
    QTest::newRow("fields and a file") << ct << good << goodFields << true;
    QTest::newRow("quoted boundary")
        << QByteArray("multipart/form-data; charset=utf-8; boundary=\"----b0undary\"") << good
        << goodFields << true;
    QByteArray lf = good;
    lf.replace("\r\n", "\n");
    QTest::newRow("bare LF line ends")
        << ct << lf
        << lines({"title=Hello\nworld", "file[a;b.txt;text/plain;9]=file body", "empty="}) << true;
    QTest::newRow("no parts") << ct << QByteArray("------b0undary--\r\n") << QStringList{} << true;

    QTest::newRow("no boundary parameter")
        << QByteArray("multipart/form-data") << good << QStringList{} << false;
    QTest::newRow("boundary absent from body")
        << QByteArray("multipart/form-data; boundary=other") << good << QStringList{} << false;
    QTest::newRow("missing closing boundary")
        << ct << good.left(good.indexOf("------b0undary--"))
        << lines({"title=Hello\r\nworld", "file[a;b.txt;text/plain;9]=file body"}) << false;
    QTest::newRow("headers never end")
        << ct << QByteArray("------b0undary\r\nContent-Disposition: form-data; name=\"a\"")
        << QStringList{} << false;
    QTest::newRow("part without name")
        << ct
        << QByteArray("------b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n------b0undary--")
        << QStringList{} << false;
    QTest::newRow("garbage header line")
        << ct << QByteArray("------b0undary\r\nnot a header\r\n\r\nx\r\n------b0undary--")
        << QStringList{} << false;
    QTest::newRow("garbage after boundary")
        << ct << QByteArray("------b0undaryXYZ\r\n\r\n") << QStringList{} << false;
    QTest::newRow("empty body") << ct << QByteArray() << QStringList{} << false;
    QTest::newRow("boundary only") << ct << QByteArray("------b0undary") << QStringList{} << false;
}

void TestFormDecoder::multipart()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, fields);
    QFETCH(bool, ok);
    const FormDecodeResult r = FormDecoder::decode(body, contentType);
    QCOMPARE(r.ok(), ok);
    QCOMPARE(describe(r.fields), fields);
}

void TestFormDecoder::multipartBinaryPart()
{
    QByteArray payload;
    for (int i = 0; i < 256; ++i)
        payload.append(char(i));
    payload.append("\r\n--not-the-boundary\r\n");
    const QByteArray body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"bin\"; filename=\"b.bin\""
        "\r\nContent-Type: application/octet-stream\r\n\r\n" +
        payload + "\r\n--XyZ--";
    const FormDecodeResult r =
        FormDecoder::decodeMultipart(body, "multipart/form-data; boundary=XyZ");
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.fields.size(), 1);
    QCOMPARE(r.fields[0].value, payload);
    QCOMPARE(r.fields[0].size(), payload.size());
    QVERIFY(r.fields[0].isFile);

    // Every prefix of a valid body either decodes or reports an error; none crashes.
    for (qsizetype n = 0; n < body.size(); ++n)
        QVERIFY(
            !FormDecoder::decodeMultipart(body.left(n), "multipart/form-data; boundary=XyZ").ok());
}

void TestFormDecoder::parameters()
{
    QCOMPARE(FormDecoder::headerParameter("form-data; name=\"a\\\"b\"; filename=x.txt", "name"),
             QByteArray("a\"b"));
    QCOMPARE(FormDecoder::headerParameter("form-data; NAME=\"v\"", "name"), QByteArray("v"));
    QCOMPARE(FormDecoder::headerParameter("form-data; name=\"\"", "name"), QByteArray(""));
    QVERIFY(!FormDecoder::headerParameter("form-data; name=\"\"", "name").isNull());
    QVERIFY(FormDecoder::headerParameter("form-data; filename=x", "name").isNull());
    QVERIFY(FormDecoder::headerParameter("form-data", "name").isNull());
}

void TestFormDecoder::mutatedMultipart()
{
    // Random byte edits of a valid body: always a result or an error, never a crash or an
    // out-of-bounds read (run under ASan); field values are pieces of the body.
    const QByteArray seed = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                            "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
                            "Content-Type: text/plain\r\n\r\nabc\r\n--b--\r\n";
    QVERIFY(FormDecoder::decodeMultipart(seed, "multipart/form-data; boundary=b").ok());
    QRandomGenerator rng(11);
    for (int round = 0; round < 20000; ++round) {
        QByteArray body = seed;
        for (int e = 0; e < 1 + int(rng.bounded(3)); ++e) {
            const qsizetype at = qsizetype(rng.bounded(quint32(body.size())));
            if (rng.bounded(2))
                body[at] = "-\r\n\":;=b"[rng.bounded(9)];
            else
                body.remove(at, 1 + qsizetype(rng.bounded(3)));
        }
        const FormDecodeResult r =
            FormDecoder::decodeMultipart(body, "multipart/form-data; boundary=b");
        for (const FormField &f : r.fields)
            QVERIFY(f.value.isEmpty() || body.contains(f.value));
        FormDecoder::decodeUrlEncoded(body);
    }
}

QTEST_GUILESS_MAIN(TestFormDecoder)
#include "tst_form_decoder.moc"
