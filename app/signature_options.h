#pragma once

#include "command_line.h"
#include "sign/signature_scheme.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCoreApplication>
#include <optional>

namespace hookscope {

// The options `verify` and `sign` share: the scheme (preset id, alias, "auto" or a JSON file)
// and the body (text, file or stdin).
class SignatureOptions
{
    Q_DECLARE_TR_FUNCTIONS(SignatureOptions)

public:
    explicit SignatureOptions(CommandLine &cli, bool allowAuto);

    // After cli.process(): the scheme, or an exit code (usage error). *isAuto for "auto".
    std::optional<int> readScheme(SignatureScheme *scheme, bool *isAuto) const;
    std::optional<int> readBody(QByteArray *body) const;
    QByteArrayList secrets() const;

    const QCommandLineOption scheme;
    const QCommandLineOption schemeFile;
    const QCommandLineOption secret;
    const QCommandLineOption body;
    const QCommandLineOption bodyFile;
    const QCommandLineOption url;
    const QCommandLineOption signatureHeader;

private:
    CommandLine &m_cli;
    bool m_allowAuto;
};

} // namespace hookscope
