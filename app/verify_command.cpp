#include "verify_command.h"

#include "command_line.h"
#include "exit_codes.h"
#include "sign/signature_verifier.h"
#include "signature_options.h"

#include <QCoreApplication>
#include <cstdio>

namespace hookscope {

namespace {

bool parseInteger(const QString &text, qint64 min, qint64 *out)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min)
        return false;
    *out = value;
    return true;
}

} // namespace

int runVerify(const QStringList &arguments)
{
    CommandLine cli(QStringLiteral("verify"),
                    QCoreApplication::translate(
                        "verify", "Check a webhook signature over the raw body. Prints valid (...) "
                                  "and exits 0, or invalid: <reason> and exits 1."));
    const SignatureOptions common(cli, true);
    const QCommandLineOption header(
        QStringLiteral("header"),
        QCoreApplication::translate("verify", "A request header, \"Name: value\"; repeatable."),
        QStringLiteral("H"));
    const QCommandLineOption tolerance(
        QStringLiteral("tolerance"),
        QCoreApplication::translate(
            "verify", "Timestamp tolerance in seconds (default: the scheme's; 0 disables)."),
        QStringLiteral("SEC"));
    const QCommandLineOption now(
        QStringLiteral("now"),
        QCoreApplication::translate("verify", "Check the timestamp as if it were this Unix time."),
        QStringLiteral("UNIX"));
    cli.parser().addOptions({header, tolerance, now});
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
    if (secrets.isEmpty())
        return cli.usageError(QStringLiteral("give at least one --secret"));

    HeaderList headers;
    for (const QString &line : p.values(header)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return cli.usageError(
                QStringLiteral("--header \"%1\": expected \"Name: value\"").arg(line));
        headers.append(
            {line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    VerifyOptions options;
    options.url = p.value(common.url).toUtf8();
    options.signatureHeader = p.value(common.signatureHeader).toUtf8();
    if (p.isSet(tolerance)) {
        qint64 seconds = 0;
        if (!parseInteger(p.value(tolerance), 0, &seconds) || seconds > 1000000000)
            return cli.usageError(QStringLiteral("--tolerance: expected seconds, 0 or more"));
        options.toleranceSeconds = int(seconds);
    }
    if (p.isSet(now)) {
        qint64 seconds = 0;
        if (!parseInteger(p.value(now), 1, &seconds) || seconds > 100000000000)
            return cli.usageError(QStringLiteral("--now: expected a Unix time in seconds"));
        options.nowMs = seconds * 1000;
    }

    const VerifyResult result =
        isAuto ? SignatureVerifier::verifyDetected(secrets, headers, body, options)
               : SignatureVerifier::verify(scheme, secrets, headers, body, options);
    QByteArray out = result.summary().toUtf8() + '\n';
    if (!result.valid) {
        if (!result.schemeId.isEmpty() && isAuto)
            out += "  scheme: " + result.schemeId.toUtf8() + " (detected)\n";
        if (result.hasTimestamp)
            out += "  timestamp skew: " + QByteArray::number(result.skewSeconds) + " s\n";
        if (!result.expectedSignature.isEmpty())
            out += "  expected " + result.signatureHeader + ": " + result.expectedSignature + '\n';
        for (const SignatureHint &hint : result.hints)
            out += "  hint: " + hint.message.toUtf8() + '\n';
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    return result.valid ? ExitOk : ExitFailure;
}

} // namespace hookscope
