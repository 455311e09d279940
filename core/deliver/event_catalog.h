#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace hookscope {

struct CatalogEvent
{
    QString type;
    QString family;
    QString description;
    QString source;    // "seed 001" ...; "custom" for the user's own
    QByteArray sample; // compact JSON: the event's data
    bool custom = false;
};

// The event types Hookscope can fire: the built-in catalog (resources/event_catalog.json,
// every type the seed documents name, with a sample payload) and the user's own types,
// kept in event_catalog.json in the data folder. A custom type overrides a built-in one.
class EventCatalog
{
public:
    explicit EventCatalog(const QString &dataDir);

    static const QList<CatalogEvent> &builtIn();
    QList<CatalogEvent> all() const;
    QList<CatalogEvent> custom() const { return m_custom; }
    std::optional<CatalogEvent> find(const QString &type) const;
    // Replaces the custom types (written atomically); false with a message naming the entry.
    bool setCustom(const QList<CatalogEvent> &custom, QString *error);
    QString loadError() const { return m_loadError; }
    QString customPath() const;

    // A type name as the catalog and subscriptions use it: "family.action", no spaces.
    static bool isValidType(const QString &type);

private:
    QString m_dataDir;
    QList<CatalogEvent> m_custom;
    QString m_loadError;
};

} // namespace hookscope
