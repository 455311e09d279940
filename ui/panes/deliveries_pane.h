#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace hookscope {

class AttemptView;
class CoalescedRefresh;
class DeliveryListModel;
class Engine;

// Every delivery, newest first, filtered by subscription, status and event type (a glob),
// paged from the store; the selected delivery's attempts with request and response; Retry
// now, Cancel, Resend (the event to a chosen subscription) and Retry all failed (everywhere,
// or for the subscription the list is filtered by). Reads and actions go through
// Engine::outboxCall; Engine::outboxChanged re-reads what is shown, at most 4 times a second.
class DeliveriesPane : public QWidget
{
    Q_OBJECT

public:
    explicit DeliveriesPane(Engine *engine, QWidget *parent = nullptr);
    ~DeliveriesPane() override;

    DeliveryListModel *model() const { return m_model; }
    AttemptView *attemptView() const { return m_attempts; }
    QTableView *list() const { return m_list; }
    qint64 currentId() const { return m_currentId; }
    void selectDelivery(qint64 id);
    // Filters the list by this subscription (0: all).
    void showSubscription(qint64 subscriptionId);

public slots:
    void refresh();
    void retryNow();
    void cancel();
    void resend();
    void retryAllFailed();
    void loadMore();

private:
    QWidget *buildFilters();
    QWidget *buildActions();
    void applyFilter();
    void loadSubscriptions();
    void loadAttempts();
    void onCurrentChanged();
    void updateActions();
    void showMessage(const QString &text, bool error = false);

    Engine *m_engine;
    DeliveryListModel *m_model;
    CoalescedRefresh *m_refresh;
    QTimer m_filterDelay;
    qint64 m_currentId = 0;

    QComboBox *m_subscriptionFilter;
    QComboBox *m_statusFilter;
    QLineEdit *m_eventFilter;
    QTableView *m_list;
    QPushButton *m_loadMore;
    QLabel *m_count;
    QPushButton *m_retryNow;
    QPushButton *m_cancel;
    QComboBox *m_resendTarget;
    QPushButton *m_resend;
    QPushButton *m_retryFailed;
    QLabel *m_message;
    AttemptView *m_attempts;
};

} // namespace hookscope
