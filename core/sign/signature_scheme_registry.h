#pragma once

#include "signature_scheme.h"
#include "store/stored_request.h"

#include <QList>

namespace hookscope {

// The built-in presets (one table, each row with its provider's documented header names and
// rules) and detection of the scheme from the headers a request carries.
class SignatureSchemeRegistry
{
public:
    static const QList<SignatureScheme> &presets();
    // By id or alias, case-insensitive; nullptr when unknown.
    static const SignatureScheme *find(const QString &idOrAlias);

    // Presets whose signature (header or JSON field) is present, most specific first: those
    // with their prefix, timestamp and id headers present rank above partial matches.
    static QList<const SignatureScheme *> detect(const HeaderList &headers, const QByteArray &body);

    // First header of that name, case-insensitive; null when absent.
    static QByteArray headerValue(const HeaderList &headers, QByteArrayView name,
                                  bool *found = nullptr);
    // The first of `names` that is present (its value in *value); empty when none is.
    static QByteArray firstPresent(const HeaderList &headers, const QByteArrayList &names,
                                   QByteArray *value);
};

} // namespace hookscope
