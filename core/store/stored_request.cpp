#include "stored_request.h"

namespace hookscope {

QByteArray StoredRequest::header(QByteArrayView name) const
{
    for (const HeaderField &field : headers) {
        if (name.compare(field.name, Qt::CaseInsensitive) == 0)
            return field.value.isNull() ? QByteArray("") : field.value;
    }
    return {};
}

bool StoredRequest::hasHeader(QByteArrayView name) const
{
    return !header(name).isNull();
}

QByteArray StoredRequest::encodeHeaders(const HeaderList &headers)
{
    qsizetype size = 0;
    for (const HeaderField &field : headers)
        size += field.name.size() + field.value.size() + 4;
    QByteArray out;
    out.reserve(size);
    for (const HeaderField &field : headers) {
        out += field.name;
        out += ": ";
        out += field.value;
        out += "\r\n";
    }
    return out;
}

HeaderList StoredRequest::decodeHeaders(const QByteArray &encoded)
{
    HeaderList headers;
    qsizetype start = 0;
    while (start < encoded.size()) {
        qsizetype end = encoded.indexOf("\r\n", start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView line(encoded.constData() + start, end - start);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            QByteArrayView value = line.sliced(colon + 1);
            if (value.startsWith(' '))
                value = value.sliced(1);
            headers.append({line.first(colon).toByteArray(), value.toByteArray()});
        }
        start = end + 2;
    }
    return headers;
}

} // namespace hookscope
