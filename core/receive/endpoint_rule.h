#pragma once

#include "sign/signature_scheme.h"
#include "store/stored_request.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QStringList>
#include <optional>

namespace hookscope {

// One inbound rule: which requests it takes (methods + path glob) and how to answer them.
// The JSON format is the one of `hookscope serve --rules FILE`, documented in README.
struct EndpointRule
{
    // Verifies each request's signature on arrival (README "Endpoint rules", "signature").
    struct SignatureCheck
    {
        SignatureScheme scheme;       // a preset, resolved when the rule is read
        QList<QByteArray> secrets;    // candidates in order; kept out of endpoints.spec
        QByteArray signatureHeader;   // empty: the scheme's
        std::optional<int> tolerance; // seconds; none: the scheme's, 0: no age check
        bool reject = false;          // answer 401 when invalid; otherwise capture and mark
    };

    qint64 id = 0;
    QString name;
    bool enabled = true;
    QList<QByteArray> methods; // upper case; empty: any method
    QString pathGlob = QStringLiteral("/**");
    QRegularExpression pathPattern;

    QByteArray secret; // empty: no secret required
    QByteArray secretHeader = QByteArrayLiteral("x-webhook-secret");
    bool requireJson = false;
    QStringList requiredFields; // top-level JSON fields; imply requireJson
    std::optional<SignatureCheck> signature;

    int status = 200;
    HeaderList responseHeaders;
    std::optional<QByteArray> bodyTemplate; // none: the default {"success":true,"id":...}
    int delayMs = 0;

    int failFirst = 0;     // fail the first N matching requests
    double failRate = 0.0; // then fail this share of them
    int failStatus = 503;

    bool matches(QByteArrayView method, QByteArrayView path) const;

    static std::optional<EndpointRule> fromJson(const QJsonObject &spec, QString *error);
    QJsonObject toJson() const;
    // A rules file: {"rules": [...]} or a bare array. Reports the first problem with the
    // rule's position and name.
    static std::optional<QList<EndpointRule>> listFromJson(const QByteArray &json, QString *error);

    // '*' matches within one path segment, '**' across segments, '?' one character.
    static QRegularExpression globToRegex(const QString &glob);
};

} // namespace hookscope
