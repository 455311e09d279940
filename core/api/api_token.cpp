#include "api_token.h"

#include "sign/constant_time.h"
#include "sign/signature_crypto.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace hookscope {

QString ApiToken::path(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("api-token"));
}

QByteArray ApiToken::loadOrCreate(const QString &dataDir, QString *error)
{
    QFile existing(path(dataDir));
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2")
                         .arg(existing.fileName(), existing.errorString());
            return {};
        }
        const QByteArray token = existing.readAll().trimmed();
        if (token.size() >= 16)
            return token;
        *error = QStringLiteral("%1 holds no usable token (delete it to make a new one)")
                     .arg(existing.fileName());
        return {};
    }
    const QByteArray bytes = signcrypto::randomBytes(32);
    if (bytes.isEmpty()) {
        *error = QStringLiteral("the random generator failed");
        return {};
    }
    const QByteArray token =
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QSaveFile file(path(dataDir));
    // Owner-only before a byte is written: the temporary file is what gets renamed.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(token + '\n') < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return {};
    }
    return token;
}

bool ApiToken::authorizes(const QByteArray &authorization, const QByteArray &token)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 7 || value.left(7).toLower() != "bearer ")
        return false;
    return constantTimeEquals(value.mid(7).trimmed(), token);
}

} // namespace hookscope
