#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope {

struct HeaderField
{
    QByteArray name; // as received, original case
    QByteArray value;
};

using HeaderList = QList<HeaderField>;

// The outcome of the endpoint rule's signature check; the values are stored in
// requests.verification.
enum class SignatureStatus
{
    NotConfigured = 0,
    Valid = 1,
    Invalid = 2
};

// Unknown stored values (a newer build's) read as not configured.
inline SignatureStatus signatureStatusFrom(int value)
{
    return value == 1   ? SignatureStatus::Valid
           : value == 2 ? SignatureStatus::Invalid
                        : SignatureStatus::NotConfigured;
}

// One captured HTTP request as stored in the requests table.
struct StoredRequest
{
    qint64 id = 0;
    qint64 receivedUs = 0; // microseconds since the Unix epoch, UTC
    QByteArray method;
    QByteArray path;  // raw, as in the request target
    QByteArray query; // raw, without the '?'
    QByteArray httpVersion = QByteArrayLiteral("1.1");
    HeaderList headers; // received order
    QByteArray body;
    qint64 bodySize = 0;    // bytes announced or received; may exceed body.size() when truncated
    bool truncated = false; // body not kept (over the size limit)
    QString remoteAddress;
    quint16 remotePort = 0;
    qint64 endpointId = 0; // 0: no rule matched
    QString endpointName;
    int responseStatus = 0;
    QByteArray responseBody;
    QString sessionId; // top-level "sessionId" of a JSON body
    QString eventType; // top-level type/event/eventType of a JSON body
    SignatureStatus verification = SignatureStatus::NotConfigured;
    QString verificationDetail; // the verifier's summary and hints; never a secret

    // First header of that name, compared case-insensitively; null when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QByteArray contentType() const { return header("content-type"); }

    // Headers are stored as they travel: "Name: value\r\n" lines in received order.
    static QByteArray encodeHeaders(const HeaderList &headers);
    static HeaderList decodeHeaders(const QByteArray &encoded);
};

} // namespace hookscope
