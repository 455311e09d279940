#include "deliveries_pane.h"

#include "attempt_view.h"
#include "coalesced_refresh.h"
#include "delivery_list_model.h"
#include "engine.h"
#include "outbox_result.h"
#include "outbox_text.h"
#include "widgets/list_view_style.h"
#include "widgets/message_label.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace hookscope {

namespace {

constexpr int FilterDelayMs = 300;

QPushButton *button(const QString &text, const char *objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(objectName));
    b->setAccessibleName(QString(text).remove(QLatin1Char('&')));
    return b;
}

QLabel *fieldLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

DeliveriesPane::DeliveriesPane(Engine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_model(new DeliveryListModel(engine, this)),
      m_refresh(new CoalescedRefresh([this] { refresh(); }, this)),
      m_attempts(new AttemptView(this))
{
    setObjectName(QStringLiteral("deliveriesPane"));
    setAccessibleName(tr("Deliveries"));
    m_attempts->setObjectName(QStringLiteral("attemptView"));

    m_list = new QTableView(this);
    m_list->setObjectName(QStringLiteral("deliveryList"));
    m_list->setAccessibleName(tr("Deliveries"));
    m_list->setModel(m_model);
    ListViewStyle::apply(m_list);
    m_list->setTextElideMode(Qt::ElideMiddle);
    QHeaderView *header = m_list->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(DeliveryListModel::LastResultColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_list->font());
    const auto fit = [&](int column, const QString &sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 20);
    };
    fit(DeliveryListModel::IdColumn, QStringLiteral("00000"));
    fit(DeliveryListModel::CreatedColumn, QStringLiteral("00:00:00"));
    fit(DeliveryListModel::EventTypeColumn, QStringLiteral("subscription.cancelled"));
    fit(DeliveryListModel::EventIdColumn, QStringLiteral("evt_0123456789abcdef01234567"));
    fit(DeliveryListModel::SubscriptionColumn, QStringLiteral("Billing service"));
    fit(DeliveryListModel::StatusColumn, tr("retry scheduled"));
    fit(DeliveryListModel::AttemptsColumn, tr("Attempts"));
    fit(DeliveryListModel::NextAttemptColumn, tr("Next attempt"));

    m_loadMore = button(tr("Load &more"), "loadMoreButton", this);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("deliveryCount"));
    connect(m_loadMore, &QPushButton::clicked, this, &DeliveriesPane::loadMore);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(buildFilters());
    topLayout->addWidget(m_list, 1);
    auto *pageRow = new QHBoxLayout;
    pageRow->addWidget(m_count, 1);
    pageRow->addWidget(m_loadMore);
    topLayout->addLayout(pageRow);
    topLayout->addWidget(buildActions());

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("deliveriesSplitter"));
    splitter->addWidget(top);
    splitter->addWidget(m_attempts);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(FilterDelayMs);
    connect(&m_filterDelay, &QTimer::timeout, this, &DeliveriesPane::applyFilter);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DeliveriesPane::onCurrentChanged);
    connect(m_model, &DeliveryListModel::loaded, this, &DeliveriesPane::updateActions);
    connect(m_model, &DeliveryListModel::modelReset, this, &DeliveriesPane::onCurrentChanged);
    connect(m_engine, &Engine::outboxChanged, m_refresh, &CoalescedRefresh::request);

    loadSubscriptions();
    applyFilter();
    updateActions();
}

DeliveriesPane::~DeliveriesPane() = default;

QWidget *DeliveriesPane::buildFilters()
{
    auto *row = new QWidget(this);
    m_subscriptionFilter = new QComboBox(row);
    m_subscriptionFilter->setObjectName(QStringLiteral("deliverySubscriptionFilter"));
    m_subscriptionFilter->setAccessibleName(tr("Subscription filter"));
    m_subscriptionFilter->addItem(tr("All subscriptions"), qint64(0));
    m_subscriptionFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_statusFilter = new QComboBox(row);
    m_statusFilter->setObjectName(QStringLiteral("deliveryStatusFilter"));
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("Any status"), QString());
    for (const char *status : {"pending", "scheduled", "delivered", "failed", "cancelled"})
        m_statusFilter->addItem(OutboxText::status(QLatin1String(status)), QLatin1String(status));
    m_eventFilter = new QLineEdit(row);
    m_eventFilter->setObjectName(QStringLiteral("deliveryEventFilter"));
    m_eventFilter->setAccessibleName(tr("Event type filter"));
    m_eventFilter->setPlaceholderText(
        tr("event type (user.*, booking.created) or event id (evt_…)"));
    m_eventFilter->setClearButtonEnabled(true);

    connect(m_subscriptionFilter, &QComboBox::currentIndexChanged, this, [this] {
        applyFilter();
        updateActions();
    });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &DeliveriesPane::applyFilter);
    connect(m_eventFilter, &QLineEdit::textChanged, this, [this] { m_filterDelay.start(); });

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(fieldLabel(tr("S&ubscription:"), m_subscriptionFilter, row));
    layout->addWidget(m_subscriptionFilter);
    layout->addWidget(fieldLabel(tr("S&tatus:"), m_statusFilter, row));
    layout->addWidget(m_statusFilter);
    layout->addWidget(fieldLabel(tr("E&vent:"), m_eventFilter, row));
    layout->addWidget(m_eventFilter, 1);
    return row;
}

QWidget *DeliveriesPane::buildActions()
{
    auto *row = new QWidget(this);
    m_retryNow = button(tr("&Retry now"), "retryNowButton", row);
    m_retryNow->setToolTip(tr("Send the selected delivery again now"));
    m_cancel = button(tr("&Cancel delivery"), "cancelDeliveryButton", row);
    m_cancel->setToolTip(tr("Stop retrying the selected delivery"));
    m_resendTarget = new QComboBox(row);
    m_resendTarget->setObjectName(QStringLiteral("resendTarget"));
    m_resendTarget->setAccessibleName(tr("Resend to subscription"));
    m_resendTarget->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_resend = button(tr("Re&send"), "resendButton", row);
    m_resend->setToolTip(tr("Deliver the selected delivery's event again, to the chosen "
                            "subscription (a new delivery)"));
    m_retryFailed = button(tr("Retry all &failed"), "retryFailedButton", row);
    m_message = new QLabel(row);
    m_message->setObjectName(QStringLiteral("deliveriesMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_retryNow, &QPushButton::clicked, this, &DeliveriesPane::retryNow);
    connect(m_cancel, &QPushButton::clicked, this, &DeliveriesPane::cancel);
    connect(m_resend, &QPushButton::clicked, this, &DeliveriesPane::resend);
    connect(m_retryFailed, &QPushButton::clicked, this, &DeliveriesPane::retryAllFailed);

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_retryNow);
    layout->addWidget(m_cancel);
    layout->addSpacing(12);
    layout->addWidget(m_resend);
    layout->addWidget(fieldLabel(tr("to"), m_resendTarget, row));
    layout->addWidget(m_resendTarget);
    layout->addSpacing(12);
    layout->addWidget(m_retryFailed);
    layout->addWidget(m_message, 1);
    return row;
}

void DeliveriesPane::applyFilter()
{
    m_filterDelay.stop();
    DeliveryFilter filter;
    filter.subscriptionId = m_subscriptionFilter->currentData().toLongLong();
    filter.status = m_statusFilter->currentData().toString();
    // An event id (as the Events history and the API show it) finds that event's deliveries.
    static const QRegularExpression eventId(QStringLiteral("\\Aevt_[0-9a-f]+\\z"));
    const QString event = m_eventFilter->text().trimmed();
    if (eventId.match(event).hasMatch())
        filter.eventUid = event;
    else
        filter.eventType = event;
    m_model->setFilter(filter);
}

void DeliveriesPane::refresh()
{
    m_model->refresh();
    loadAttempts();
    loadSubscriptions();
}

void DeliveriesPane::showSubscription(qint64 subscriptionId)
{
    const int index = m_subscriptionFilter->findData(subscriptionId);
    if (index >= 0)
        m_subscriptionFilter->setCurrentIndex(index);
}

void DeliveriesPane::loadSubscriptions()
{
    m_engine->outboxCall(
        this,
        [](OutboxService &outbox) {
            QList<QPair<qint64, QString>> names;
            for (const Subscription &s : outbox.subscriptions())
                names.append({s.id, s.name});
            return names;
        },
        [this](const QList<QPair<qint64, QString>> &names) {
            // Both combo boxes list the subscriptions; their choices are kept by id.
            for (QComboBox *combo : {m_subscriptionFilter, m_resendTarget}) {
                const int fixed = combo == m_subscriptionFilter ? 1 : 0;
                QList<QPair<qint64, QString>> shown;
                for (int i = fixed; i < combo->count(); ++i)
                    shown.append({combo->itemData(i).toLongLong(), combo->itemText(i)});
                if (shown == names)
                    continue;
                const qint64 chosen = combo->currentData().toLongLong();
                const QSignalBlocker blocker(combo);
                while (combo->count() > fixed)
                    combo->removeItem(fixed);
                for (const auto &[id, name] : names)
                    combo->addItem(name, id);
                const int index = combo->findData(chosen);
                combo->setCurrentIndex(index >= 0 ? index : 0);
                if (combo == m_subscriptionFilter && index < 0 && chosen)
                    applyFilter(); // the subscription filtered by is gone
            }
            updateActions();
        });
}

void DeliveriesPane::selectDelivery(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_list->scrollTo(index);
}

void DeliveriesPane::onCurrentChanged()
{
    const QModelIndex current = m_list->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? m_model->idAt(current.row()) : 0;
    if (id != m_currentId) {
        m_currentId = id;
        if (id) {
            // The event's own subscription is the first choice to resend to.
            if (const DeliveryRow *row = m_model->delivery(id)) {
                const int index = m_resendTarget->findData(row->subscriptionId);
                if (index >= 0)
                    m_resendTarget->setCurrentIndex(index);
            }
            loadAttempts();
        } else {
            m_attempts->clear();
        }
    }
    updateActions();
}

void DeliveriesPane::loadAttempts()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    m_engine->outboxCall(
        this, [id](OutboxService &outbox) { return outbox.attempts({id}).value(id); },
        [this, id](const QList<AttemptRow> &attempts) {
            if (id == m_currentId)
                m_attempts->setAttempts(id, attempts);
        });
}

void DeliveriesPane::updateActions()
{
    const DeliveryRow *row = m_currentId ? m_model->delivery(m_currentId) : nullptr;
    const QString status = row ? row->status : QString();
    m_retryNow->setEnabled(row && status != QLatin1String("delivered"));
    m_cancel->setEnabled(
        row && (status == QLatin1String("pending") || status == QLatin1String("scheduled")));
    m_resend->setEnabled(row && m_resendTarget->count() > 0);
    m_resendTarget->setEnabled(m_resendTarget->count() > 0);
    const qint64 subscription = m_subscriptionFilter->currentData().toLongLong();
    m_retryFailed->setText(subscription
                               ? tr("Retry &failed of %1").arg(m_subscriptionFilter->currentText())
                               : tr("Retry all &failed"));
    m_loadMore->setEnabled(m_model->hasMore());
    const QString shown = QLocale().toString(m_model->rowCount());
    m_count->setText(m_model->hasMore()         ? tr("%1 shown, more below").arg(shown)
                     : m_model->rowCount() == 1 ? tr("1 delivery")
                                                : tr("%1 deliveries").arg(shown));
}

void DeliveriesPane::loadMore()
{
    m_model->fetchMore({});
}

void DeliveriesPane::retryNow()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    m_engine->outboxCall(
        this,
        [id](OutboxService &outbox) {
            OutboxError error;
            outbox.retryNow(id, &error);
            return error;
        },
        [this, id](const OutboxError &error) {
            showMessage(error ? error.message : tr("Delivery %1 is being sent again.").arg(id),
                        bool(error));
        });
}

void DeliveriesPane::cancel()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    m_engine->outboxCall(
        this,
        [id](OutboxService &outbox) {
            OutboxError error;
            outbox.cancel(id, &error);
            return error;
        },
        [this, id](const OutboxError &error) {
            showMessage(error ? error.message : tr("Delivery %1 cancelled.").arg(id), bool(error));
        });
}

void DeliveriesPane::resend()
{
    const DeliveryRow *row = m_currentId ? m_model->delivery(m_currentId) : nullptr;
    if (!row)
        return;
    const QString uid = QString::fromLatin1(row->event.uid);
    const qint64 target = m_resendTarget->currentData().toLongLong();
    const QString targetName = m_resendTarget->currentText();
    using Result = OutboxResult<qint64>;
    m_engine->outboxCall(
        this,
        [uid, target](OutboxService &outbox) {
            Result result;
            result.value = outbox.resend(uid, target, &result.error);
            return result;
        },
        [this, uid, targetName](const Result &result) {
            if (!result.value) {
                showMessage(result.error.message, true);
                return;
            }
            showMessage(
                tr("%1 resent to %2 (delivery %3).").arg(uid, targetName).arg(*result.value));
        });
}

void DeliveriesPane::retryAllFailed()
{
    const qint64 subscription = m_subscriptionFilter->currentData().toLongLong();
    m_engine->outboxCall(
        this,
        [subscription](OutboxService &outbox) {
            OutboxResult<qint64> result;
            const qint64 count = outbox.retryFailed(subscription, &result.error);
            if (count >= 0)
                result.value = count;
            return result;
        },
        [this](const OutboxResult<qint64> &result) {
            if (!result.value) {
                showMessage(result.error.message, true);
                return;
            }
            showMessage(*result.value == 1 ? tr("1 failed delivery is being sent again.")
                                           : tr("%1 failed deliveries are being sent again.")
                                                 .arg(QLocale().toString(*result.value)));
        });
}

void DeliveriesPane::showMessage(const QString &text, bool error)
{
    MessageLabel::show(m_message, text, error);
}

} // namespace hookscope
