#pragma once

#include "deliver/envelope_format.h"
#include "deliver/event_catalog.h"
#include "deliver/subscription.h"

#include <QWidget>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSortFilterProxyModel;
class QTableView;

namespace hookscope {

class CatalogModel;
class CoalescedRefresh;
class Engine;
class EventHistoryModel;

// Fires events: a catalog type (built-in or custom, searchable), its JSON payload prefilled
// with the sample and checked as it is typed (invalid JSON disables Send and says where), to
// every subscription that wants the type or to the ticked ones; the history of fired events
// with delivered / total; custom types saved and removed through
// OutboxService::setCustomEvents. Everything goes through Engine::outboxCall.
class EventsPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int HistoryLimit = 200;

    explicit EventsPane(Engine *engine, QWidget *parent = nullptr);
    ~EventsPane() override;

    CatalogModel *catalogModel() const { return m_catalog; }
    QSortFilterProxyModel *catalogProxy() const { return m_proxy; }
    EventHistoryModel *historyModel() const { return m_history; }
    // Shows the type and its sample (false when the catalog has no such type).
    bool selectType(const QString &type);
    // A fired event's type and data in the editor, to send again.
    void editFired(const OutboundEvent &event);
    // Empty when the payload is JSON; else where and why not.
    QString payloadError() const { return m_payloadError; }

public slots:
    void refresh();
    void send();
    void saveCustomType();
    void removeCustomType();
    void resetPayload();

private:
    struct Loaded;

    QWidget *buildCatalog();
    QWidget *buildEditor();
    QWidget *buildTargets();
    void onLoaded(const Loaded &loaded);
    void onCatalogCurrentChanged();
    void validatePayload();
    void updateTargets();
    void updateActions();
    void showMessage(const QString &text, bool error = false);
    QList<qint64> chosenSubscriptions() const;
    void writeCustom(const QList<CatalogEvent> &custom, const QString &done);

    Engine *m_engine;
    CatalogModel *m_catalog;
    QSortFilterProxyModel *m_proxy;
    EventHistoryModel *m_history;
    CoalescedRefresh *m_refresh;
    QList<Subscription> m_subscriptions;
    QString m_payloadError;

    QLineEdit *m_search;
    QTableView *m_catalogList;
    QLineEdit *m_type;
    QLineEdit *m_description;
    QPlainTextEdit *m_payload;
    QLabel *m_payloadStatus;
    QPushButton *m_resetPayload;
    QPushButton *m_saveCustom;
    QPushButton *m_removeCustom;
    QRadioButton *m_allMatching;
    QRadioButton *m_onlyChosen;
    QButtonGroup *m_targetGroup;
    QListWidget *m_targets;
    QLabel *m_targetSummary;
    QPushButton *m_send;
    QLabel *m_message;
    QTableView *m_historyList;
};

} // namespace hookscope
