#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QLabel;
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

public slots:
    void deleteSelected();
    void clearAll();
    void compareSelected();
    void editRules();
    void editSettings();
    void copyReceiverUrl();
    // The one Signatures dialog, raised, with the selected request in it.
    void openSignatures();
    // The Exports pane, pre-filled with the selected requests or the list's filter.
    void exportRequests();

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

    Engine *m_engine;
    AppSettings *m_settings;
    RequestListModel *m_model;
    FilterBar *m_filterBar;
    QStackedWidget *m_listStack;
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
    QAction *m_exportAction = nullptr;
    ExportsPane *m_exportsPane = nullptr;
    QPointer<SignaturesDialog> m_signatures;

    QTimer m_retentionTimer;
    QString m_receiverProblem; // why the receiver is not listening, plain text
    qint64 m_shownId = 0;
    bool m_restartPending = false;
    int m_scrollBefore = 0;
};

} // namespace hookscope
