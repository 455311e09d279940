#pragma once

#include <QCommandLineParser>
#include <optional>

namespace hookscope {

// The options every subcommand shares (--help, --version, --data-dir) and the way they
// report errors: one line on stderr and a documented exit code.
class CommandLine
{
public:
    CommandLine(const QString &command, const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    // Parses; returns an exit code when the command should end now (help, version, error).
    std::optional<int> process(const QStringList &arguments);
    QString dataDir() const;

    int usageError(const QString &message) const;
    int fail(int exitCode, const QString &message) const;

private:
    QString m_command;
    QCommandLineParser m_parser;
    QCommandLineOption m_dataDir;
};

} // namespace hookscope
