#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QAction;
class QNetworkAccessManager;
class QLabel;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolButton;

namespace hookscope {

class AppSettings;
class Engine;
class ExportsPane;
class FilterBar;
class FirstRunView;
class NewRequestNotifier;
class RequestDetailView;
class RequestListModel;
class SignaturesDialog;

// The inspector: filter bar, request list and detail view over the Engine's database, the
// receiver's state in the status bar, and the actions on requests.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Engine *engine, AppSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The database must be open (Engine::open). Loads the list and starts the receiver
    // with the settings; a receiver that cannot start is shown in the window, not fatal.
    void start();

    RequestListModel *requestModel() const { return m_model; }
    // The main window's tabs: the request list first, then the panes added here (Ctrl+N
    // shows the Nth).
    void addPane(QWidget *pane, const QString &title);
    QTabWidget *tabs() const { return m_tabs; }
    ExportsPane *exportsPane() const { return m_exportsPane; }
    QTableView *requestList() const { return m_list; }
    RequestDetailView *detailView() const { return m_detail; }
    FilterBar *filterBar() const { return m_filterBar; }
    QList<qint64> selectedIds() const;
    void selectId(qint64 id);
    // Shown instead of the list while nothing is stored.
    FirstRunView *firstRunView() const { return m_firstRun; }
    NewRequestNotifier *notifier() const { return m_notifier; }
    QAction *pauseCaptureAction() const { return m_pauseCaptureAction; }
    QAction *quitAction() const { return m_quitAction; }
    bool isCapturePaused() const { return m_capturePaused; }

public slots:
    void deleteSelected();
    void clearAll();
    void compareSelected();
    void editRules();
    void editSettings();
    void copyReceiverUrl();
    // The one Signatures dialog, raised, with the selected request in it.
    void openSignatures();
    void showAbout();
    // Posts the built-in sample webhook to this window's own receiver.
    void sendSampleWebhook();
    // Stops the receiver until resumed (senders get "connection refused"); what is stored
    // stays readable.
    void setCapturePaused(bool paused);
    // Out of the tray or the taskbar, to the front (a second launch asks for this).
    void bringToFront();
    // Closes the window for good, even when closing would keep Hookscope in the tray.
    void quit();
    // The Exports pane, pre-filled with the selected requests or the list's filter.
    void exportRequests();

signals:
    // The receiver listens (at start, after a retry, a settings change or a resume).
    void receiverListening(const QUrl &url);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void restoreLayout();
    void saveLayout();

    void startReceiver();
    void restartReceiver();
    void updateReceiverState();
    void updateCounts();
    void updateActions();
    void showCurrent();
    void applyRetention();
    void keepScrollOnInsert(int count);
    QWidget *subscriptionsPane() const;

    Engine *m_engine;
    AppSettings *m_settings;
    RequestListModel *m_model;
    FilterBar *m_filterBar;
    QStackedWidget *m_pageStack; // the list and detail view, or the first-run view
    QStackedWidget *m_listStack;
    FirstRunView *m_firstRun;
    QLabel *m_emptyHint;
    QTableView *m_list;
    RequestDetailView *m_detail;
    QSplitter *m_splitter;
    NewRequestNotifier *m_notifier;

    QWidget *m_problem;
    QLabel *m_problemText;
    QLabel *m_urlLabel;
    QToolButton *m_copyUrlButton;
    QLabel *m_stateLabel;
    QLabel *m_countLabel;
    QTabWidget *m_tabs;

    QAction *m_pauseAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_rulesAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_signaturesAction = nullptr;
    QAction *m_pauseCaptureAction = nullptr;
    QMenu *m_viewMenu = nullptr;
    QList<QAction *> m_paneActions; // Ctrl+1…: listed in the View menu
    QAction *m_exportAction = nullptr;
    ExportsPane *m_exportsPane = nullptr;
    QPointer<SignaturesDialog> m_signatures;
    QNetworkAccessManager *m_network = nullptr;

    QTimer m_retentionTimer;
    QString m_receiverProblem; // why the receiver is not listening, plain text
    qint64 m_shownId = 0;
    bool m_restartPending = false;
    bool m_capturePaused = false;
    bool m_quitting = false;
    int m_scrollBefore = 0;
};

} // namespace hookscope
