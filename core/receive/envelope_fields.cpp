#include "envelope_fields.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hookscope {

namespace {

class Scanner
{
public:
    explicit Scanner(QByteArrayView text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }
    bool take(char c)
    {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // A string token including its quotes; empty when malformed.
    QByteArrayView string()
    {
        skipSpace();
        const qsizetype start = m_pos;
        if (peek() != '"')
            return {};
        for (++m_pos; !atEnd(); ++m_pos) {
            const char c = m_text.at(m_pos);
            if (c == '\\') {
                ++m_pos;
            } else if (c == '"') {
                ++m_pos;
                return m_text.sliced(start, m_pos - start);
            }
        }
        return {};
    }
    // Skips any value; nested objects and arrays are matched by bracket depth.
    bool skipValue()
    {
        skipSpace();
        if (peek() == '"')
            return !string().isEmpty();
        int depth = 0;
        while (!atEnd()) {
            const char c = peek();
            if (c == '"') {
                if (string().isEmpty())
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    return true;
                --depth;
            } else if (c == ',' && depth == 0) {
                return true;
            }
            ++m_pos;
            if (depth == 0 && (c == '}' || c == ']'))
                return true;
        }
        return depth == 0;
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

QString decode(QByteArrayView quoted)
{
    const QByteArrayView inner = quoted.sliced(1, quoted.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    const QByteArray array = '[' + quoted.toByteArray() + ']';
    return QJsonDocument::fromJson(array).array().at(0).toString();
}

int eventTypeRank(QByteArrayView key)
{
    if (key == "\"type\"")
        return 1;
    if (key == "\"eventType\"")
        return 2;
    if (key == "\"event\"")
        return 3;
    if (key == "\"event_type\"")
        return 4;
    return 0;
}

} // namespace

EnvelopeFields EnvelopeFields::scan(QByteArrayView body)
{
    EnvelopeFields fields;
    Scanner s(body);
    if (!s.take('{'))
        return fields;
    if (s.take('}'))
        return fields;
    QString sessionId;
    QString eventType;
    int bestRank = 0;
    do {
        const QByteArrayView key = s.string();
        if (key.isEmpty() || !s.take(':'))
            return fields;
        s.skipSpace();
        const int rank = eventTypeRank(key);
        const bool wanted = key == "\"sessionId\"" || rank > 0;
        if (wanted && s.peek() == '"') {
            const QByteArrayView value = s.string();
            if (value.isEmpty())
                return fields;
            if (rank == 0)
                sessionId = decode(value);
            else if (bestRank == 0 || rank < bestRank) {
                eventType = decode(value);
                bestRank = rank;
            }
        } else if (!s.skipValue()) {
            return fields;
        }
    } while (s.take(','));
    if (!s.take('}'))
        return fields;
    s.skipSpace();
    if (!s.atEnd())
        return fields;
    fields.sessionId = sessionId;
    fields.eventType = eventType;
    return fields;
}

QString EnvelopeFields::eventTypeFromHeaders(const HeaderList &headers)
{
    static constexpr QByteArrayView eventHeaders[] = {
        "x-github-event",
        "x-gitlab-event",
        "x-event-key",
        "x-shopify-topic",
        "twitch-eventsub-subscription-type",
        "linear-event",
    };
    for (const QByteArrayView name : eventHeaders) {
        for (const HeaderField &field : headers) {
            if (field.name.compare(name, Qt::CaseInsensitive) == 0 && !field.value.isEmpty())
                return QString::fromUtf8(field.value.trimmed());
        }
    }
    return {};
}

} // namespace hookscope
