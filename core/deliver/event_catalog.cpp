#include "event_catalog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

namespace hookscope {

namespace {

QList<CatalogEvent> parseCatalog(const QByteArray &json, bool custom, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("not a JSON object: %1").arg(parseError.errorString());
        return {};
    }
    QList<CatalogEvent> events;
    const QJsonArray array = document.object().value(QStringLiteral("events")).toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        CatalogEvent event;
        event.type = object.value(QStringLiteral("type")).toString();
        if (!EventCatalog::isValidType(event.type)) {
            *error = QStringLiteral("entry %1: \"%2\" is not an event type")
                         .arg(events.size() + 1)
                         .arg(event.type);
            return {};
        }
        event.family = object.value(QStringLiteral("family"))
                           .toString(event.type.section(QLatin1Char('.'), 0, 0));
        event.description = object.value(QStringLiteral("description")).toString();
        event.source = object.value(QStringLiteral("source"))
                           .toString(custom ? QStringLiteral("custom") : QString());
        const QJsonValue sample = object.value(QStringLiteral("sample"));
        event.sample = QJsonDocument(QJsonArray{sample}).toJson(QJsonDocument::Compact);
        event.sample = event.sample.mid(1, event.sample.size() - 2);
        event.custom = custom;
        events.append(event);
    }
    return events;
}

} // namespace

EventCatalog::EventCatalog(const QString &dataDir) : m_dataDir(dataDir)
{
    QFile file(customPath());
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadError = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return;
    }
    QString error;
    m_custom = parseCatalog(file.readAll(), true, &error);
    if (!error.isEmpty())
        m_loadError = QStringLiteral("%1: %2").arg(file.fileName(), error);
}

const QList<CatalogEvent> &EventCatalog::builtIn()
{
    static const QList<CatalogEvent> events = [] {
        QFile file(QStringLiteral(":/hookscope/event_catalog.json"));
        QString error;
        QList<CatalogEvent> list;
        if (file.open(QIODevice::ReadOnly))
            list = parseCatalog(file.readAll(), false, &error);
        if (list.isEmpty())
            qWarning("hookscope: the built-in event catalog is unreadable: %s",
                     qUtf8Printable(error));
        return list;
    }();
    return events;
}

QList<CatalogEvent> EventCatalog::all() const
{
    QList<CatalogEvent> out;
    for (const CatalogEvent &event : builtIn()) {
        const bool overridden =
            std::any_of(m_custom.begin(), m_custom.end(),
                        [&](const CatalogEvent &c) { return c.type == event.type; });
        if (!overridden)
            out.append(event);
    }
    out.append(m_custom);
    return out;
}

std::optional<CatalogEvent> EventCatalog::find(const QString &type) const
{
    for (const CatalogEvent &event : m_custom) {
        if (event.type == type)
            return event;
    }
    for (const CatalogEvent &event : builtIn()) {
        if (event.type == type)
            return event;
    }
    return std::nullopt;
}

bool EventCatalog::isValidType(const QString &type)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\A[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\z"));
    return type.size() <= 200 && pattern.match(type).hasMatch();
}

QString EventCatalog::customPath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("event_catalog.json"));
}

bool EventCatalog::setCustom(const QList<CatalogEvent> &custom, QString *error)
{
    QJsonArray array;
    QStringList seen;
    for (const CatalogEvent &event : custom) {
        if (!isValidType(event.type)) {
            *error = QStringLiteral("\"%1\" is not an event type (letters, digits, _ and -, "
                                    "separated by dots)")
                         .arg(event.type);
            return false;
        }
        if (seen.contains(event.type)) {
            *error = QStringLiteral("\"%1\" is listed twice").arg(event.type);
            return false;
        }
        seen.append(event.type);
        QJsonParseError parseError;
        const QJsonDocument sample = QJsonDocument::fromJson(
            "[" + (event.sample.isEmpty() ? "null" : event.sample) + "]", &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("the sample of \"%1\" is not JSON: %2")
                         .arg(event.type, parseError.errorString());
            return false;
        }
        array.append(QJsonObject{
            {QStringLiteral("type"), event.type},
            {QStringLiteral("family"), event.type.section(QLatin1Char('.'), 0, 0)},
            {QStringLiteral("description"), event.description},
            {QStringLiteral("sample"), sample.array().first()},
        });
    }
    QSaveFile file(customPath());
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.write(QJsonDocument(
                   QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("events"), array}})
                   .toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    QString reparse;
    m_custom = parseCatalog(QJsonDocument(QJsonObject{{QStringLiteral("events"), array}}).toJson(),
                            true, &reparse);
    return true;
}

} // namespace hookscope
