#include "schemes_command.h"

#include "command_line.h"
#include "exit_codes.h"
#include "sign/signature_scheme_registry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace hookscope {

int runSchemes(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("schemes"),
                    QCoreApplication::translate(
                        "schemes", "List the signature schemes hookscope verify and sign know."));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QCoreApplication::translate(
            "schemes", "Print this scheme as JSON (a starting point for --scheme-file); "
                       "all for every preset."),
        QStringLiteral("ID"));
    cli.parser().addOption(json);
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    const QCommandLineParser &p = cli.parser();
    const QList<SignatureScheme> &presets = SignatureSchemeRegistry::presets();

    QByteArray out;
    if (p.isSet(json)) {
        if (p.value(json) == QLatin1String("all")) {
            QJsonArray array;
            for (const SignatureScheme &scheme : presets)
                array.append(scheme.toJson());
            out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        } else {
            const SignatureScheme *scheme = SignatureSchemeRegistry::find(p.value(json));
            if (!scheme)
                return cli.usageError(QStringLiteral("unknown scheme \"%1\"").arg(p.value(json)));
            out = QJsonDocument(scheme->toJson()).toJson(QJsonDocument::Indented);
        }
    } else {
        qsizetype width = 0;
        for (const SignatureScheme &scheme : presets)
            width = qMax(width, scheme.id.size());
        for (const SignatureScheme &scheme : presets) {
            QString line = scheme.id.leftJustified(width + 2) + scheme.description;
            if (!scheme.aliases.isEmpty())
                line +=
                    QStringLiteral(" [alias %1]").arg(scheme.aliases.join(QStringLiteral(", ")));
            out += line.toUtf8() + '\n';
        }
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    return ExitOk;
}

} // namespace hookscope
