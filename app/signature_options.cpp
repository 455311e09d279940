#include "signature_options.h"

#include "sign/signature_scheme_registry.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace hookscope {

SignatureOptions::SignatureOptions(CommandLine &cli, bool allowAuto)
    : scheme(QStringLiteral("scheme"),
             allowAuto ? tr("Scheme id or alias (see hookscope schemes), or auto to detect it "
                            "from the headers.")
                       : tr("Scheme id or alias (see hookscope schemes)."),
             QStringLiteral("ID")),
      schemeFile(QStringLiteral("scheme-file"),
                 tr("A custom scheme as JSON (as hookscope schemes --json writes it)."),
                 QStringLiteral("FILE")),
      secret(QStringLiteral("secret"),
             allowAuto ? tr("Secret or public key; repeat for several candidates.")
                       : tr("Secret, or the private key of an asymmetric scheme."),
             QStringLiteral("S")),
      body(QStringLiteral("body"), tr("The body, as text."), QStringLiteral("TEXT")),
      bodyFile(QStringLiteral("body-file"), tr("The body, read from a file (- for stdin)."),
               QStringLiteral("F")),
      url(QStringLiteral("url"), tr("The request URL (Twilio, Square sign it)."),
          QStringLiteral("URL")),
      signatureHeader(QStringLiteral("signature-header"),
                      tr("Read/write the signature in this header instead of the scheme's."),
                      QStringLiteral("NAME")),
      m_cli(cli), m_allowAuto(allowAuto)
{
    cli.parser().addOptions({scheme, schemeFile, secret, body, bodyFile, url, signatureHeader});
}

std::optional<int> SignatureOptions::readScheme(SignatureScheme *out, bool *isAuto) const
{
    const QCommandLineParser &p = m_cli.parser();
    *isAuto = false;
    if (p.isSet(scheme) == p.isSet(schemeFile))
        return m_cli.usageError(QStringLiteral("give either --scheme or --scheme-file"));
    if (p.isSet(schemeFile)) {
        QFile file(p.value(schemeFile));
        if (!file.open(QIODevice::ReadOnly))
            return m_cli.usageError(QStringLiteral("--scheme-file: cannot read %1: %2")
                                        .arg(file.fileName(), file.errorString()));
        QJsonParseError parseError{};
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        QString error = parseError.errorString();
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return m_cli.usageError(
                QStringLiteral("--scheme-file: %1 is not a JSON object").arg(file.fileName()));
        if (!SignatureScheme::fromJson(document.object(), out, &error))
            return m_cli.usageError(
                QStringLiteral("--scheme-file: %1: %2").arg(file.fileName(), error));
        return std::nullopt;
    }
    const QString id = p.value(scheme);
    if (m_allowAuto && id == QLatin1String("auto")) {
        *isAuto = true;
        return std::nullopt;
    }
    const SignatureScheme *preset = SignatureSchemeRegistry::find(id);
    if (!preset)
        return m_cli.usageError(
            QStringLiteral("unknown scheme \"%1\"; hookscope schemes lists them").arg(id));
    *out = *preset;
    return std::nullopt;
}

std::optional<int> SignatureOptions::readBody(QByteArray *out) const
{
    const QCommandLineParser &p = m_cli.parser();
    if (p.isSet(body) && p.isSet(bodyFile))
        return m_cli.usageError(QStringLiteral("give either --body or --body-file, not both"));
    if (p.isSet(body)) {
        *out = p.value(body).toUtf8();
        return std::nullopt;
    }
    if (!p.isSet(bodyFile)) {
        out->clear();
        return std::nullopt;
    }
    const QString name = p.value(bodyFile);
    QFile file(name);
    bool opened = false;
    if (name == QLatin1String("-"))
        opened = file.open(stdin, QIODevice::ReadOnly);
    else
        opened = file.open(QIODevice::ReadOnly);
    if (!opened)
        return m_cli.usageError(
            QStringLiteral("--body-file: cannot read %1: %2").arg(name, file.errorString()));
    *out = file.readAll(); // the raw bytes, never re-encoded
    return std::nullopt;
}

QByteArrayList SignatureOptions::secrets() const
{
    QByteArrayList list;
    for (const QString &value : m_cli.parser().values(secret))
        list << value.toUtf8();
    return list;
}

} // namespace hookscope
