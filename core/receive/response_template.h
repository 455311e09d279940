#pragma once

#include "store/stored_request.h"

#include <QByteArray>
#include <QString>

namespace hookscope {

// Response bodies with placeholders, rendered once the request has its id:
//   {{request.id}} {{request.method}} {{request.path}} {{request.query}}
//   {{request.remoteAddress}} {{now.ms}} {{now.s}} {{now.iso}} {{uuid}}
//   {{header.NAME}} (case-insensitive) {{body.a.b}} / {{body.items.0.id}} (JSON path)
// In a JSON response, text values are JSON-escaped (the template supplies the quotes);
// numbers, booleans and nested values from the body are inserted as JSON.
class ResponseTemplate
{
public:
    // An empty string when every placeholder is known, otherwise why not.
    static QString validate(const QByteArray &text);
    static bool hasPlaceholders(const QByteArray &text) { return text.contains("{{"); }
    static QByteArray render(const QByteArray &text, const StoredRequest &request, qint64 nowMs,
                             bool jsonContext);
};

} // namespace hookscope
