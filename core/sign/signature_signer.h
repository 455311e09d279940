#pragma once

#include "signature_scheme.h"
#include "store/stored_request.h"

#include <QByteArray>
#include <QString>

namespace hookscope {

struct SignOptions
{
    QByteArray id;              // message id ({id}); generated ("msg_" + random) when empty
    qint64 timestamp = 0;       // Unix seconds; 0: now
    QByteArray url;             // the target URL (Twilio, Square)
    QByteArray signatureHeader; // overrides the scheme's signature header name
};

struct SignResult
{
    bool ok = false;
    QString error;
    HeaderList headers; // id, timestamp and signature headers to send
    QByteArray body;    // the body to send: the input, or Mailgun's with its signature added
    QByteArray url;     // the URL to send to: Twilio's gains bodySHA256 for a non-form body
};

struct GeneratedSecret
{
    QByteArray signingSecret;   // what the sender keeps
    QByteArray verifyingSecret; // what the receiver checks with (the same for HMAC)
};

// Produces the headers a sender of a scheme sends; the delivery worker signs each attempt
// with the attempt's id and timestamp.
class SignatureSigner
{
public:
    static SignResult sign(const SignatureScheme &scheme, const QByteArray &secret,
                           const QByteArray &body, const SignOptions &options = {});
    // A fresh secret in the scheme's format from RAND_bytes (32 bytes for HMAC), or a key pair
    // for asymmetric schemes. Empty on failure.
    static GeneratedSecret generateSecret(const SignatureScheme &scheme);
};

} // namespace hookscope
