#include "command_line.h"
#include "exit_codes.h"
#include "serve_command.h"

#include <QCoreApplication>
#include <cstdio>
#include <sys/resource.h>

using namespace hookscope;

namespace {

// Many concurrent webhook senders need more descriptors than the usual soft limit of 1024.
void raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

const char *const usage =
    "Usage: hookscope [COMMAND] [OPTIONS]\n"
    "\n"
    "Hookscope catches, inspects and stores webhooks.\n"
    "\n"
    "Commands:\n"
    "  serve     run the receiver without a window (the default for now)\n"
    "\n"
    "Every command takes --data-dir DIR, --help and --version.\n"
    "Exit codes: 0 ok, 1 database or data folder unusable, 2 bad command line or input,\n"
    "            3 receiver port in use, 4 bind address unusable.\n";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hookscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("hookscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
    raiseFileLimit();

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command == QLatin1String("serve")) {
        arguments.removeAt(1);
        return runServe(arguments);
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        std::fputs(usage, stdout);
        return ExitOk;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        std::printf("hookscope %s\n", HOOKSCOPE_VERSION);
        return ExitOk;
    }
    if (!command.isEmpty() && !command.startsWith(QLatin1Char('-'))) {
        std::fprintf(stderr, "hookscope: unknown command \"%s\"\n\n%s", qPrintable(command), usage);
        return ExitUsage;
    }
    // Without a command: the receiver (the window comes with the inspector).
    return runServe(arguments);
}
