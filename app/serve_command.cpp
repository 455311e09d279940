#include "serve_command.h"

#include "command_line.h"
#include "engine.h"
#include "exit_codes.h"
#include "unix_signal_watcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <cstdio>

namespace hookscope {

namespace {

void printCaptured(const QList<CaptureSummary> &batch)
{
    // One write per batch: the log must not cost a syscall per request under load.
    QByteArray lines;
    for (const CaptureSummary &s : batch) {
        lines += QDateTime::fromMSecsSinceEpoch(s.receivedUs / 1000)
                     .toString(Qt::ISODateWithMs)
                     .toLatin1();
        lines += ' ';
        lines += s.method;
        lines += ' ';
        lines += s.path;
        if (!s.query.isEmpty())
            lines += '?' + s.query;
        lines += ' ';
        lines += QByteArray::number(s.status);
        lines += ' ';
        lines += QByteArray::number(s.bodySize);
        // The verdict only: the explanation is in the database, the secrets nowhere here.
        if (s.verification == SignatureStatus::Valid)
            lines += " signature valid";
        else if (s.verification == SignatureStatus::Invalid)
            lines += " signature invalid";
        lines += '\n';
    }
    std::fwrite(lines.constData(), 1, size_t(lines.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int runServe(const QStringList &arguments)
{
    CommandLine cli(
        QStringLiteral("serve"),
        QCoreApplication::translate("serve", "Run the webhook receiver without a window."));
    const QCommandLineOption bind(
        QStringLiteral("bind"),
        QCoreApplication::translate("serve", "Address to listen on (default 127.0.0.1)."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QCoreApplication::translate("serve",
                                    "Port to listen on (default 8780; 0 picks a free one)."),
        QStringLiteral("N"), QString::number(ReceiverConfig::DefaultPort));
    const QCommandLineOption rules(
        QStringLiteral("rules"),
        QCoreApplication::translate("serve",
                                    "Replace the endpoint rules with those in this JSON file."),
        QStringLiteral("FILE"));
    const QCommandLineOption maxBody(
        QStringLiteral("max-body"),
        QCoreApplication::translate("serve",
                                    "Largest request body kept, in bytes (default 10485760)."),
        QStringLiteral("BYTES"), QString::number(ReceiverConfig::DefaultMaxBodyBytes));
    const QCommandLineOption sync(
        QStringLiteral("sync"),
        QCoreApplication::translate("serve", "normal: durable when the process dies; full: also on "
                                             "power loss (fsync every commit)."),
        QStringLiteral("MODE"), QStringLiteral("normal"));
    const QCommandLineOption quiet(
        QStringLiteral("quiet"),
        QCoreApplication::translate("serve",
                                    "Print only the listening line, not one line per request."));
    const QCommandLineOption concurrency(
        QStringLiteral("delivery-concurrency"),
        QCoreApplication::translate("serve",
                                    "Outbound delivery attempts in parallel (default 10)."),
        QStringLiteral("N"), QStringLiteral("10"));
    cli.parser().addOptions({bind, port, rules, maxBody, sync, quiet, concurrency});
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    QCommandLineParser &p = cli.parser();

    ReceiverConfig config;
    config.dataDir = cli.dataDir();
    if (!config.bindAddress.setAddress(p.value(bind)))
        return cli.usageError(
            QStringLiteral("--bind: \"%1\" is not an IP address").arg(p.value(bind)));
    bool ok = false;
    const uint portValue = p.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return cli.usageError(
            QStringLiteral("--port: \"%1\" is not a port number").arg(p.value(port)));
    config.port = quint16(portValue);
    config.maxBodyBytes = p.value(maxBody).toLongLong(&ok);
    if (!ok || config.maxBodyBytes < 0)
        return cli.usageError(
            QStringLiteral("--max-body: \"%1\" is not a byte count").arg(p.value(maxBody)));
    if (p.value(sync) == QLatin1String("full"))
        config.sync = Database::Sync::Full;
    else if (p.value(sync) != QLatin1String("normal"))
        return cli.usageError(QStringLiteral("--sync: expected normal or full"));

    const int deliveryConcurrency = p.value(concurrency).toInt(&ok);
    if (!ok || deliveryConcurrency < 1 || deliveryConcurrency > 1000)
        return cli.usageError(
            QStringLiteral("--delivery-concurrency: expected 1 to 1000, not \"%1\"")
                .arg(p.value(concurrency)));

    std::optional<QList<EndpointRule>> newRules;
    if (p.isSet(rules)) {
        QFile file(p.value(rules));
        if (!file.open(QIODevice::ReadOnly))
            return cli.usageError(QStringLiteral("--rules: cannot read %1: %2")
                                      .arg(file.fileName(), file.errorString()));
        QString why;
        newRules = EndpointRule::listFromJson(file.readAll(), &why);
        if (!newRules)
            return cli.usageError(QStringLiteral("--rules: %1: %2").arg(file.fileName(), why));
    }

    Engine engine;
    engine.setDeliveryConcurrency(deliveryConcurrency);
    switch (engine.start(config, newRules)) {
    case Engine::StartError::None:
        break;
    case Engine::StartError::AddressInUse:
        return cli.fail(ExitPortInUse, engine.errorString());
    case Engine::StartError::ListenFailed:
        return cli.fail(ExitListenFailed, engine.errorString());
    case Engine::StartError::DatabaseFailed:
        return cli.fail(ExitFailure, engine.errorString());
    }
    std::printf("listening on http://%s:%u\n", qPrintable(config.bindAddress.toString()),
                unsigned(engine.port()));
    std::fflush(stdout);
    if (!p.isSet(quiet))
        QObject::connect(&engine, &Engine::requestsCaptured, &engine, &printCaptured);

    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &engine,
                     &Engine::stop);
    QObject::connect(&engine, &Engine::stopped, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

} // namespace hookscope
