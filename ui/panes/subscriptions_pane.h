#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace hookscope {

class CoalescedRefresh;
class Engine;
class SubscriptionEditor;
class SubscriptionListModel;
struct SubscriptionEntry;

// The outbound endpoints: the list with state and success rate, the editor for the selected
// (or a new) subscription, its signing secret (reveal, copy, rotate), its statistics, a
// one-click Enable for a disabled one and a test event. Every read and write goes through
// Engine::outboxCall; the pane re-reads on Engine::outboxChanged, at most 4 times a second.
class SubscriptionsPane : public QWidget
{
    Q_OBJECT

public:
    explicit SubscriptionsPane(Engine *engine, QWidget *parent = nullptr);
    ~SubscriptionsPane() override;

    SubscriptionListModel *model() const { return m_model; }
    SubscriptionEditor *editor() const { return m_editor; }
    // 0 while a new subscription is being written.
    qint64 currentId() const { return m_currentId; }
    void selectSubscription(qint64 id);

public slots:
    void refresh();
    void newSubscription();
    void save();
    void revert();
    void deleteCurrent();
    void enableCurrent();
    void rotateSecret();
    void copySecret();
    void sendTest();

private:
    struct Loaded;

    QWidget *buildList();
    QWidget *buildEditor();
    QWidget *buildDetails();
    void onLoaded(const Loaded &loaded);
    void onCurrentChanged();
    void showCurrent(bool loadEditor);
    void showStats(const SubscriptionEntry *entry);
    // In the label under the form unless another is given.
    void showMessage(const QString &text, bool error = false, QLabel *label = nullptr);
    bool confirm(const QString &title, const QString &text);
    // True when the form holds no edits, or the person lets them go.
    bool mayDiscardEdits();

    Engine *m_engine;
    SubscriptionListModel *m_model;
    CoalescedRefresh *m_refresh;
    qint64 m_currentId = 0;

    QTableView *m_list;
    QPushButton *m_new;
    QPushButton *m_delete;

    QLabel *m_title;
    QWidget *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_enable;
    SubscriptionEditor *m_editor;
    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_message;

    QLineEdit *m_secret;
    QPushButton *m_reveal;
    QPushButton *m_copySecret;
    QPushButton *m_rotate;
    QLabel *m_secretHint;

    QList<QLabel *> m_stats;

    QComboBox *m_testType;
    QPushButton *m_sendTest;
    QLabel *m_testResult;
};

} // namespace hookscope
