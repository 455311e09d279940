// hookscope_bench_bare: the baseline of the receiver benchmark (tests/bench/receiver/run.sh).
// A QHttpServer on 127.0.0.1 that answers every POST, on any path, with 200 and
// {"success":true,"id":"N"} -- the shape of Hookscope's default answer -- without storing
// anything. Any other method gets 405. Prints "listening on http://127.0.0.1:N" first.
//   hookscope_bench_bare [--port N] [--status 204]  (N = 0, the default, picks a free port;
//   --status 204 answers with no body: the sink of tests/bench/delivery/run.sh)

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
    const QCommandLineOption statusOption(QStringLiteral("status"),
                                          QStringLiteral("Answer 200 with JSON, or 204 empty."),
                                          QStringLiteral("CODE"), QStringLiteral("200"));
    parser.addOption(statusOption);
    parser.process(app);
    const bool noContent = parser.value(statusOption) == QLatin1String("204");
    if (!noContent && parser.value(statusOption) != QLatin1String("200")) {
        std::fprintf(stderr, "hookscope_bench_bare: --status: expected 200 or 204\n");
        return 2;
    }

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
        [&nextId, noContent](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (request.method() != QHttpServerRequest::Method::Post) {
                responder.write(QHttpServerResponder::StatusCode::MethodNotAllowed);
                return;
            }
            if (noContent) {
                responder.write(QHttpServerResponder::StatusCode::NoContent);
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
