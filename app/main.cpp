#include "command_line.h"
#include "exit_codes.h"
#include "export_command.h"
#include "schemes_command.h"
#include "serve_command.h"
#include "sign_command.h"
#include "token_command.h"
#include "verify_command.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#ifdef HOOKSCOPE_WITH_GUI
#include "gui_command.h"

#include <QApplication>
#endif
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
    "  (none)    open the inspector window with the receiver (serve when there is no display)\n"
    "  serve     run the receiver without a window\n"
    "  verify    check a webhook signature (exit 0 valid, 1 invalid)\n"
    "  sign      print the signature headers for a body\n"
    "  schemes   list the signature schemes\n"
    "  token     print the management API's bearer token\n"
    "  export    export requests, events, deliveries or records as CSV, JSON, NDJSON, HAR\n"
    "  exports   list the export audit log\n"
    "\n"
    "Every command takes --data-dir DIR, --help and --version.\n"
    "Exit codes: 0 ok, 1 database or data folder unusable (verify: signature invalid),\n"
    "            2 bad command line or input, 3 receiver port in use, 4 bind address unusable.\n";

// The window opens when there is no subcommand and a display to open it on.
bool wantsWindow(int argc, char *argv[])
{
#ifdef HOOKSCOPE_WITH_GUI
    if (argc > 1 && argv[1][0] != '-')
        return false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") ||
            !std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "-v"))
            return false;
    }
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") ||
           std::getenv("QT_QPA_PLATFORM");
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    [[maybe_unused]] const bool window = wantsWindow(argc, argv);
    std::unique_ptr<QCoreApplication> app;
#ifdef HOOKSCOPE_WITH_GUI
    if (window)
        app = std::make_unique<QApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hookscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("hookscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
    raiseFileLimit();

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    struct Subcommand
    {
        const char *name;
        int (*run)(const QStringList &);
    };
    const Subcommand subcommands[] = {
        {"serve", runServe},     {"verify", runVerify}, {"sign", runSign},
        {"schemes", runSchemes}, {"token", runToken},   {"export", runExport},
        {"exports", runExports},
    };
    for (const Subcommand &subcommand : subcommands) {
        if (command == QLatin1String(subcommand.name)) {
            arguments.removeAt(1);
            return subcommand.run(arguments);
        }
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
#ifdef HOOKSCOPE_WITH_GUI
    if (window)
        return runGui(arguments);
#endif
    // No display (or a build without the GUI): the headless receiver.
    return runServe(arguments);
}
