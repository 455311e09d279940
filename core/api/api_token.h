#pragma once

#include <QByteArray>
#include <QString>

namespace hookscope {

// The management API's bearer token: 32 random bytes (RAND_bytes) as base64url, made on the
// first start and kept in the data folder as api-token, readable by its owner only (0600).
class ApiToken
{
public:
    // Reads the token, creating it when there is none; empty with *error on failure.
    static QByteArray loadOrCreate(const QString &dataDir, QString *error);
    static QString path(const QString &dataDir);
    // "Authorization: Bearer <token>" against the token, in constant time.
    static bool authorizes(const QByteArray &authorization, const QByteArray &token);
};

} // namespace hookscope
