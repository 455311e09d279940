#include "main_window.h"

#include "app_settings.h"
#include "dialogs/about_dialog.h"
#include "dialogs/compare_dialog.h"
#include "dialogs/rules_dialog.h"
#include "dialogs/settings_dialog.h"
#include "dialogs/signatures_dialog.h"
#include "engine.h"
#include "models/request_list_model.h"
#include "new_request_notifier.h"
#include "panes/deliveries_pane.h"
#include "panes/events_pane.h"
#include "panes/exports_pane.h"
#include "panes/queue_stats_widget.h"
#include "panes/subscriptions_pane.h"
#include "sample_webhook.h"
#include "widgets/filter_bar.h"
#include "widgets/first_run_view.h"
#include "widgets/list_view_style.h"
#include "widgets/request_detail_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace hookscope {

namespace {

constexpr int RetentionIntervalMs = 60 * 1000;

} // namespace

MainWindow::MainWindow(Engine *engine, AppSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_engine(engine), m_settings(settings),
      m_model(new RequestListModel(this)), m_filterBar(new FilterBar(this)),
      m_pageStack(new QStackedWidget(this)), m_listStack(new QStackedWidget(this)),
      m_firstRun(new FirstRunView(this)), m_emptyHint(new QLabel(this)),
      m_list(new QTableView(this)), m_detail(new RequestDetailView(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_notifier(new NewRequestNotifier(settings, this)), m_problem(new QWidget(this)),
      m_problemText(new QLabel(this)), m_urlLabel(new QLabel(this)),
      m_copyUrlButton(new QToolButton(this)), m_stateLabel(new QLabel(this)),
      m_countLabel(new QLabel(this)), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Hookscope"));

    m_list->setObjectName(QStringLiteral("requestList"));
    m_list->setAccessibleName(tr("Captured requests"));
    m_list->setModel(m_model);
    ListViewStyle::apply(m_list, QAbstractItemView::ExtendedSelection);
    m_list->setTextElideMode(Qt::ElideMiddle);
    QHeaderView *header = m_list->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(RequestListModel::PathColumn, QHeaderView::Stretch);
    // Widths from the text each column typically holds, in the bold font of unread rows.
    QFont bold = m_list->font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const auto fit = [&](int column, const char *sample) {
        header->resizeSection(column, metrics.horizontalAdvance(QString::fromLatin1(sample)) + 18);
    };
    fit(RequestListModel::TimeColumn, "00:00:00.000");
    fit(RequestListModel::MethodColumn, "OPTIONS");
    fit(RequestListModel::StatusColumn, "Status");
    fit(RequestListModel::SizeColumn, "1,023.9 KB");
    fit(RequestListModel::ContentTypeColumn, "application/json");
    fit(RequestListModel::EventColumn, "booking.cancelled");
    fit(RequestListModel::SignatureColumn, "Signature");

    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emptyHint->setMargin(24);
    m_listStack->addWidget(m_list);
    m_listStack->addWidget(m_emptyHint);

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(6, 0, 0, 0);
    listLayout->addWidget(m_listStack);

    m_detail->setObjectName(QStringLiteral("requestDetail"));
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    // A receiver that cannot listen is said here, with the way out next to it.
    m_problem->setObjectName(QStringLiteral("receiverProblem"));
    m_problem->setAutoFillBackground(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::Window, problemPalette.color(QPalette::Base).lightness() > 128
                                                  ? QColor(0xff, 0xe8, 0xc8)
                                                  : QColor(0x5a, 0x3a, 0x10));
    m_problem->setPalette(problemPalette);
    m_problemText->setObjectName(QStringLiteral("receiverProblemText"));
    m_problemText->setWordWrap(true);
    auto *changePort = new QPushButton(tr("Change port…"), m_problem);
    changePort->setObjectName(QStringLiteral("changePortButton"));
    auto *retry = new QPushButton(tr("Retry"), m_problem);
    retry->setObjectName(QStringLiteral("retryReceiverButton"));
    auto *problemLayout = new QHBoxLayout(m_problem);
    problemLayout->addWidget(m_problemText, 1);
    problemLayout->addWidget(changePort);
    problemLayout->addWidget(retry);
    m_problem->setVisible(false);
    connect(changePort, &QPushButton::clicked, this, &MainWindow::editSettings);
    connect(retry, &QPushButton::clicked, this, &MainWindow::startReceiver);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_problem);
    // The requests page: the filter bar spans it (six fields need the room), then the list
    // and the detail view. The other panes (sending, exports) are further tabs.
    auto *requestsPage = new QWidget(this);
    requestsPage->setObjectName(QStringLiteral("requestsPage"));
    auto *requestsLayout = new QVBoxLayout(requestsPage);
    requestsLayout->setContentsMargins(0, 0, 0, 0);
    requestsLayout->setSpacing(0);
    auto *filterRow = new QWidget(requestsPage);
    auto *filterLayout = new QHBoxLayout(filterRow);
    filterLayout->setContentsMargins(6, 6, 6, 6);
    filterLayout->addWidget(m_filterBar);
    requestsLayout->addWidget(filterRow);
    m_pageStack->addWidget(m_splitter);
    m_pageStack->addWidget(m_firstRun);
    requestsLayout->addWidget(m_pageStack, 1);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    addPane(requestsPage, tr("Requests"));
    addPane(new SubscriptionsPane(m_engine, this), tr("Subscriptions"));
    addPane(new EventsPane(m_engine, this), tr("Events"));
    addPane(new DeliveriesPane(m_engine, this), tr("Deliveries"));
    addPane(m_exportsPane = new ExportsPane(engine, this), tr("Exports"));
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_filterBar, &FilterBar::filterChanged, m_model, &RequestListModel::setFilter);
    connect(m_model, &RequestListModel::countsChanged, this, &MainWindow::updateCounts);
    // A filter change keeps the request on display selected when it still matches (it may
    // be in the first window or arrive with the rest).
    const auto reselect = [this] {
        if (m_shownId && !m_list->selectionModel()->hasSelection() &&
            m_model->rowOf(m_shownId) >= 0)
            selectId(m_shownId);
        updateActions();
    };
    connect(m_model, &RequestListModel::modelReset, this, reselect);
    connect(m_model, &RequestListModel::loadCompleted, this, reselect);
    connect(m_model, &RequestListModel::rowsAboutToBeInserted, this,
            [this] { m_scrollBefore = m_list->verticalScrollBar()->value(); });
    connect(m_model, &RequestListModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                if (first == 0)
                    keepScrollOnInsert(last - first + 1);
            });
    connect(m_model, &RequestListModel::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Reading the request list failed: %1").arg(message), 10000);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showCurrent);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    connect(m_engine, &Engine::requestsCaptured, m_model, &RequestListModel::onCaptured);
    connect(m_engine, &Engine::requestsCaptured, this, [this](const QList<CaptureSummary> &batch) {
        m_notifier->addCaptured(batch, isActiveWindow());
    });
    connect(m_engine, &Engine::deliveryFailed, m_notifier, &NewRequestNotifier::addFailedDelivery);
    connect(m_engine, &Engine::subscriptionDisabled, m_notifier,
            [this](qint64, const QString &reason) { m_notifier->addDisabledSubscription(reason); });
    connect(m_engine, &Engine::requestsDeleted, m_model, &RequestListModel::onDeleted);
    connect(m_engine, &Engine::requestsCleared, m_model, &RequestListModel::onCleared);
    connect(m_engine, &Engine::requestsCleared, m_detail, &RequestDetailView::clear);
    connect(m_engine, &Engine::writeFailed, this, [this](const QString &message) {
        QMessageBox::warning(this, tr("Hookscope"), message);
    });
    connect(m_engine, &Engine::receiverStopped, this, [this] {
        updateReceiverState();
        if (m_restartPending) {
            m_restartPending = false;
            startReceiver();
        }
    });
    m_notifier->attachWindow(this);
    m_notifier->setTrayActions({m_copyUrlAction, m_pauseCaptureAction, m_quitAction});

    connect(m_firstRun, &FirstRunView::copyUrlRequested, this, &MainWindow::copyReceiverUrl);
    connect(m_firstRun, &FirstRunView::sendSampleRequested, this, &MainWindow::sendSampleWebhook);
    connect(m_firstRun, &FirstRunView::signaturesRequested, this, &MainWindow::openSignatures);
    connect(m_firstRun, &FirstRunView::subscriptionsRequested, this, [this] {
        if (QWidget *pane = subscriptionsPane())
            m_tabs->setCurrentWidget(pane);
    });

    m_retentionTimer.setInterval(RetentionIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &MainWindow::applyRetention);

    restoreLayout();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::addPane(QWidget *pane, const QString &title)
{
    m_tabs->addTab(pane, title);
    // Ctrl+1 is the request list; each pane added takes the next number.
    const int index = m_tabs->count() - 1;
    auto *action = new QAction(title, this);
    action->setObjectName(QStringLiteral("showPane%1Action").arg(index + 1));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    connect(action, &QAction::triggered, this, [this, pane] { m_tabs->setCurrentWidget(pane); });
    addAction(action);
    // Listed in the View menu with its shortcut (the menu exists after the first pane).
    m_paneActions.append(action);
    if (m_viewMenu)
        m_viewMenu->addAction(action);
    m_firstRun->setSubscriptionsAvailable(subscriptionsPane() != nullptr);
}

QWidget *MainWindow::subscriptionsPane() const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->objectName() == QLatin1String("subscriptionsPane"))
            return m_tabs->widget(i);
    }
    return nullptr;
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut,
                             const QString &name) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        addAction(action);
        return action;
    };
    m_findAction = make(tr("&Find…"), QKeySequence::Find, QStringLiteral("findAction"));
    connect(m_findAction, &QAction::triggered, m_filterBar, &FilterBar::focusSearch);

    m_pauseAction = make(tr("&Pause Live Updates"), QKeySequence(tr("Ctrl+Shift+P")),
                         QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setToolTip(tr("Keep the list still; new requests are still captured"));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_model->setLive(!paused);
        updateCounts();
    });

    // Delete acts on the list only, so the key still deletes text in the search field.
    m_deleteAction = new QAction(tr("&Delete"), m_list);
    m_deleteAction->setObjectName(QStringLiteral("deleteAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(m_deleteAction);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    m_clearAction = make(tr("C&lear All…"), QKeySequence(tr("Ctrl+Shift+Del")),
                         QStringLiteral("clearAllAction"));
    connect(m_clearAction, &QAction::triggered, this, &MainWindow::clearAll);

    m_compareAction =
        make(tr("Co&mpare Selected"), QKeySequence(tr("Ctrl+D")), QStringLiteral("compareAction"));
    m_compareAction->setToolTip(tr("Compare two selected requests side by side"));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::compareSelected);

    m_rulesAction =
        make(tr("Endpoint &Rules…"), QKeySequence(tr("Ctrl+E")), QStringLiteral("rulesAction"));
    connect(m_rulesAction, &QAction::triggered, this, &MainWindow::editRules);

    m_exportAction = make(tr("E&xport Selected/Filtered…"), QKeySequence(tr("Ctrl+Shift+E")),
                          QStringLiteral("exportRequestsAction"));
    m_exportAction->setToolTip(tr("Open the Exports pane with the selected requests (two or "
                                  "more), else the list's filter"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportRequests);

    m_signaturesAction = make(tr("Si&gnatures…"), QKeySequence(tr("Ctrl+Shift+S")),
                              QStringLiteral("signaturesAction"));
    m_signaturesAction->setToolTip(tr("Verify, explain and produce webhook signatures"));
    connect(m_signaturesAction, &QAction::triggered, this, &MainWindow::openSignatures);

    m_settingsAction =
        make(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), QStringLiteral("settingsAction"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::editSettings);

    m_copyUrlAction = make(tr("Copy Receiver &URL"), QKeySequence(tr("Ctrl+Shift+U")),
                           QStringLiteral("copyUrlAction"));
    connect(m_copyUrlAction, &QAction::triggered, this, &MainWindow::copyReceiverUrl);

    m_pauseCaptureAction = make(tr("Pause &Capture"), QKeySequence(tr("Ctrl+Alt+P")),
                                QStringLiteral("pauseCaptureAction"));
    m_pauseCaptureAction->setCheckable(true);
    m_pauseCaptureAction->setToolTip(
        tr("Stop the receiver until resumed; senders get \"connection refused\""));
    connect(m_pauseCaptureAction, &QAction::toggled, this, &MainWindow::setCapturePaused);

    m_quitAction = make(tr("&Quit"), QKeySequence::Quit, QStringLiteral("quitAction"));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quit);

    m_aboutAction = make(tr("&About Hookscope"), {}, QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_detail->copyCurlAction()->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    m_detail->copyBodyAction()->setShortcut(QKeySequence(tr("Ctrl+Shift+B")));
    m_detail->saveBodyAction()->setShortcut(QKeySequence::Save);
    m_detail->resendAction()->setShortcut(QKeySequence(tr("Ctrl+R")));
    for (QAction *action : {m_detail->copyCurlAction(), m_detail->copyBodyAction(),
                            m_detail->saveBodyAction(), m_detail->resendAction()}) {
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_detail->saveBodyAction());
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_detail->copyCurlAction());
    edit->addAction(m_detail->copyBodyAction());
    edit->addAction(m_copyUrlAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addSeparator();
    edit->addAction(m_deleteAction);
    edit->addAction(m_clearAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_pauseAction);
    view->addAction(m_pauseCaptureAction);
    view->addSeparator();
    view->addActions(m_paneActions);
    m_viewMenu = view;

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_detail->resendAction());
    tools->addAction(m_compareAction);
    tools->addSeparator();
    tools->addAction(m_signaturesAction);
    tools->addAction(m_rulesAction);
    tools->addAction(m_exportAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);

    // The list's context menu: the actions on what is selected.
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(m_list);
    separator->setSeparator(true);
    m_list->insertActions(m_deleteAction,
                          {m_detail->copyCurlAction(), m_detail->copyBodyAction(),
                           m_detail->resendAction(), m_compareAction, m_exportAction, separator});
}

void MainWindow::exportRequests()
{
    // Two or more selected rows are a selection; one is just the current row, so the list's
    // filter is exported instead.
    ExportOptions options;
    const RequestFilter f = m_model->filter();
    options.search = f.text;
    QStringList methods;
    for (const QByteArray &method : f.methods)
        methods.append(QString::fromLatin1(method));
    options.method = methods.join(QLatin1Char(','));
    options.pathGlob = f.pathGlob;
    options.status = f.statusClass ? QStringLiteral("%1xx").arg(f.statusClass) : QString();
    options.eventGlob = f.eventType;
    options.sinceUs = f.fromUs;
    options.untilUs = f.toUs;
    const QList<qint64> selected = selectedIds();
    if (selected.size() > 1)
        options.ids = selected;
    m_exportsPane->prefill(options);
    m_tabs->setCurrentWidget(m_exportsPane);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_pauseAction);
    bar->addSeparator();
    bar->addAction(m_detail->copyCurlAction());
    bar->addAction(m_detail->resendAction());
    bar->addAction(m_compareAction);
    bar->addSeparator();
    bar->addAction(m_deleteAction);
    bar->addAction(m_clearAction);
    bar->addSeparator();
    bar->addAction(m_signaturesAction);
    bar->addAction(m_rulesAction);
    bar->addAction(m_settingsAction);
}

void MainWindow::createStatusBar()
{
    m_urlLabel->setObjectName(QStringLiteral("receiverUrlLabel"));
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urlLabel->setAccessibleName(tr("Receiver URL"));
    m_copyUrlButton->setObjectName(QStringLiteral("copyUrlButton"));
    m_copyUrlButton->setDefaultAction(m_copyUrlAction);
    m_copyUrlButton->setText(tr("Copy"));
    m_copyUrlButton->setAutoRaise(true);
    m_stateLabel->setObjectName(QStringLiteral("receiverStateLabel"));
    m_countLabel->setObjectName(QStringLiteral("requestCountLabel"));
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_urlLabel);
    statusBar()->addWidget(m_copyUrlButton);
    statusBar()->addPermanentWidget(new QueueStatsWidget(m_engine, this));
    statusBar()->addPermanentWidget(m_countLabel);
}

void MainWindow::start()
{
    QString error;
    if (!m_model->open(m_engine->databasePath(), &error))
        statusBar()->showMessage(tr("Reading the request list failed: %1").arg(error));
    startReceiver();
    applyRetention();
    m_retentionTimer.start();
    updateCounts();
}

void MainWindow::startReceiver()
{
    if (m_capturePaused) {
        updateReceiverState();
        return;
    }
    const ReceiverConfig config = m_settings->receiverConfig(m_engine->dataDir());
    switch (m_engine->startReceiver(config)) {
    case Engine::StartError::None:
        break;
    case Engine::StartError::AddressInUse:
        m_receiverProblem = tr("port %1 on %2 is in use by another program. Choose another "
                               "port, or stop the other program and retry.")
                                .arg(config.port)
                                .arg(config.bindAddress.toString());
        break;
    case Engine::StartError::ListenFailed:
    case Engine::StartError::DatabaseFailed:
        m_receiverProblem = m_engine->errorString();
        break;
    }
    if (m_engine->isRunning())
        m_receiverProblem.clear();
    m_problemText->setText(
        tr("<b>The receiver is not listening:</b> %1").arg(m_receiverProblem.toHtmlEscaped()));
    m_problem->setVisible(!m_receiverProblem.isEmpty());
    updateReceiverState();
    if (m_engine->isRunning())
        emit receiverListening(m_engine->receiverUrl());
}

void MainWindow::restartReceiver()
{
    if (m_engine->isRunning()) {
        m_restartPending = true;
        m_engine->stopReceiver();
    } else {
        startReceiver();
    }
}

void MainWindow::updateReceiverState()
{
    const bool listening = m_engine->isRunning();
    const QString url = listening ? m_engine->receiverUrl().toString() : QString();
    m_urlLabel->setText(url);
    m_urlLabel->setVisible(listening);
    m_copyUrlButton->setVisible(listening);
    m_copyUrlAction->setEnabled(listening);
    const QString stopped = m_capturePaused ? tr("Capture paused") : tr("Receiver stopped");
    m_stateLabel->setText(listening ? tr("Listening on") : stopped);
    m_notifier->setReceiverState(listening, listening ? tr("Listening on %1").arg(url) : stopped);
    if (listening)
        m_firstRun->setReceiverUrl(m_engine->receiverUrl());
    else if (m_capturePaused)
        m_firstRun->setReceiverUrl({}, tr("Nothing is stored yet. Capture is paused: resume it "
                                          "(View > Pause Capture) to receive webhooks."));
    else if (!m_receiverProblem.isEmpty())
        m_firstRun->setReceiverUrl({}, tr("Nothing is stored yet, and the receiver is not "
                                          "listening: %1")
                                           .arg(m_receiverProblem));
    else
        m_firstRun->setReceiverUrl({}); // stopping, or restarting with new settings
    updateCounts();
}

void MainWindow::updateCounts()
{
    const qint64 total = m_model->totalCount();
    const qint64 shown = m_model->rowCount();
    // Plural forms by hand: without a loaded translation, tr()'s %n does not pick them.
    const QString totalText =
        total == 1 ? tr("1 request") : tr("%1 requests").arg(QLocale().toString(total));
    // While the rest of a long list loads, the count shown so far is a lower bound.
    const QString shownText = m_model->isComplete() ? QLocale().toString(shown)
                                                    : tr("%1+").arg(QLocale().toString(shown));
    QString text = m_model->filter().isEmpty() && m_model->isComplete()
                       ? totalText
                       : tr("%1 of %2").arg(shownText, totalText);
    if (!m_model->isLive() && m_model->pendingCount() > 0)
        text += QStringLiteral(" · ") +
                tr("paused, %1 new").arg(QLocale().toString(m_model->pendingCount()));
    else if (!m_model->isLive())
        text += QStringLiteral(" · ") + tr("paused");
    m_countLabel->setText(text);

    // Nothing stored: the first-run view instead of an empty table.
    m_pageStack->setCurrentWidget(total > 0 || shown > 0 ? static_cast<QWidget *>(m_splitter)
                                                         : m_firstRun);
    if (shown > 0) {
        m_listStack->setCurrentWidget(m_list);
    } else {
        m_emptyHint->setText(tr("No request matches the filter."));
        m_listStack->setCurrentWidget(m_emptyHint);
    }
}

QList<qint64> MainWindow::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &index : rows)
        ids.append(m_model->idAt(index.row()));
    return ids;
}

void MainWindow::selectId(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_list->scrollTo(index);
}

void MainWindow::updateActions()
{
    const int selected = int(m_list->selectionModel()->selectedRows().size());
    m_deleteAction->setEnabled(selected > 0);
    m_compareAction->setEnabled(selected == 2);
    m_clearAction->setEnabled(m_model->totalCount() > 0);
}

void MainWindow::showCurrent()
{
    const QModelIndex current = m_list->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? m_model->idAt(current.row()) : 0;
    if (id == m_shownId && m_detail->hasRequest())
        return;
    m_shownId = id;
    if (!id) {
        m_detail->clear();
        return;
    }
    if (const std::optional<StoredRequest> request = m_model->request(id))
        m_detail->setRequest(*request, m_engine->receiverUrl());
    else
        m_detail->clear();
    m_model->markRead(id);
}

void MainWindow::keepScrollOnInsert(int count)
{
    // At the top the user watches arrivals; further down, what they read stays in place.
    QScrollBar *bar = m_list->verticalScrollBar();
    if (m_scrollBefore > 0)
        bar->setValue(m_scrollBefore + count);
}

void MainWindow::deleteSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    // Move the selection to the row after the deleted ones, as file managers do.
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    int next = 0;
    for (const QModelIndex &index : rows)
        next = qMax(next, index.row() + 1);
    const qint64 nextId = m_model->idAt(next);
    if (nextId)
        selectId(nextId);
    m_engine->deleteRequests(ids);
}

void MainWindow::clearAll()
{
    const qint64 total = m_model->totalCount();
    if (total == 0)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Clear all requests"),
        total == 1 ? tr("Delete the stored request? This cannot be undone.")
                   : tr("Delete all %1 stored requests? This cannot be undone.")
                         .arg(QLocale().toString(total)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        m_engine->clearRequests();
}

void MainWindow::compareSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.size() != 2)
        return;
    // Older on the left, as in a diff.
    const std::optional<StoredRequest> left = m_model->request(qMin(ids.at(0), ids.at(1)));
    const std::optional<StoredRequest> right = m_model->request(qMax(ids.at(0), ids.at(1)));
    if (!left || !right)
        return;
    auto *dialog = new CompareDialog(*left, *right, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::editRules()
{
    QString error;
    const std::optional<QList<EndpointRule>> rules = m_engine->rules(&error);
    if (!rules) {
        QMessageBox::warning(this, tr("Endpoint rules"),
                             tr("The stored rules cannot be read: %1").arg(error));
        return;
    }
    auto *dialog = new RulesDialog(*rules, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setApplyFunction([this](const QList<EndpointRule> &edited, QString *why) {
        return m_engine->setRules(edited, why);
    });
    dialog->open();
}

void MainWindow::editSettings()
{
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_receiverProblem.isEmpty())
        dialog->setReceiverProblem(m_receiverProblem);
    dialog->setApiToken(m_engine->apiToken());
    connect(dialog, &SettingsDialog::settingsSaved, this, [this](bool receiverChanged) {
        m_engine->setDeliveryConcurrency(m_settings->deliveryConcurrency());
        if (receiverChanged || !m_engine->isRunning())
            restartReceiver();
        applyRetention();
    });
    dialog->open();
}

void MainWindow::openSignatures()
{
    if (!m_signatures) {
        m_signatures = new SignaturesDialog(m_settings, this);
        m_signatures->setAttribute(Qt::WA_DeleteOnClose);
    }
    if (m_detail->hasRequest())
        m_signatures->setRequest(m_detail->request(), m_engine->receiverUrl());
    m_signatures->show();
    m_signatures->raise();
    m_signatures->activateWindow();
}

void MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(m_engine->dataDir(), m_engine->databasePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::sendSampleWebhook()
{
    if (!m_engine->isRunning())
        return;
    const SampleWebhook &sample = SampleWebhook::sampleWebhooks().constFirst();
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(m_engine->receiverUrl().resolved(QUrl(sample.path)));
    for (const auto &[name, value] : sample.headers)
        request.setRawHeader(name, value);
    m_firstRun->setSampleStatus(tr("Sending a %1 event…").arg(sample.eventType));
    QNetworkReply *reply = m_network->post(request, sample.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        // Success shows itself: the request replaces this view in the list.
        m_firstRun->setSampleStatus(
            reply->error() == QNetworkReply::NoError
                ? QString()
                : tr("The sample was not received: %1").arg(reply->errorString()));
    });
}

void MainWindow::setCapturePaused(bool paused)
{
    if (paused == m_capturePaused)
        return;
    m_capturePaused = paused;
    m_pauseCaptureAction->setChecked(paused);
    if (paused) {
        m_restartPending = false;
        m_engine->stopReceiver();
        updateReceiverState();
    } else {
        restartReceiver();
    }
}

void MainWindow::bringToFront()
{
    m_notifier->restoreWindow();
}

void MainWindow::quit()
{
    m_quitting = true;
    close();
    QCoreApplication::quit();
}

void MainWindow::copyReceiverUrl()
{
    if (!m_engine->isRunning())
        return;
    QApplication::clipboard()->setText(m_engine->receiverUrl().toString());
    statusBar()->showMessage(tr("Receiver URL copied"), 3000);
}

void MainWindow::applyRetention()
{
    m_engine->pruneRequests(m_settings->retentionMaxCount(), m_settings->retentionMaxAgeDays());
}

void MainWindow::restoreLayout()
{
    QSettings *s = m_settings->settings();
    if (!restoreGeometry(s->value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 860);
    restoreState(s->value(QStringLiteral("window/state")).toByteArray());
    if (!m_splitter->restoreState(s->value(QStringLiteral("window/splitter")).toByteArray()))
        m_splitter->setSizes({width() * 11 / 20, width() * 9 / 20});
    m_list->horizontalHeader()->restoreState(
        s->value(QStringLiteral("window/listHeader")).toByteArray());
}

void MainWindow::saveLayout()
{
    QSettings *s = m_settings->settings();
    s->setValue(QStringLiteral("window/geometry"), saveGeometry());
    s->setValue(QStringLiteral("window/state"), saveState());
    s->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    s->setValue(QStringLiteral("window/listHeader"), m_list->horizontalHeader()->saveState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    // Closing keeps the receiver running in the tray when the user asked for it; Quit ends.
    if (!m_quitting && m_settings->minimiseToTray() && m_notifier->hideToTray()) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace hookscope
