#include "command_line.h"

#include "engine.h"
#include "exit_codes.h"

#include <QCoreApplication>
#include <cstdio>

namespace hookscope {

CommandLine::CommandLine(const QString &command, const QString &description)
    : m_command(command),
      m_dataDir(QStringLiteral("data-dir"),
                QCoreApplication::translate(
                    "cli", "Folder of hookscope.db (default: $HOOKSCOPE_DATA_DIR, else %1).")
                    .arg(QStringLiteral("~/.local/share/hookscope/hookscope")),
                QStringLiteral("DIR"))
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption(m_dataDir);
}

std::optional<int> CommandLine::process(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        return int(ExitOk);
    }
    if (m_parser.isSet(QStringLiteral("version"))) {
        std::printf("hookscope %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return int(ExitOk);
    }
    if (!m_parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("unexpected argument \"%1\"")
                              .arg(m_parser.positionalArguments().constFirst()));
    }
    return std::nullopt;
}

QString CommandLine::dataDir() const
{
    return m_parser.isSet(m_dataDir) ? m_parser.value(m_dataDir) : Engine::defaultDataDir();
}

int CommandLine::usageError(const QString &message) const
{
    std::fprintf(stderr, "hookscope %s: %s (see hookscope %s --help)\n", qPrintable(m_command),
                 qPrintable(message), qPrintable(m_command));
    return ExitUsage;
}

int CommandLine::fail(int exitCode, const QString &message) const
{
    std::fprintf(stderr, "hookscope %s: %s\n", qPrintable(m_command), qPrintable(message));
    return exitCode;
}

} // namespace hookscope
