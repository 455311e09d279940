#include "subscriptions_pane.h"

#include "coalesced_refresh.h"
#include "engine.h"
#include "outbox_result.h"
#include "outbox_text.h"
#include "subscription_editor.h"
#include "subscription_list_model.h"
#include "widgets/list_view_style.h"
#include "widgets/message_label.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace hookscope {

namespace {

enum Stat
{
    DeliveriesStat,
    SucceededStat,
    FailedStat,
    PendingStat,
    RateStat,
    AverageStat,
    P95Stat,
    LastStat,
    FailuresStat,
    StatCount
};

QPushButton *button(const QString &text, const char *objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(objectName));
    b->setAccessibleName(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
    return b;
}

QScrollArea *scrolled(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

struct SubscriptionsPane::Loaded
{
    QList<SubscriptionEntry> entries;
    QStringList types;
};

SubscriptionsPane::SubscriptionsPane(Engine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_model(new SubscriptionListModel(this)),
      m_refresh(new CoalescedRefresh([this] { refresh(); }, this))
{
    setObjectName(QStringLiteral("subscriptionsPane"));
    setAccessibleName(tr("Subscriptions"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("subscriptionsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildList());
    splitter->addWidget(scrolled(buildEditor(), this));
    splitter->addWidget(scrolled(buildDetails(), this));
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 3);
    splitter->setSizes({620, 440, 340});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SubscriptionsPane::onCurrentChanged);
    connect(m_engine, &Engine::outboxChanged, m_refresh, &CoalescedRefresh::request);
    connect(m_engine, &Engine::subscriptionDisabled, m_refresh, &CoalescedRefresh::request);
    showCurrent(true);
    refresh();
}

SubscriptionsPane::~SubscriptionsPane() = default;

QWidget *SubscriptionsPane::buildList()
{
    auto *panel = new QWidget(this);
    m_list = new QTableView(panel);
    m_list->setObjectName(QStringLiteral("subscriptionList"));
    m_list->setAccessibleName(tr("Subscriptions"));
    m_list->setModel(m_model);
    ListViewStyle::apply(m_list);
    m_list->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_list->horizontalHeader();
    header->setSectionResizeMode(SubscriptionListModel::UrlColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_list->font());
    const auto fit = [&](int column, const QString &sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 18);
    };
    fit(SubscriptionListModel::NameColumn, QStringLiteral("Billing service"));
    fit(SubscriptionListModel::EventsColumn, QStringLiteral("user.*, booking"));
    fit(SubscriptionListModel::StateColumn, tr("Disabled: 410 Go"));
    fit(SubscriptionListModel::SuccessColumn, tr("100.0 %"));
    fit(SubscriptionListModel::LastStatusColumn, tr("Last"));

    m_new = button(tr("&New"), "newSubscriptionButton", panel);
    m_delete = button(tr("Delete…"), "deleteSubscriptionButton", panel);
    connect(m_new, &QPushButton::clicked, this, &SubscriptionsPane::newSubscription);
    connect(m_delete, &QPushButton::clicked, this, &SubscriptionsPane::deleteCurrent);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    return panel;
}

QWidget *SubscriptionsPane::buildEditor()
{
    auto *panel = new QWidget(this);
    m_title = new QLabel(panel);
    m_title->setObjectName(QStringLiteral("subscriptionTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);

    // A disabled subscription says why, with the way back next to it.
    m_banner = new QWidget(panel);
    m_banner->setObjectName(QStringLiteral("disabledBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, bannerPalette.color(QPalette::Base).lightness() > 128
                                                 ? QColor(0xff, 0xe8, 0xc8)
                                                 : QColor(0x5a, 0x3a, 0x10));
    m_banner->setPalette(bannerPalette);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("disabledReason"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_enable = button(tr("&Enable"), "enableSubscriptionButton", m_banner);
    connect(m_enable, &QPushButton::clicked, this, &SubscriptionsPane::enableCurrent);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_enable);

    m_editor = new SubscriptionEditor(panel);
    m_editor->setObjectName(QStringLiteral("subscriptionEditor"));
    m_save = button(tr("&Save"), "saveSubscriptionButton", panel);
    m_save->setDefault(true);
    m_revert = button(tr("Re&vert"), "revertSubscriptionButton", panel);
    connect(m_save, &QPushButton::clicked, this, &SubscriptionsPane::save);
    connect(m_revert, &QPushButton::clicked, this, &SubscriptionsPane::revert);
    connect(m_editor, &SubscriptionEditor::edited, this, [this] { m_revert->setEnabled(true); });
    m_message = new QLabel(panel);
    m_message->setObjectName(QStringLiteral("subscriptionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_message, 1);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_banner);
    layout->addWidget(m_editor);
    layout->addLayout(buttons);
    layout->addStretch(1);
    return panel;
}

QWidget *SubscriptionsPane::buildDetails()
{
    auto *panel = new QWidget(this);

    auto *secretBox = new QGroupBox(tr("Signing secret"), panel);
    secretBox->setObjectName(QStringLiteral("secretGroup"));
    m_secret = new QLineEdit(secretBox);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setAccessibleName(tr("Signing secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setReadOnly(true); // until showCurrent() knows whether a new one is written
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_secret->setFont(mono);
    m_reveal = button(tr("&Reveal"), "revealSecretButton", secretBox);
    m_reveal->setCheckable(true);
    m_copySecret = button(tr("&Copy"), "copySecretButton", secretBox);
    m_rotate = button(tr("R&otate…"), "rotateSecretButton", secretBox);
    m_secretHint = new QLabel(secretBox);
    m_secretHint->setObjectName(QStringLiteral("secretHint"));
    m_secretHint->setWordWrap(true);
    m_secretHint->setForegroundRole(QPalette::PlaceholderText);
    connect(m_reveal, &QPushButton::toggled, this, [this](bool shown) {
        m_secret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setText(shown ? tr("&Hide") : tr("&Reveal"));
    });
    connect(m_copySecret, &QPushButton::clicked, this, &SubscriptionsPane::copySecret);
    connect(m_rotate, &QPushButton::clicked, this, &SubscriptionsPane::rotateSecret);
    auto *secretButtons = new QHBoxLayout;
    secretButtons->addWidget(m_reveal);
    secretButtons->addWidget(m_copySecret);
    secretButtons->addWidget(m_rotate);
    secretButtons->addStretch(1);
    auto *secretLayout = new QVBoxLayout(secretBox);
    secretLayout->addWidget(m_secret);
    secretLayout->addLayout(secretButtons);
    secretLayout->addWidget(m_secretHint);

    auto *statsBox = new QGroupBox(tr("Statistics"), panel);
    statsBox->setObjectName(QStringLiteral("statsGroup"));
    auto *statsForm = new QFormLayout(statsBox);
    const QStringList labels = {
        tr("Deliveries:"),      tr("Succeeded:"),    tr("Failed:"),
        tr("Pending:"),         tr("Success rate:"), tr("Average:"),
        tr("95th percentile:"), tr("Last attempt:"), tr("Failures in a row:")};
    const char *names[] = {"statDeliveries", "statSucceeded",   "statFailed",
                           "statPending",    "statSuccessRate", "statAverage",
                           "statP95",        "statLast",        "statFailures"};
    for (int i = 0; i < StatCount; ++i) {
        auto *value = new QLabel(statsBox);
        value->setObjectName(QLatin1String(names[i]));
        value->setAccessibleName(QString(labels.at(i)).remove(QLatin1Char(':')));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        statsForm->addRow(labels.at(i), value);
        m_stats.append(value);
    }

    auto *testBox = new QGroupBox(tr("Test event"), panel);
    testBox->setObjectName(QStringLiteral("testGroup"));
    m_testType = new QComboBox(testBox);
    m_testType->setObjectName(QStringLiteral("testEventType"));
    m_testType->setAccessibleName(tr("Test event type"));
    m_testType->addItem(tr("First catalog type it wants"), QString());
    m_sendTest = button(tr("Send &test event"), "sendTestButton", testBox);
    connect(m_sendTest, &QPushButton::clicked, this, &SubscriptionsPane::sendTest);
    m_testResult = new QLabel(testBox);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setAccessibleName(tr("Test event result"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testLayout = new QVBoxLayout(testBox);
    testLayout->addWidget(m_testType);
    auto *testButtons = new QHBoxLayout;
    testButtons->addWidget(m_sendTest);
    testButtons->addStretch(1);
    testLayout->addLayout(testButtons);
    testLayout->addWidget(m_testResult);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(secretBox);
    layout->addWidget(statsBox);
    layout->addWidget(testBox);
    layout->addStretch(1);
    return panel;
}

void SubscriptionsPane::refresh()
{
    m_engine->outboxCall(
        this,
        [](OutboxService &outbox) {
            Loaded loaded;
            for (const Subscription &s : outbox.subscriptions())
                loaded.entries.append({s, outbox.stats(s.id)});
            for (const CatalogEvent &event : outbox.catalog().all())
                loaded.types.append(event.type);
            return loaded;
        },
        [this](const Loaded &loaded) { onLoaded(loaded); });
}

void SubscriptionsPane::onLoaded(const Loaded &loaded)
{
    const qint64 current = m_currentId;
    m_model->setEntries(loaded.entries);
    if (current && m_model->rowOf(current) >= 0) {
        const QModelIndex index = m_model->index(m_model->rowOf(current), 0);
        if (m_list->selectionModel()->currentIndex().row() != index.row())
            m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
    }

    QStringList types;
    for (int i = 1; i < m_testType->count(); ++i)
        types.append(m_testType->itemText(i));
    if (types != loaded.types) {
        const QString chosen = m_testType->currentData().toString();
        while (m_testType->count() > 1)
            m_testType->removeItem(1);
        for (const QString &type : loaded.types)
            m_testType->addItem(type, type);
        const int index = m_testType->findData(chosen);
        m_testType->setCurrentIndex(index < 0 ? 0 : index);
    }
    // Someone else's change shows in the form unless the form holds edits of its own.
    showCurrent(!m_editor->isDirty());
}

void SubscriptionsPane::selectSubscription(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_list->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void SubscriptionsPane::onCurrentChanged()
{
    const QModelIndex current = m_list->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? m_model->idAt(current.row()) : 0;
    if (id == m_currentId || !id)
        return;
    if (!mayDiscardEdits()) {
        // Back to the subscription being edited.
        const QSignalBlocker blocker(m_list->selectionModel());
        const int row = m_model->rowOf(m_currentId);
        if (row >= 0)
            m_list->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                      QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
        else
            m_list->selectionModel()->clear();
        return;
    }
    m_currentId = id;
    m_reveal->setChecked(false);
    m_message->clear();
    m_testResult->clear();
    showCurrent(true);
}

void SubscriptionsPane::showCurrent(bool loadEditor)
{
    const SubscriptionEntry *entry = m_currentId ? m_model->entry(m_currentId) : nullptr;
    if (m_currentId && !entry) {
        // Deleted (here or through the API).
        m_currentId = 0;
        loadEditor = true;
    }
    if (loadEditor) {
        m_editor->load(entry ? entry->subscription : Subscription());
        m_revert->setEnabled(false);
    }
    m_title->setText(
        entry ? tr("Subscription %1: %2").arg(entry->subscription.id).arg(entry->subscription.name)
              : tr("New subscription"));
    m_banner->setVisible(entry && !entry->subscription.active);
    if (entry && !entry->subscription.active)
        m_bannerText->setText(entry->subscription.disabledReason.isEmpty()
                                  ? tr("<b>Disabled.</b> No events are delivered to it.")
                                  : tr("<b>Disabled:</b> %1")
                                        .arg(entry->subscription.disabledReason.toHtmlEscaped()));

    if (entry) {
        m_secret->setText(QString::fromUtf8(entry->subscription.secret));
        m_secret->setReadOnly(true);
        m_secret->setPlaceholderText(QString());
        m_secretHint->setText(
            tr("Endpoints verify the %1 signature with this. Rotating makes a new one at once.")
                .arg(entry->subscription.scheme));
    } else if (m_secret->isReadOnly()) {
        // From an existing subscription to a new one; a secret typed for the new one stays.
        m_secret->clear();
        m_secret->setReadOnly(false);
        m_secret->setPlaceholderText(tr("generated on save, or paste one"));
        m_secretHint->setText(tr("Leave empty to generate whsec_ + 24 random bytes (or a key "
                                 "pair for Ed25519 schemes)."));
    }
    m_delete->setEnabled(entry);
    m_copySecret->setEnabled(entry);
    m_rotate->setEnabled(entry);
    m_sendTest->setEnabled(entry && entry->subscription.active);
    m_sendTest->setToolTip(entry && !entry->subscription.active
                               ? tr("Enable the subscription to send to it")
                               : QString());
    showStats(entry);
}

void SubscriptionsPane::showStats(const SubscriptionEntry *entry)
{
    if (!entry) {
        for (QLabel *label : std::as_const(m_stats))
            label->setText(QStringLiteral("–"));
        return;
    }
    const SubscriptionStats &s = entry->stats;
    const QLocale locale;
    const bool ended = s.succeeded + s.failed > 0;
    m_stats.at(DeliveriesStat)->setText(locale.toString(s.deliveries));
    m_stats.at(SucceededStat)->setText(locale.toString(s.succeeded));
    m_stats.at(FailedStat)->setText(locale.toString(s.failed));
    m_stats.at(PendingStat)->setText(locale.toString(s.pending));
    m_stats.at(RateStat)->setText(ended ? OutboxText::percent(s.successRate) : QStringLiteral("–"));
    m_stats.at(AverageStat)
        ->setText(s.lastAttemptUs ? OutboxText::durationMs(s.averageDurationMs)
                                  : QStringLiteral("–"));
    m_stats.at(P95Stat)->setText(s.lastAttemptUs ? OutboxText::durationMs(s.p95DurationMs)
                                                 : QStringLiteral("–"));
    m_stats.at(LastStat)->setText(
        s.lastAttemptUs ? tr("%1 at %2")
                              .arg(s.lastStatus ? tr("HTTP %1").arg(s.lastStatus) : tr("no answer"),
                                   OutboxText::time(s.lastAttemptUs))
                        : tr("none yet"));
    m_stats.at(FailuresStat)->setText(locale.toString(s.consecutiveFailures));
}

bool SubscriptionsPane::mayDiscardEdits()
{
    if (!m_editor->isDirty())
        return true;
    const SubscriptionEntry *entry = m_model->entry(m_currentId);
    return confirm(tr("Unsaved changes"),
                   entry ? tr("Discard the changes to \"%1\"?").arg(entry->subscription.name)
                         : tr("Discard the new subscription?"));
}

void SubscriptionsPane::newSubscription()
{
    if (!mayDiscardEdits())
        return;
    m_list->selectionModel()->clearSelection();
    m_list->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::Clear);
    m_currentId = 0;
    m_message->clear();
    m_secret->clear();
    showCurrent(true);
    m_editor->setFocus();
    if (QWidget *name = m_editor->findChild<QWidget *>(QStringLiteral("subscriptionName")))
        name->setFocus(Qt::OtherFocusReason);
}

void SubscriptionsPane::save()
{
    QJsonObject json = m_editor->toJson();
    const qint64 id = m_currentId;
    if (!id && !m_secret->text().trimmed().isEmpty())
        json.insert(QStringLiteral("secret"), m_secret->text().trimmed());
    m_save->setEnabled(false);
    using Result = OutboxResult<Subscription>;
    m_engine->outboxCall(
        this,
        [id, json](OutboxService &outbox) {
            Result result;
            result.value = id ? outbox.updateSubscription(id, json, false, &result.error)
                              : outbox.createSubscription(json, &result.error);
            return result;
        },
        [this, id](const Result &result) {
            m_save->setEnabled(true);
            if (!result.value) {
                m_editor->showError(result.error.message);
                showMessage(id ? tr("Not saved.") : tr("Not created."), true);
                return;
            }
            m_editor->showError({});
            // Coming back to this subscription, the form shows what was stored.
            m_editor->load(*result.value);
            m_revert->setEnabled(false);
            m_currentId = result.value->id;
            showMessage(id ? tr("Saved.") : tr("Created \"%1\".").arg(result.value->name));
            m_refresh->runNow();
        });
}

void SubscriptionsPane::revert()
{
    m_message->clear();
    showCurrent(true);
}

void SubscriptionsPane::deleteCurrent()
{
    const SubscriptionEntry *entry = m_model->entry(m_currentId);
    if (!entry)
        return;
    const qint64 id = m_currentId;
    if (!confirm(tr("Delete subscription"),
                 tr("Delete \"%1\" with its deliveries and their attempts? This cannot be undone.")
                     .arg(entry->subscription.name)))
        return;
    m_engine->outboxCall(
        this,
        [id](OutboxService &outbox) {
            OutboxError error;
            outbox.deleteSubscription(id, &error);
            return error;
        },
        [this](const OutboxError &error) {
            if (error)
                showMessage(error.message, true);
            m_refresh->runNow();
        });
}

void SubscriptionsPane::enableCurrent()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    using Result = OutboxResult<Subscription>;
    m_engine->outboxCall(
        this,
        [id](OutboxService &outbox) {
            Result result;
            result.value = outbox.updateSubscription(id, {{QStringLiteral("active"), true}}, false,
                                                     &result.error);
            return result;
        },
        [this](const Result &result) {
            if (!result.value) {
                showMessage(result.error.message, true);
                return;
            }
            showMessage(tr("Enabled; pending deliveries go out now."));
            m_editor->load(*result.value);
            m_refresh->runNow();
        });
}

void SubscriptionsPane::rotateSecret()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    if (!confirm(tr("Rotate secret"),
                 tr("Make a new signing secret? Deliveries are signed with it at once; the "
                    "endpoint must be given the new secret.")))
        return;
    using Result = OutboxResult<Subscription>;
    m_engine->outboxCall(
        this,
        [id](OutboxService &outbox) {
            Result result;
            result.value = outbox.rotateSecret(id, &result.error);
            return result;
        },
        [this, id](const Result &result) {
            if (!result.value) {
                showMessage(result.error.message, true);
                return;
            }
            if (id == m_currentId)
                m_secret->setText(QString::fromUtf8(result.value->secret));
            showMessage(tr("Secret rotated."));
            m_refresh->runNow();
        });
}

void SubscriptionsPane::copySecret()
{
    if (m_secret->text().isEmpty())
        return;
    QApplication::clipboard()->setText(m_secret->text());
    showMessage(tr("Secret copied."));
}

void SubscriptionsPane::sendTest()
{
    const qint64 id = m_currentId;
    if (!id)
        return;
    const QString type = m_testType->currentData().toString();
    using Result = OutboxResult<FiredEvent>;
    m_engine->outboxCall(
        this,
        [id, type](OutboxService &outbox) {
            Result result;
            result.value = outbox.sendTest(id, type, &result.error);
            return result;
        },
        [this](const Result &result) {
            if (!result.value) {
                showMessage(result.error.message, true, m_testResult);
                return;
            }
            showMessage(
                tr("Test event %1 (%2) queued; see Deliveries.")
                    .arg(QString::fromLatin1(result.value->event.uid), result.value->event.type),
                false, m_testResult);
        });
}

void SubscriptionsPane::showMessage(const QString &text, bool error, QLabel *label)
{
    MessageLabel::show(label ? label : m_message, text, error);
}

bool SubscriptionsPane::confirm(const QString &title, const QString &text)
{
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

} // namespace hookscope
