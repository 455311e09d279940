#include "sign_command.h"

#include "command_line.h"
#include "exit_codes.h"
#include "sign/signature_signer.h"
#include "signature_options.h"

#include <QCoreApplication>
#include <cstdio>

namespace hookscope {

int runSign(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("sign"),
                    QCoreApplication::translate(
                        "sign", "Print the headers that sign a body, one \"Name: value\" a line. "
                                "Mailgun signs inside the body: the signed body follows an "
                                "empty line."));
    const SignatureOptions common(cli, false);
    const QCommandLineOption id(
        QStringLiteral("id"),
        QCoreApplication::translate("sign", "Message id (default: msg_ and random hex)."),
        QStringLiteral("ID"));
    const QCommandLineOption timestamp(
        QStringLiteral("timestamp"),
        QCoreApplication::translate("sign", "Unix time in seconds (default: now)."),
        QStringLiteral("UNIX"));
    cli.parser().addOptions({id, timestamp});
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;
    const QCommandLineParser &p = cli.parser();

    SignatureScheme scheme;
    bool isAuto = false;
    if (const std::optional<int> exit = common.readScheme(&scheme, &isAuto))
        return *exit;
    QByteArray body;
    if (const std::optional<int> exit = common.readBody(&body))
        return *exit;
    const QByteArrayList secrets = common.secrets();
    if (secrets.size() != 1)
        return cli.usageError(QStringLiteral("give exactly one --secret"));
    SignOptions options;
    options.id = p.value(id).toUtf8();
    options.url = p.value(common.url).toUtf8();
    options.signatureHeader = p.value(common.signatureHeader).toUtf8();
    if (p.isSet(timestamp)) {
        bool ok = false;
        options.timestamp = p.value(timestamp).toLongLong(&ok);
        if (!ok || options.timestamp <= 0 || options.timestamp > 100000000000)
            return cli.usageError(QStringLiteral("--timestamp: expected a Unix time in seconds"));
    }

    const SignResult result = SignatureSigner::sign(scheme, secrets.constFirst(), body, options);
    if (!result.ok)
        return cli.usageError(result.error);
    QByteArray out;
    for (const HeaderField &field : result.headers)
        out += field.name + ": " + field.value + '\n';
    if (result.body != body)
        out += '\n' + result.body + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    if (result.url != options.url)
        std::fprintf(stderr, "hookscope sign: send it to %s\n", result.url.constData());
    return ExitOk;
}

} // namespace hookscope
