#include "events_pane.h"

#include "catalog_model.h"
#include "coalesced_refresh.h"
#include "engine.h"
#include "event_history_model.h"
#include "outbox_result.h"
#include "widgets/list_view_style.h"
#include "widgets/message_label.h"

#include <QButtonGroup>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QPushButton *button(const QString &text, const char *objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(objectName));
    b->setAccessibleName(QString(text).remove(QLatin1Char('&')));
    return b;
}

// The payload as the outbox checks it (any JSON value); empty when fine, else where it is
// wrong as "line L, column C: why".
QString jsonProblem(const QByteArray &text)
{
    if (text.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error == QJsonParseError::NoError)
        return {};
    const qsizetype offset = qBound(qsizetype(0), qsizetype(error.offset) - 1, text.size());
    const QByteArray before = text.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
    return EventsPane::tr("line %1, column %2: %3").arg(line).arg(column).arg(error.errorString());
}

QByteArray prettyJson(const QByteArray &compact)
{
    const QJsonDocument document = QJsonDocument::fromJson("[" + compact + "]");
    if (!document.isArray() || document.array().isEmpty())
        return compact;
    const QJsonValue value = document.array().first();
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented).trimmed();
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented).trimmed();
    return compact;
}

} // namespace

struct EventsPane::Loaded
{
    QList<CatalogEvent> catalog;
    QList<Subscription> subscriptions;
    QList<EventHistoryEntry> history;
};

EventsPane::EventsPane(Engine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_catalog(new CatalogModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_history(new EventHistoryModel(this)),
      m_refresh(new CoalescedRefresh([this] { refresh(); }, this))
{
    setObjectName(QStringLiteral("eventsPane"));
    setAccessibleName(tr("Events"));
    m_proxy->setSourceModel(m_catalog);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->setChildrenCollapsible(false);
    top->addWidget(buildCatalog());
    top->addWidget(buildEditor());
    top->addWidget(buildTargets());
    top->setStretchFactor(0, 4);
    top->setStretchFactor(1, 5);
    top->setStretchFactor(2, 3);
    top->setSizes({480, 560, 360});

    auto *historyBox = new QGroupBox(tr("Fired events"), this);
    historyBox->setObjectName(QStringLiteral("historyGroup"));
    m_historyList = new QTableView(historyBox);
    m_historyList->setObjectName(QStringLiteral("eventHistory"));
    m_historyList->setAccessibleName(tr("Fired events"));
    m_historyList->setModel(m_history);
    ListViewStyle::apply(m_historyList);
    QHeaderView *header = m_historyList->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics metrics(m_historyList->font());
    header->resizeSection(EventHistoryModel::TimeColumn,
                          metrics.horizontalAdvance(QStringLiteral("0000-00-00 00:00:00")) + 20);
    header->resizeSection(EventHistoryModel::TypeColumn,
                          metrics.horizontalAdvance(QStringLiteral("subscription.cancelled")) + 40);
    header->resizeSection(
        EventHistoryModel::IdColumn,
        metrics.horizontalAdvance(QStringLiteral("evt_0123456789abcdef01234567")) + 20);
    m_historyList->setToolTip(tr("Double-click an event (or press Return) to put its type and "
                                 "payload in the editor"));
    connect(m_historyList, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            editFired(m_history->entries().at(index.row()).event);
    });
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyList);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("eventsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(historyBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    connect(m_engine, &Engine::outboxChanged, m_refresh, &CoalescedRefresh::request);
    validatePayload();
    refresh();
}

EventsPane::~EventsPane() = default;

QWidget *EventsPane::buildCatalog()
{
    auto *box = new QGroupBox(tr("Event catalog"), this);
    box->setObjectName(QStringLiteral("catalogGroup"));
    m_search = new QLineEdit(box);
    m_search->setObjectName(QStringLiteral("catalogSearch"));
    m_search->setAccessibleName(tr("Search the catalog"));
    m_search->setPlaceholderText(tr("Search types and descriptions"));
    m_search->setClearButtonEnabled(true);
    m_catalogList = new QTableView(box);
    m_catalogList->setObjectName(QStringLiteral("catalogList"));
    m_catalogList->setAccessibleName(tr("Event types"));
    m_catalogList->setModel(m_proxy);
    ListViewStyle::apply(m_catalogList);
    QHeaderView *header = m_catalogList->horizontalHeader();
    header->setSectionResizeMode(CatalogModel::DescriptionColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_catalogList->font());
    header->resizeSection(CatalogModel::TypeColumn,
                          metrics.horizontalAdvance(QStringLiteral("subscription.cancelled")) + 20);
    header->resizeSection(CatalogModel::SourceColumn,
                          metrics.horizontalAdvance(QStringLiteral("seed 001")) + 20);
    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_catalogList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventsPane::onCatalogCurrentChanged);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_search);
    layout->addWidget(m_catalogList, 1);
    return box;
}

QWidget *EventsPane::buildEditor()
{
    auto *box = new QGroupBox(tr("Event"), this);
    box->setObjectName(QStringLiteral("eventGroup"));
    m_type = new QLineEdit(box);
    m_type->setObjectName(QStringLiteral("eventType"));
    m_type->setAccessibleName(tr("Event type"));
    m_type->setPlaceholderText(tr("family.action, e.g. user.created"));
    m_description = new QLineEdit(box);
    m_description->setObjectName(QStringLiteral("eventDescription"));
    m_description->setAccessibleName(tr("Event description"));
    m_description->setPlaceholderText(tr("for a custom type"));
    m_payload = new QPlainTextEdit(box);
    m_payload->setObjectName(QStringLiteral("eventPayload"));
    m_payload->setAccessibleName(tr("Event payload (JSON)"));
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payload->setTabChangesFocus(true);
    m_payloadStatus = new QLabel(box);
    m_payloadStatus->setObjectName(QStringLiteral("payloadStatus"));
    m_payloadStatus->setAccessibleName(tr("Payload check"));
    m_payloadStatus->setWordWrap(true);
    m_resetPayload = button(tr("Reset to sa&mple"), "resetPayloadButton", box);
    m_saveCustom = button(tr("Save as &custom type"), "saveCustomTypeButton", box);
    m_saveCustom->setToolTip(tr("Keep this type, description and payload in the catalog "
                                "(a custom type overrides a built-in one of the same name)"));
    m_removeCustom = button(tr("Remove custom type"), "removeCustomTypeButton", box);

    connect(m_payload, &QPlainTextEdit::textChanged, this, &EventsPane::validatePayload);
    connect(m_type, &QLineEdit::textChanged, this, [this] {
        updateTargets();
        updateActions();
    });
    connect(m_resetPayload, &QPushButton::clicked, this, &EventsPane::resetPayload);
    connect(m_saveCustom, &QPushButton::clicked, this, &EventsPane::saveCustomType);
    connect(m_removeCustom, &QPushButton::clicked, this, &EventsPane::removeCustomType);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("T&ype:"), m_type);
    form->addRow(tr("&Description:"), m_description);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_resetPayload);
    buttons->addStretch(1);
    buttons->addWidget(m_saveCustom);
    buttons->addWidget(m_removeCustom);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(form);
    auto *payloadLabel = new QLabel(tr("&Payload (the event's data, JSON):"), box);
    payloadLabel->setBuddy(m_payload);
    layout->addWidget(payloadLabel);
    layout->addWidget(m_payload, 1);
    layout->addWidget(m_payloadStatus);
    layout->addLayout(buttons);
    return box;
}

QWidget *EventsPane::buildTargets()
{
    auto *box = new QGroupBox(tr("Send to"), this);
    box->setObjectName(QStringLiteral("targetGroup"));
    m_allMatching = new QRadioButton(tr("&Every active subscription that wants the type"), box);
    m_allMatching->setObjectName(QStringLiteral("targetAllMatching"));
    m_allMatching->setAccessibleName(tr("Every matching subscription"));
    m_onlyChosen = new QRadioButton(tr("&Only the ticked subscriptions"), box);
    m_onlyChosen->setObjectName(QStringLiteral("targetChosen"));
    m_onlyChosen->setAccessibleName(tr("Only the ticked subscriptions"));
    m_targetGroup = new QButtonGroup(box);
    m_targetGroup->addButton(m_allMatching);
    m_targetGroup->addButton(m_onlyChosen);
    m_allMatching->setChecked(true);
    m_targets = new QListWidget(box);
    m_targets->setObjectName(QStringLiteral("targetList"));
    m_targets->setAccessibleName(tr("Subscriptions to send to"));
    m_targetSummary = new QLabel(box);
    m_targetSummary->setObjectName(QStringLiteral("targetSummary"));
    m_targetSummary->setWordWrap(true);
    m_send = button(tr("&Send event"), "sendEventButton", box);
    m_send->setDefault(true);
    m_message = new QLabel(box);
    m_message->setObjectName(QStringLiteral("eventsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_targetGroup, &QButtonGroup::buttonToggled, this, [this] {
        updateTargets();
        updateActions();
    });
    connect(m_targets, &QListWidget::itemChanged, this, [this] {
        if (!m_onlyChosen->isChecked() && !chosenSubscriptions().isEmpty())
            m_onlyChosen->setChecked(true);
        updateTargets();
        updateActions();
    });
    connect(m_send, &QPushButton::clicked, this, &EventsPane::send);

    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_allMatching);
    layout->addWidget(m_onlyChosen);
    layout->addWidget(m_targets, 1);
    layout->addWidget(m_targetSummary);
    auto *sendRow = new QHBoxLayout;
    sendRow->addStretch(1);
    sendRow->addWidget(m_send);
    layout->addLayout(sendRow);
    layout->addWidget(m_message);
    return box;
}

void EventsPane::refresh()
{
    m_engine->outboxCall(
        this,
        [](OutboxService &outbox) {
            Loaded loaded;
            loaded.catalog = outbox.catalog().all();
            loaded.subscriptions = outbox.subscriptions();
            const QList<OutboundEvent> events = outbox.events(HistoryLimit);
            QList<qint64> ids;
            for (const OutboundEvent &event : events)
                ids.append(event.id);
            const QHash<qint64, QPair<int, int>> summary = outbox.deliverySummary(ids);
            for (const OutboundEvent &event : events) {
                const QPair<int, int> counts = summary.value(event.id);
                loaded.history.append({event, counts.first, counts.second});
            }
            return loaded;
        },
        [this](const Loaded &loaded) { onLoaded(loaded); });
}

void EventsPane::onLoaded(const Loaded &loaded)
{
    const bool first = m_catalog->rowCount() == 0;
    const QString current = m_type->text();
    m_catalog->setEvents(loaded.catalog);
    // The catalog row of the type in the editor stays selected.
    const int row = m_catalog->rowOf(current);
    const QModelIndex index = m_proxy->mapFromSource(m_catalog->index(row, 0));
    if (index.isValid() && m_catalogList->selectionModel()->currentIndex().row() != index.row()) {
        const QSignalBlocker blocker(m_catalogList->selectionModel());
        m_catalogList->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    if (first && current.isEmpty() && !loaded.catalog.isEmpty())
        selectType(loaded.catalog.first().type);

    m_history->setEntries(loaded.history);

    // The tick list keeps the ticks by id.
    QList<qint64> shown;
    for (int i = 0; i < m_targets->count(); ++i)
        shown.append(m_targets->item(i)->data(Qt::UserRole).toLongLong());
    QList<qint64> ids;
    for (const Subscription &s : loaded.subscriptions)
        ids.append(s.id);
    m_subscriptions = loaded.subscriptions;
    {
        const QSignalBlocker blocker(m_targets);
        if (shown != ids) {
            const QList<qint64> ticked = chosenSubscriptions();
            m_targets->clear();
            for (const Subscription &s : std::as_const(m_subscriptions)) {
                auto *item = new QListWidgetItem(m_targets);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                item->setData(Qt::UserRole, s.id);
                item->setCheckState(ticked.contains(s.id) ? Qt::Checked : Qt::Unchecked);
            }
        }
        for (int i = 0; i < m_targets->count(); ++i) {
            const Subscription &s = m_subscriptions.at(i);
            QListWidgetItem *item = m_targets->item(i);
            item->setText(s.active ? s.name : tr("%1 (disabled)").arg(s.name));
            item->setToolTip(s.url);
        }
    }
    updateTargets();
    updateActions();
}

bool EventsPane::selectType(const QString &type)
{
    const CatalogEvent *event = m_catalog->find(type);
    if (!event)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_catalog->index(m_catalog->rowOf(type), 0));
    if (index.isValid()) {
        m_catalogList->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_catalogList->scrollTo(index);
    }
    m_type->setText(event->type);
    m_description->setText(event->description);
    m_payload->setPlainText(QString::fromUtf8(prettyJson(event->sample)));
    updateActions();
    return true;
}

void EventsPane::editFired(const OutboundEvent &event)
{
    if (!selectType(event.type)) {
        m_catalogList->selectionModel()->clearCurrentIndex();
        m_type->setText(event.type);
        m_description->clear();
    }
    m_payload->setPlainText(QString::fromUtf8(prettyJson(event.data)));
    showMessage(tr("%1 in the editor; Send fires it again as a new event.")
                    .arg(QString::fromLatin1(event.uid)));
}

void EventsPane::onCatalogCurrentChanged()
{
    const QModelIndex current = m_catalogList->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QString type = current.data(CatalogModel::TypeRole).toString();
    if (type != m_type->text())
        selectType(type);
}

void EventsPane::resetPayload()
{
    if (const CatalogEvent *event = m_catalog->find(m_type->text().trimmed()))
        m_payload->setPlainText(QString::fromUtf8(prettyJson(event->sample)));
}

void EventsPane::validatePayload()
{
    m_payloadError = jsonProblem(m_payload->toPlainText().toUtf8());
    QPalette palette = m_payloadStatus->palette();
    palette.setColor(QPalette::WindowText, m_payloadError.isEmpty() ? QColor(0x30, 0xa0, 0x50)
                                                                    : QColor(0xd0, 0x40, 0x40));
    m_payloadStatus->setPalette(palette);
    if (!m_payloadError.isEmpty())
        m_payloadStatus->setText(tr("Not JSON: %1").arg(m_payloadError));
    else if (m_payload->toPlainText().trimmed().isEmpty())
        m_payloadStatus->setText(tr("Empty: {} is sent."));
    else
        m_payloadStatus->setText(tr("Valid JSON."));
    updateActions();
}

QList<qint64> EventsPane::chosenSubscriptions() const
{
    QList<qint64> ids;
    for (int i = 0; i < m_targets->count(); ++i) {
        if (m_targets->item(i)->checkState() == Qt::Checked)
            ids.append(m_targets->item(i)->data(Qt::UserRole).toLongLong());
    }
    return ids;
}

void EventsPane::updateTargets()
{
    const QString type = m_type->text().trimmed();
    QStringList names;
    if (m_onlyChosen->isChecked()) {
        const QList<qint64> chosen = chosenSubscriptions();
        for (const Subscription &s : std::as_const(m_subscriptions)) {
            if (chosen.contains(s.id))
                names.append(s.name);
        }
    } else {
        for (const Subscription &s : std::as_const(m_subscriptions)) {
            if (s.active && s.wants(type))
                names.append(s.name);
        }
    }
    m_targetSummary->setText(names.isEmpty()
                                 ? tr("Goes to no subscription.")
                                 : tr("Goes to %1.").arg(names.join(QStringLiteral(", "))));
}

void EventsPane::updateActions()
{
    const QString type = m_type->text().trimmed();
    const bool typeOk = EventCatalog::isValidType(type);
    const bool payloadOk = m_payloadError.isEmpty();
    const bool targetsOk = !m_onlyChosen->isChecked() || !chosenSubscriptions().isEmpty();
    m_send->setEnabled(typeOk && payloadOk && targetsOk);
    m_send->setToolTip(!typeOk      ? tr("The type must be family.action (letters, digits, _ "
                                              "and -, separated by dots)")
                       : !payloadOk ? tr("The payload is not JSON: %1").arg(m_payloadError)
                       : !targetsOk ? tr("Tick at least one subscription")
                                    : QString());
    m_saveCustom->setEnabled(typeOk && payloadOk);
    const CatalogEvent *event = m_catalog->find(type);
    m_removeCustom->setEnabled(event && event->custom);
    m_resetPayload->setEnabled(event);
}

void EventsPane::send()
{
    const QString type = m_type->text().trimmed();
    const QByteArray payload = m_payload->toPlainText().trimmed().toUtf8();
    const QList<qint64> only = m_onlyChosen->isChecked() ? chosenSubscriptions() : QList<qint64>();
    if (m_onlyChosen->isChecked() && only.isEmpty())
        return;
    using Result = OutboxResult<FiredEvent>;
    m_engine->outboxCall(
        this,
        [type, payload, only](OutboxService &outbox) {
            Result result;
            result.value = outbox.fire(type, payload, QStringLiteral("gui"), &result.error, only);
            return result;
        },
        [this](const Result &result) {
            if (!result.value) {
                showMessage(result.error.message, true);
                return;
            }
            const qsizetype count = result.value->deliveryIds.size();
            const QString uid = QString::fromLatin1(result.value->event.uid);
            showMessage(count == 0   ? tr("%1 fired; no subscription wants it.").arg(uid)
                        : count == 1 ? tr("%1 fired to 1 subscription.").arg(uid)
                                     : tr("%1 fired to %2 subscriptions.").arg(uid).arg(count));
            m_refresh->runNow();
        });
}

void EventsPane::saveCustomType()
{
    const QString type = m_type->text().trimmed();
    if (!m_payloadError.isEmpty())
        return;
    QList<CatalogEvent> custom;
    bool replaced = false;
    CatalogEvent edited;
    edited.type = type;
    edited.description = m_description->text().trimmed();
    edited.sample = m_payload->toPlainText().trimmed().toUtf8();
    if (edited.sample.isEmpty())
        edited.sample = QByteArrayLiteral("{}");
    edited.source = QStringLiteral("custom");
    edited.custom = true;
    for (const CatalogEvent &event : m_catalog->events()) {
        if (!event.custom)
            continue;
        if (event.type == type) {
            custom.append(edited);
            replaced = true;
        } else {
            custom.append(event);
        }
    }
    if (!replaced)
        custom.append(edited);
    writeCustom(custom, replaced ? tr("Custom type %1 saved.").arg(type)
                                 : tr("Custom type %1 added.").arg(type));
}

void EventsPane::removeCustomType()
{
    const QString type = m_type->text().trimmed();
    QList<CatalogEvent> custom;
    for (const CatalogEvent &event : m_catalog->events()) {
        if (event.custom && event.type != type)
            custom.append(event);
    }
    writeCustom(custom, tr("Custom type %1 removed.").arg(type));
}

void EventsPane::writeCustom(const QList<CatalogEvent> &custom, const QString &done)
{
    m_engine->outboxCall(
        this,
        [custom](OutboxService &outbox) {
            QString error;
            outbox.setCustomEvents(custom, &error);
            return error;
        },
        [this, done](const QString &error) {
            showMessage(error.isEmpty() ? done : error, !error.isEmpty());
            m_refresh->runNow();
        });
}

void EventsPane::showMessage(const QString &text, bool error)
{
    MessageLabel::show(m_message, text, error);
}

} // namespace hookscope
