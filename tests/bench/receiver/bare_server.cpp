// hookscope_bench_bare: the baseline of the receiver benchmark (tests/bench/receiver/run.sh).
// A QHttpServer on 127.0.0.1 that answers every POST, on any path, with 200 and
// {"success":true,"id":"N"} -- the shape of Hookscope's default answer -- without storing
// anything. Any other method gets 405. Prints "listening on http://127.0.0.1:N" first.
//   hookscope_bench_bare [--port N]     (N = 0, the default, picks a free port)

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hookscope_bench_bare"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Reference webhook receiver: answers every POST with 200, stores nothing."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port on 127.0.0.1 (0 picks a free one)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    parser.addOption(portOption);
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "hookscope_bench_bare: --port: \"%s\" is not a port number\n",
                     qPrintable(parser.value(portOption)));
        return 2;
    }

    quint64 nextId = 0;
    QHttpServer server;
    server.setMissingHandler(
        [&nextId](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (request.method() != QHttpServerRequest::Method::Post) {
                responder.write(QHttpServerResponder::StatusCode::MethodNotAllowed);
                return;
            }
            const QByteArray body = QByteArrayLiteral(R"({"success":true,"id":")") +
                                    QByteArray::number(nextId++) + QByteArrayLiteral(R"("})");
            responder.write(body, QByteArrayLiteral("application/json"));
        });

    const quint16 bound = server.listen(QHostAddress::LocalHost, quint16(port));
    if (bound == 0) {
        std::fprintf(stderr, "hookscope_bench_bare: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(bound));
    std::fflush(stdout);

    // Stopped by SIGTERM from the benchmark script: the default action is all it needs.
    return QCoreApplication::exec();
}
