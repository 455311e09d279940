#include "token_command.h"

#include "api/api_token.h"
#include "command_line.h"
#include "exit_codes.h"

#include <QCoreApplication>
#include <QDir>
#include <cstdio>

namespace hookscope {

int runToken(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("token"),
                    QCoreApplication::translate(
                        "token", "Print the bearer token of the management API (Authorization: "
                                 "Bearer <token>), creating it on first use."));
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    const QString dataDir = cli.dataDir();
    if (!QDir().mkpath(dataDir))
        return cli.fail(ExitFailure,
                        QStringLiteral("cannot create the data folder %1").arg(dataDir));
    QString error;
    const QByteArray token = ApiToken::loadOrCreate(dataDir, &error);
    if (token.isEmpty())
        return cli.fail(ExitFailure, error);
    std::printf("%s\n", token.constData());
    return ExitOk;
}

} // namespace hookscope
