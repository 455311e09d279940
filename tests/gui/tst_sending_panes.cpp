// The sending panes over a real Engine on a temp data folder, delivering to a real HTTP
// server in its own process (tests/e2e/delivery/sink.py: /flaky/NAME?fail=N answers 500 to
// the first N requests, /gone 410, /ok 204; GET /log lists what it received).
#include "app_settings.h"
#include "deliver/outbox_service.h"
#include "engine.h"
#include "main_window.h"
#include "panes/attempt_list_model.h"
#include "panes/attempt_view.h"
#include "panes/catalog_model.h"
#include "panes/deliveries_pane.h"
#include "panes/delivery_list_model.h"
#include "panes/event_history_model.h"
#include "panes/events_pane.h"
#include "panes/queue_stats_widget.h"
#include "panes/subscription_editor.h"
#include "panes/subscription_list_model.h"
#include "panes/subscriptions_pane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace hookscope;

namespace {

constexpr int Slow = 20000; // generous: two cores are shared with other builds

template <typename T>
T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

} // namespace

class TestSendingPanes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void createThroughTheEditor();
    void badUrlShowsTheServiceMessageAndCreatesNothing();
    void pastedSecretIsKept();
    void firedEventFailsRetriesAndArrives();
    void retryNowRetryAllFailedAndCancel();
    void resendGoesToTheChosenSubscription();
    void deliveriesArePagedAndFiltered();
    void testEventButtonSends();
    void rotateChangesTheSecret();
    void deleteAsksFirst();
    void unsavedEditsAreNotLostSilently();
    void goneDisablesAndEnableIsOneClick();
    void invalidJsonDisablesSend();
    void customEventTypesAreAddedAndRemoved();
    void queueStatsFollowTheQueue();
    void mainWindowShowsThePanesAndTheQueue();

private:
    QString sinkUrl(const QString &path) const;
    int sinkCount(const QString &path);
    // Runs fn on the delivery thread and waits for its result.
    template <typename Fn>
    auto call(Fn fn) -> decltype(fn(std::declval<OutboxService &>()));
    qint64 subscribe(const QJsonObject &fields);
    void answerNextMessageBox(QMessageBox::StandardButton button);
    void createInEditor(SubscriptionsPane *pane, const QString &name, const QString &url,
                        const QString &events, int retries, double delaySeconds);
    void grab(QWidget *widget, const QString &name);

    QProcess m_sink;
    quint16 m_sinkPort = 0;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestSendingPanes::initTestCase()
{
    m_sink.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_sink.start(QStringLiteral("python3"), {QStringLiteral(SINK_SCRIPT)});
    QVERIFY(m_sink.waitForStarted(10000));
    QElapsedTimer timer;
    timer.start();
    while (!m_sink.canReadLine() && timer.elapsed() < 15000)
        m_sink.waitForReadyRead(200);
    const QByteArray line = m_sink.readLine().trimmed();
    QVERIFY2(line.startsWith("listening "), line.constData());
    m_sinkPort = quint16(line.mid(10).toUInt());
    QVERIFY(m_sinkPort);
}

void TestSendingPanes::cleanupTestCase()
{
    m_sink.closeWriteChannel();
    if (!m_sink.waitForFinished(3000)) {
        m_sink.kill();
        m_sink.waitForFinished();
    }
}

void TestSendingPanes::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
}

void TestSendingPanes::cleanup()
{
    m_testers.clear();
    // Panes are parented to nothing here and deleted by each test; the engine goes last.
    m_engine.reset();
    m_dir.reset();
}

QString TestSendingPanes::sinkUrl(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_sinkPort).arg(path);
}

int TestSendingPanes::sinkCount(const QString &path)
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(sinkUrl(QStringLiteral("/log")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return -1;
    reply->deleteLater();
    int count = 0;
    for (const QJsonValue &entry : QJsonDocument::fromJson(reply->readAll()).array()) {
        if (entry.toObject().value(QStringLiteral("path")).toString() == path)
            ++count;
    }
    return count;
}

template <typename Fn>
auto TestSendingPanes::call(Fn fn) -> decltype(fn(std::declval<OutboxService &>()))
{
    using Result = decltype(fn(std::declval<OutboxService &>()));
    std::optional<Result> out;
    m_engine->outboxCall(this, fn, [&out](const Result &result) { out = result; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, Slow))
        qFatal("the outbox did not answer");
    return *out;
}

qint64 TestSendingPanes::subscribe(const QJsonObject &fields)
{
    return call([fields](OutboxService &outbox) {
        OutboxError error;
        const std::optional<Subscription> created = outbox.createSubscription(fields, &error);
        if (!created)
            qWarning("subscribe: %s", qUtf8Printable(error.message));
        return created ? created->id : qint64(0);
    });
}

void TestSendingPanes::answerNextMessageBox(QMessageBox::StandardButton button)
{
    auto *poll = new QTimer(this);
    poll->setInterval(10);
    connect(poll, &QTimer::timeout, this, [poll, button] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (box && box->isVisible()) {
                poll->deleteLater();
                box->button(button)->click();
                return;
            }
        }
    });
    poll->start();
}

void TestSendingPanes::createInEditor(SubscriptionsPane *pane, const QString &name,
                                      const QString &url, const QString &events, int retries,
                                      double delaySeconds)
{
    QTest::mouseClick(child<QPushButton>(pane, "newSubscriptionButton"), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(pane, "subscriptionName"), name);
    QTest::keyClicks(child<QLineEdit>(pane, "subscriptionUrl"), url);
    auto *eventsEdit = child<QPlainTextEdit>(pane, "subscriptionEvents");
    eventsEdit->selectAll();
    QTest::keyClick(eventsEdit, Qt::Key_Delete);
    QTest::keyClicks(eventsEdit, events);
    auto *retriesSpin = child<QSpinBox>(pane, "subscriptionRetryAttempts");
    retriesSpin->selectAll();
    QTest::keyClicks(retriesSpin, QString::number(retries));
    auto *delay = child<QDoubleSpinBox>(pane, "subscriptionRetryDelay");
    delay->setValue(delaySeconds);
    QTest::mouseClick(child<QPushButton>(pane, "saveSubscriptionButton"), Qt::LeftButton);
}

void TestSendingPanes::grab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("HOOKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

void TestSendingPanes::createThroughTheEditor()
{
    SubscriptionsPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.resize(1300, 800);
    pane.show();

    QTest::mouseClick(child<QPushButton>(&pane, "newSubscriptionButton"), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionName"), QStringLiteral("Billing"));
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionUrl"), sinkUrl(QStringLiteral("/ok")));
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionDescription"),
                     QStringLiteral("invoices and payments"));
    auto *events = child<QPlainTextEdit>(&pane, "subscriptionEvents");
    events->selectAll();
    QTest::keyClick(events, Qt::Key_Delete);
    QTest::keyClicks(events, QStringLiteral("payment.*, subscription.created"));
    QTest::keyClick(events, Qt::Key_Return);
    QTest::keyClicks(events, QStringLiteral("user.created"));
    auto *scheme = child<QComboBox>(&pane, "subscriptionScheme");
    scheme->setCurrentIndex(scheme->findData(QStringLiteral("stripe")));
    QVERIFY(scheme->currentIndex() >= 0);
    auto *envelope = child<QComboBox>(&pane, "subscriptionEnvelope");
    envelope->setCurrentIndex(envelope->findData(QStringLiteral("seed-001")));
    QVERIFY(envelope->currentIndex() >= 0);
    QTest::mouseClick(child<QPushButton>(&pane, "addHeaderButton"), Qt::LeftButton);
    auto *headers = child<QTableWidget>(&pane, "subscriptionHeaders");
    headers->item(0, 0)->setText(QStringLiteral("X-Team"));
    headers->item(0, 1)->setText(QStringLiteral("billing"));
    child<QSpinBox>(&pane, "subscriptionRetryAttempts")->setValue(3);
    child<QDoubleSpinBox>(&pane, "subscriptionRetryDelay")->setValue(1.5);
    child<QSpinBox>(&pane, "subscriptionTimeout")->setValue(2500);
    child<QDoubleSpinBox>(&pane, "subscriptionRateLimit")->setValue(5);
    child<QSpinBox>(&pane, "subscriptionDisableAfter")->setValue(7);
    QTest::mouseClick(child<QPushButton>(&pane, "saveSubscriptionButton"), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    QTRY_VERIFY(pane.currentId() > 0);
    const QList<Subscription> stored =
        call([](OutboxService &outbox) { return outbox.subscriptions(); });
    QCOMPARE(stored.size(), 1);
    const Subscription &s = stored.first();
    QCOMPARE(s.name, QStringLiteral("Billing"));
    QCOMPARE(s.url, sinkUrl(QStringLiteral("/ok")));
    QCOMPARE(s.description, QStringLiteral("invoices and payments"));
    QCOMPARE(s.events,
             QStringList({QStringLiteral("payment.*"), QStringLiteral("subscription.created"),
                          QStringLiteral("user.created")}));
    QCOMPARE(s.scheme, QStringLiteral("stripe"));
    QCOMPARE(s.envelope, QStringLiteral("seed-001"));
    QCOMPARE(s.headers.size(), 1);
    QCOMPARE(s.headers.first().first, QStringLiteral("X-Team"));
    QCOMPARE(s.headers.first().second, QStringLiteral("billing"));
    QCOMPARE(s.retryAttempts, 3);
    QCOMPARE(s.retryDelayMs, 1500);
    QCOMPARE(s.timeoutMs, 2500);
    QCOMPARE(s.rateLimit, 5.0);
    QCOMPARE(s.disableAfter, 7);
    QVERIFY(s.secret.startsWith("whsec_"));

    // The list shows it; the secret box shows its secret, masked until revealed.
    const QModelIndex row = pane.model()->index(0, SubscriptionListModel::NameColumn);
    QCOMPARE(row.data().toString(), QStringLiteral("Billing"));
    QCOMPARE(pane.model()->index(0, SubscriptionListModel::StateColumn).data().toString(),
             QStringLiteral("Active"));
    auto *secret = child<QLineEdit>(&pane, "secretEdit");
    QTRY_COMPARE(secret->text(), QString::fromUtf8(s.secret));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::mouseClick(child<QPushButton>(&pane, "revealSecretButton"), Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(child<QPushButton>(&pane, "copySecretButton"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(s.secret));

    // Editing and saving updates the same subscription.
    auto *name = child<QLineEdit>(&pane, "subscriptionName");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Billing v2"));
    QTest::mouseClick(child<QPushButton>(&pane, "saveSubscriptionButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->index(0, 0).data().toString(),
                              QStringLiteral("Billing v2"), Slow);
    QCOMPARE(pane.model()->rowCount(), 1);
    grab(&pane, QStringLiteral("subscriptions-pane"));
}

void TestSendingPanes::badUrlShowsTheServiceMessageAndCreatesNothing()
{
    SubscriptionsPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.show();
    QTest::mouseClick(child<QPushButton>(&pane, "newSubscriptionButton"), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionName"), QStringLiteral("Broken"));
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionUrl"), QStringLiteral("not a url"));
    QTest::mouseClick(child<QPushButton>(&pane, "saveSubscriptionButton"), Qt::LeftButton);

    auto *error = child<QLabel>(&pane, "subscriptionError");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), Slow);
    QVERIFY2(error->text().contains(QStringLiteral("\"url\"")), qPrintable(error->text()));
    QVERIFY(error->text().contains(QStringLiteral("http")));
    // The field the message names has the focus.
    QTRY_VERIFY(child<QLineEdit>(&pane, "subscriptionUrl")->hasFocus() ||
                !QApplication::activeWindow());
    QCOMPARE(pane.model()->rowCount(), 0);
    QCOMPARE(call([](OutboxService &outbox) { return outbox.subscriptions().size(); }), 0);
    // The form keeps what was typed.
    QCOMPARE(child<QLineEdit>(&pane, "subscriptionUrl")->text(), QStringLiteral("not a url"));
}

void TestSendingPanes::pastedSecretIsKept()
{
    SubscriptionsPane pane(m_engine.get());
    pane.show();
    const QString pasted =
        QStringLiteral("whsec_") + QString::fromLatin1(QByteArray(24, 'k').toBase64());
    // A pane with no subscription starts on a new one's form.
    auto *secret = child<QLineEdit>(&pane, "secretEdit");
    QVERIFY(!secret->isReadOnly());
    QVERIFY(!secret->placeholderText().isEmpty());
    QTest::mouseClick(child<QPushButton>(&pane, "newSubscriptionButton"), Qt::LeftButton);
    QVERIFY(!secret->isReadOnly());
    QTest::keyClicks(secret, pasted);
    // A refresh (another subscription created elsewhere) leaves the new form alone.
    QVERIFY(subscribe({{QStringLiteral("name"), QStringLiteral("Elsewhere")},
                       {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}}));
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    QCOMPARE(secret->text(), pasted);
    QCOMPARE(pane.currentId(), 0);
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionName"), QStringLiteral("Pasted"));
    QTest::keyClicks(child<QLineEdit>(&pane, "subscriptionUrl"), sinkUrl(QStringLiteral("/ok")));
    QTest::mouseClick(child<QPushButton>(&pane, "saveSubscriptionButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 2, Slow);
    QCOMPARE(pane.model()->index(1, SubscriptionListModel::NameColumn).data().toString(),
             QStringLiteral("Pasted"));
    const qint64 id = pane.model()->idAt(1);
    const QByteArray stored = call([id](OutboxService &outbox) {
        OutboxError error;
        return outbox.subscription(id, &error)->secret;
    });
    QCOMPARE(QString::fromUtf8(stored), pasted);
    QTRY_VERIFY(secret->isReadOnly());
}

void TestSendingPanes::firedEventFailsRetriesAndArrives()
{
    SubscriptionsPane subscriptions(m_engine.get());
    EventsPane events(m_engine.get());
    DeliveriesPane deliveries(m_engine.get());
    for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
             subscriptions.model(), events.catalogModel(), events.catalogProxy(),
             events.historyModel(), deliveries.model(), deliveries.attemptView()->model()})
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    subscriptions.show();
    events.resize(1300, 800);
    events.show();
    deliveries.resize(1300, 800);
    deliveries.show();

    const QString path = QStringLiteral("/flaky/fired?fail=2");
    createInEditor(&subscriptions, QStringLiteral("Flaky"), sinkUrl(path), QStringLiteral("user.*"),
                   5, 0.2);
    QTRY_COMPARE_WITH_TIMEOUT(subscriptions.model()->rowCount(), 1, Slow);

    // The Events pane knows the subscription and the catalog; user.created goes to it.
    QTRY_VERIFY_WITH_TIMEOUT(events.selectType(QStringLiteral("user.created")), Slow);
    QTRY_VERIFY_WITH_TIMEOUT(
        child<QLabel>(&events, "targetSummary")->text().contains(QStringLiteral("Flaky")), Slow);
    QVERIFY(child<QPlainTextEdit>(&events, "eventPayload")
                ->toPlainText()
                .contains(QStringLiteral("\"user\"")));
    auto *send = child<QPushButton>(&events, "sendEventButton");
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(events.historyModel()->rowCount(), 1, Slow);
    QCOMPARE(events.historyModel()->index(0, EventHistoryModel::TypeColumn).data().toString(),
             QStringLiteral("user.created"));

    // The delivery appears, fails twice, then arrives; each attempt is in the timeline.
    DeliveryListModel *model = deliveries.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    deliveries.selectDelivery(model->idAt(0));
    AttemptListModel *attempts = deliveries.attemptView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(attempts->rowCount() >= 1, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(
        model->index(0, DeliveryListModel::StatusColumn).data(DeliveryListModel::StatusRole),
        QVariant(QStringLiteral("delivered")), Slow);
    QTRY_COMPARE_WITH_TIMEOUT(attempts->rowCount(), 3, Slow);
    QCOMPARE(model->index(0, DeliveryListModel::AttemptsColumn).data().toString(),
             QStringLiteral("3"));
    QVERIFY(attempts->index(0, AttemptListModel::ResultColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("HTTP 500")));
    QVERIFY(attempts->index(1, AttemptListModel::ResultColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("HTTP 500")));
    QCOMPARE(attempts->index(2, AttemptListModel::ResultColumn).data().toString(),
             QStringLiteral("HTTP 200"));
    // The latest attempt is shown: its request (URL, signature headers) and response.
    AttemptView *view = deliveries.attemptView();
    QTRY_VERIFY(view->responseText().startsWith(QStringLiteral("HTTP 200")));
    QVERIFY(view->requestText().startsWith(QStringLiteral("POST ") + sinkUrl(path)));
    QVERIFY(view->requestText().contains(QStringLiteral("webhook-signature: v1,")));
    QCOMPARE(sinkCount(QStringLiteral("/flaky/fired")), 3);

    // Statistics of the subscription and the history's delivered count follow.
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(&subscriptions, "statSucceeded")->text(),
                              QStringLiteral("1"), Slow);
    QCOMPARE(child<QLabel>(&subscriptions, "statDeliveries")->text(), QStringLiteral("1"));
    QVERIFY(child<QLabel>(&subscriptions, "statLast")->text().contains(QStringLiteral("200")));
    QTRY_COMPARE_WITH_TIMEOUT(
        events.historyModel()->index(0, EventHistoryModel::DeliveredColumn).data().toString(),
        QStringLiteral("1 / 1"), Slow);

    // The event filter takes an event id as well as a type glob.
    const QString uid =
        events.historyModel()->index(0, EventHistoryModel::IdColumn).data().toString();
    auto *eventFilter = child<QLineEdit>(&deliveries, "deliveryEventFilter");
    QTest::keyClicks(eventFilter, QStringLiteral("evt_0000"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, Slow);
    eventFilter->setText(uid);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    eventFilter->setText(QStringLiteral("booking.*"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, Slow);
    eventFilter->clear();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    grab(&deliveries, QStringLiteral("deliveries-pane"));
    grab(&events, QStringLiteral("events-pane"));
}

void TestSendingPanes::retryNowRetryAllFailedAndCancel()
{
    // Always failing, no retries: each try ends the delivery as failed.
    const qint64 failing =
        subscribe({{QStringLiteral("name"), QStringLiteral("Down")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/flaky/down?fail=1000"))},
                   {QStringLiteral("retryAttempts"), 0}});
    // Failing with an hour between tries: the delivery waits as scheduled.
    const qint64 waiting =
        subscribe({{QStringLiteral("name"), QStringLiteral("Later")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/flaky/later?fail=1000"))},
                   {QStringLiteral("retryDelay"), 3600}});
    QVERIFY(failing && waiting);
    DeliveriesPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.attemptView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.resize(1300, 800);
    pane.show();
    call([failing](OutboxService &outbox) {
        OutboxError error;
        return outbox
            .fire(QStringLiteral("user.created"), "{}", QStringLiteral("test"), &error, {failing})
            .has_value();
    });
    DeliveryListModel *model = pane.model();
    const auto status = [model](int row) {
        return model->index(row, DeliveryListModel::StatusColumn)
            .data(DeliveryListModel::StatusRole)
            .toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(status(0), QStringLiteral("failed"), Slow);
    pane.selectDelivery(model->idAt(0));
    AttemptListModel *attempts = pane.attemptView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(attempts->rowCount(), 1, Slow);
    auto *cancel = child<QPushButton>(&pane, "cancelDeliveryButton");
    QVERIFY(!cancel->isEnabled());

    // Retry now: one more attempt, failed again.
    auto *retryNow = child<QPushButton>(&pane, "retryNowButton");
    QVERIFY(retryNow->isEnabled());
    QTest::mouseClick(retryNow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(attempts->rowCount(), 2, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(status(0), QStringLiteral("failed"), Slow);

    // Retry all failed, everywhere.
    QTest::mouseClick(child<QPushButton>(&pane, "retryFailedButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(attempts->rowCount(), 3, Slow);
    QTRY_VERIFY(child<QLabel>(&pane, "deliveriesMessage")
                    ->text()
                    .contains(QStringLiteral("1 failed delivery")));
    QTRY_COMPARE_WITH_TIMEOUT(status(0), QStringLiteral("failed"), Slow);
    QCOMPARE(sinkCount(QStringLiteral("/flaky/down")), 3);

    // Retry failed of one subscription: filtered by another one, nothing is retried.
    auto *filter = child<QComboBox>(&pane, "deliverySubscriptionFilter");
    QTRY_COMPARE_WITH_TIMEOUT(filter->count(), 3, Slow);
    filter->setCurrentIndex(filter->findData(waiting));
    QVERIFY(
        child<QPushButton>(&pane, "retryFailedButton")->text().contains(QStringLiteral("Later")));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, Slow);
    QTest::mouseClick(child<QPushButton>(&pane, "retryFailedButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(&pane, "deliveriesMessage")
                                 ->text()
                                 .contains(QStringLiteral("0 failed deliveries")),
                             Slow);

    // Cancel: the scheduled retry of the other subscription is called off.
    call([waiting](OutboxService &outbox) {
        OutboxError error;
        return outbox
            .fire(QStringLiteral("user.created"), "{}", QStringLiteral("test"), &error, {waiting})
            .has_value();
    });
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(status(0), QStringLiteral("scheduled"), Slow);
    pane.selectDelivery(model->idAt(0));
    QTRY_VERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status(0), QStringLiteral("cancelled"), Slow);
    QTRY_VERIFY(!cancel->isEnabled());
    QCOMPARE(attempts->rowCount(), 1);

    // Listed by status, a delivery that leaves the status leaves the list on the next refresh.
    call([waiting](OutboxService &outbox) {
        OutboxError error;
        return outbox
            .fire(QStringLiteral("user.updated"), "{}", QStringLiteral("test"), &error, {waiting})
            .has_value();
    });
    auto *statusFilter = child<QComboBox>(&pane, "deliveryStatusFilter");
    statusFilter->setCurrentIndex(statusFilter->findData(QStringLiteral("scheduled")));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    pane.selectDelivery(model->idAt(0));
    QTRY_VERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, Slow);
    QTRY_COMPARE(pane.currentId(), 0);
    statusFilter->setCurrentIndex(statusFilter->findData(QStringLiteral("cancelled")));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, Slow);
}

void TestSendingPanes::resendGoesToTheChosenSubscription()
{
    const qint64 first =
        subscribe({{QStringLiteral("name"), QStringLiteral("First")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/first"))},
                   {QStringLiteral("events"), QJsonArray{QStringLiteral("booking.*")}}});
    const qint64 second =
        subscribe({{QStringLiteral("name"), QStringLiteral("Second")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/second"))},
                   {QStringLiteral("events"), QJsonArray{QStringLiteral("nothing.ever")}}});
    QVERIFY(first && second);
    DeliveriesPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.show();
    call([](OutboxService &outbox) {
        OutboxError error;
        return outbox
            .fire(QStringLiteral("booking.created"), R"({"id":1})", QStringLiteral("test"), &error)
            .has_value();
    });
    DeliveryListModel *model = pane.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, Slow);
    pane.selectDelivery(model->idAt(0));
    auto *target = child<QComboBox>(&pane, "resendTarget");
    QTRY_COMPARE_WITH_TIMEOUT(target->count(), 2, Slow);
    target->setCurrentIndex(target->findData(second));
    QTest::mouseClick(child<QPushButton>(&pane, "resendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, Slow);
    QCOMPARE(model->index(0, DeliveryListModel::SubscriptionColumn).data().toString(),
             QStringLiteral("Second"));
    QCOMPARE(model->index(0, DeliveryListModel::EventIdColumn).data(),
             model->index(1, DeliveryListModel::EventIdColumn).data());
    QTRY_COMPARE_WITH_TIMEOUT(sinkCount(QStringLiteral("/ok/second")), 1, Slow);
}

void TestSendingPanes::deliveriesArePagedAndFiltered()
{
    const qint64 id = subscribe({{QStringLiteral("name"), QStringLiteral("Paused")},
                                 {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/paged"))},
                                 {QStringLiteral("active"), false}});
    QVERIFY(id);
    // 120 deliveries that stay pending (the subscription is inactive).
    call([id](OutboxService &outbox) {
        OutboxError error;
        for (int i = 0; i < 120; ++i)
            outbox.fire(i % 4 == 0 ? QStringLiteral("booking.created")
                                   : QStringLiteral("user.updated"),
                        "{}", QStringLiteral("test"), &error, {id});
        return true;
    });
    // No QAbstractItemModelTester here: it calls fetchMore() itself (the other tests wrap
    // this model).
    DeliveriesPane pane(m_engine.get());
    pane.resize(1200, 700);
    pane.show();
    DeliveryListModel *model = pane.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), DeliveryListModel::DefaultPageSize, Slow);
    QVERIFY(model->hasMore());
    // Newest first.
    QVERIFY(model->idAt(0) > model->idAt(1));
    auto *more = child<QPushButton>(&pane, "loadMoreButton");
    QTRY_VERIFY(more->isEnabled());
    QTest::mouseClick(more, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 100, Slow);
    QTRY_VERIFY(more->isEnabled());
    QTest::mouseClick(more, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 120, Slow);
    QTRY_VERIFY(!more->isEnabled());
    QVERIFY(!model->hasMore());

    // A refresh keeps every loaded row.
    QSignalSpy loaded(model, &DeliveryListModel::loaded);
    pane.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), Slow);
    QCOMPARE(model->rowCount(), 120);

    // Event type glob and status filter.
    QTest::keyClicks(child<QLineEdit>(&pane, "deliveryEventFilter"), QStringLiteral("booking.*"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 30, Slow);
    auto *status = child<QComboBox>(&pane, "deliveryStatusFilter");
    status->setCurrentIndex(status->findData(QStringLiteral("failed")));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, Slow);
    status->setCurrentIndex(status->findData(QStringLiteral("pending")));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 30, Slow);
    grab(&pane, QStringLiteral("deliveries-paged"));
}

void TestSendingPanes::testEventButtonSends()
{
    const qint64 id =
        subscribe({{QStringLiteral("name"), QStringLiteral("Tests")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/test-event"))},
                   {QStringLiteral("events"), QJsonArray{QStringLiteral("booking.*")}}});
    QVERIFY(id);
    SubscriptionsPane pane(m_engine.get());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    pane.selectSubscription(id);
    QCOMPARE(pane.currentId(), id);
    auto *type = child<QComboBox>(&pane, "testEventType");
    QTRY_VERIFY_WITH_TIMEOUT(type->count() > 10, Slow);
    // The default is the first catalog type the subscription wants.
    QTest::mouseClick(child<QPushButton>(&pane, "sendTestButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(sinkCount(QStringLiteral("/ok/test-event")), 1, Slow);
    QTRY_VERIFY(child<QLabel>(&pane, "testResult")->text().contains(QStringLiteral("booking.")));
    // A chosen type is sent as that type.
    type->setCurrentIndex(type->findData(QStringLiteral("payment.succeeded")) >= 0
                              ? type->findData(QStringLiteral("payment.succeeded"))
                              : 1);
    const QString chosen = type->currentData().toString();
    QTest::mouseClick(child<QPushButton>(&pane, "sendTestButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(sinkCount(QStringLiteral("/ok/test-event")), 2, Slow);
    const QList<DeliveryRow> rows = call([id](OutboxService &outbox) {
        DeliveryFilter filter;
        filter.subscriptionId = id;
        return outbox.deliveries(filter);
    });
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.first().event.type, chosen);
}

void TestSendingPanes::rotateChangesTheSecret()
{
    const qint64 id = subscribe({{QStringLiteral("name"), QStringLiteral("Rotating")},
                                 {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}});
    SubscriptionsPane pane(m_engine.get());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    pane.selectSubscription(id);
    auto *secret = child<QLineEdit>(&pane, "secretEdit");
    const QString before = secret->text();
    QVERIFY(before.startsWith(QStringLiteral("whsec_")));

    // Cancel keeps it.
    answerNextMessageBox(QMessageBox::Cancel);
    QTest::mouseClick(child<QPushButton>(&pane, "rotateSecretButton"), Qt::LeftButton);
    QCOMPARE(secret->text(), before);
    // (The outbox answers in order: a rotation asked for would have run before this read.)
    QCOMPARE(call([id](OutboxService &outbox) {
                 OutboxError error;
                 return outbox.subscription(id, &error)->secret;
             }),
             before.toUtf8());

    answerNextMessageBox(QMessageBox::Yes);
    QTest::mouseClick(child<QPushButton>(&pane, "rotateSecretButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(secret->text() != before, Slow);
    QVERIFY(secret->text().startsWith(QStringLiteral("whsec_")));
    const QByteArray stored = call([id](OutboxService &outbox) {
        OutboxError error;
        return outbox.subscription(id, &error)->secret;
    });
    QCOMPARE(QString::fromUtf8(stored), secret->text());
}

void TestSendingPanes::deleteAsksFirst()
{
    const qint64 keep = subscribe({{QStringLiteral("name"), QStringLiteral("Keep")},
                                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}});
    const qint64 drop = subscribe({{QStringLiteral("name"), QStringLiteral("Drop")},
                                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}});
    SubscriptionsPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 2, Slow);
    pane.selectSubscription(drop);
    auto *remove = child<QPushButton>(&pane, "deleteSubscriptionButton");
    answerNextMessageBox(QMessageBox::Cancel);
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(call([](OutboxService &outbox) { return outbox.subscriptions().size(); }), 2);
    QCOMPARE(pane.model()->rowCount(), 2);
    answerNextMessageBox(QMessageBox::Yes);
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    QCOMPARE(pane.model()->idAt(0), keep);
    // The form is a new subscription's again.
    QCOMPARE(pane.currentId(), 0);
    QCOMPARE(child<QLineEdit>(&pane, "subscriptionName")->text(), QString());
}

void TestSendingPanes::unsavedEditsAreNotLostSilently()
{
    const qint64 a = subscribe({{QStringLiteral("name"), QStringLiteral("A")},
                                {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}});
    const qint64 b = subscribe({{QStringLiteral("name"), QStringLiteral("B")},
                                {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok"))}});
    SubscriptionsPane pane(m_engine.get());
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 2, Slow);
    pane.selectSubscription(a);
    auto *name = child<QLineEdit>(&pane, "subscriptionName");
    QTest::keyClicks(name, QStringLiteral(" edited"));
    QVERIFY(pane.editor()->isDirty());

    // Declined: the selection and the edits stay.
    answerNextMessageBox(QMessageBox::Cancel);
    pane.selectSubscription(b);
    QCOMPARE(pane.currentId(), a);
    QCOMPARE(name->text(), QStringLiteral("A edited"));
    answerNextMessageBox(QMessageBox::Cancel);
    QTest::mouseClick(child<QPushButton>(&pane, "newSubscriptionButton"), Qt::LeftButton);
    QCOMPARE(pane.currentId(), a);

    // Accepted: the other one is shown.
    answerNextMessageBox(QMessageBox::Yes);
    pane.selectSubscription(b);
    QCOMPARE(pane.currentId(), b);
    QCOMPARE(name->text(), QStringLiteral("B"));
    QVERIFY(!pane.editor()->isDirty());
}

void TestSendingPanes::goneDisablesAndEnableIsOneClick()
{
    const qint64 id = subscribe({{QStringLiteral("name"), QStringLiteral("Gone")},
                                 {QStringLiteral("url"), sinkUrl(QStringLiteral("/gone"))}});
    SubscriptionsPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.resize(1300, 760);
    pane.show();
    QTRY_COMPARE_WITH_TIMEOUT(pane.model()->rowCount(), 1, Slow);
    pane.selectSubscription(id);
    QTest::mouseClick(child<QPushButton>(&pane, "sendTestButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !pane.model()->index(0, 0).data(SubscriptionListModel::ActiveRole).toBool(), Slow);
    QVERIFY(pane.model()
                ->index(0, SubscriptionListModel::StateColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("Disabled: ")));
    QTRY_VERIFY(child<QWidget>(&pane, "disabledBanner")->isVisible());
    QVERIFY(child<QLabel>(&pane, "disabledReason")->text().contains(QStringLiteral("410")));
    QVERIFY(!child<QPushButton>(&pane, "sendTestButton")->isEnabled());
    grab(&pane, QStringLiteral("subscription-disabled"));
    QCOMPARE(child<QLabel>(&pane, "statLast")->text().contains(QStringLiteral("410")), true);

    QTest::mouseClick(child<QPushButton>(&pane, "enableSubscriptionButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        pane.model()->index(0, 0).data(SubscriptionListModel::ActiveRole).toBool(), Slow);
    QTRY_VERIFY(!child<QWidget>(&pane, "disabledBanner")->isVisible());
    QVERIFY(child<QPushButton>(&pane, "sendTestButton")->isEnabled());
}

void TestSendingPanes::invalidJsonDisablesSend()
{
    subscribe({{QStringLiteral("name"), QStringLiteral("Any")},
               {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/json"))}});
    EventsPane pane(m_engine.get());
    pane.resize(1300, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_VERIFY_WITH_TIMEOUT(pane.selectType(QStringLiteral("user.created")), Slow);
    auto *send = child<QPushButton>(&pane, "sendEventButton");
    QVERIFY(send->isEnabled());
    auto *payload = child<QPlainTextEdit>(&pane, "eventPayload");
    payload->clear();
    QTest::keyClicks(payload, QStringLiteral("{\"a\": 1,"));
    QTest::keyClick(payload, Qt::Key_Return);
    QTest::keyClicks(payload, QStringLiteral(" \"b\": }"));
    QVERIFY(!send->isEnabled());
    auto *status = child<QLabel>(&pane, "payloadStatus");
    QVERIFY2(status->text().contains(QStringLiteral("line 2, column")), qPrintable(status->text()));
    QVERIFY(!pane.payloadError().isEmpty());
    QTest::keyClick(payload, Qt::Key_Backspace);
    QTest::keyClicks(payload, QStringLiteral("2}"));
    QVERIFY(pane.payloadError().isEmpty());
    QVERIFY(send->isEnabled());
    QCOMPARE(status->text(), QStringLiteral("Valid JSON."));

    // A bad type disables it too; "only the ticked" with none ticked as well.
    auto *type = child<QLineEdit>(&pane, "eventType");
    type->setText(QStringLiteral("not a type"));
    QVERIFY(!send->isEnabled());
    type->setText(QStringLiteral("user.created"));
    QVERIFY(send->isEnabled());
    QTest::mouseClick(child<QRadioButton>(&pane, "targetChosen"), Qt::LeftButton);
    QVERIFY(!send->isEnabled());
    auto *targets = child<QListWidget>(&pane, "targetList");
    QTRY_COMPARE_WITH_TIMEOUT(targets->count(), 1, Slow);
    targets->item(0)->setCheckState(Qt::Checked);
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(sinkCount(QStringLiteral("/ok/json")), 1, Slow);

    // A fired event activated in the history (Return, or a double-click) comes back into the
    // editor.
    QTRY_COMPARE_WITH_TIMEOUT(pane.historyModel()->rowCount(), 1, Slow);
    QVERIFY(pane.selectType(QStringLiteral("booking.created")));
    auto *history = child<QTableView>(&pane, "eventHistory");
    history->setCurrentIndex(pane.historyModel()->index(0, 1));
    QTest::keyClick(history, Qt::Key_Return);
    QCOMPARE(type->text(), QStringLiteral("user.created"));
    QVERIFY2(payload->toPlainText().contains(QStringLiteral("\"b\": 2")),
             qPrintable(payload->toPlainText()));
}

void TestSendingPanes::customEventTypesAreAddedAndRemoved()
{
    EventsPane pane(m_engine.get());
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.catalogModel(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
        pane.catalogProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest));
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.catalogModel()->rowCount() > 10, Slow);
    const int builtIn = pane.catalogModel()->rowCount();

    auto *type = child<QLineEdit>(&pane, "eventType");
    type->clear();
    QTest::keyClicks(type, QStringLiteral("invoice.finalized"));
    child<QLineEdit>(&pane, "eventDescription")->clear();
    QTest::keyClicks(child<QLineEdit>(&pane, "eventDescription"),
                     QStringLiteral("Invoice was finalized"));
    auto *payload = child<QPlainTextEdit>(&pane, "eventPayload");
    payload->clear();
    QTest::keyClicks(payload, QStringLiteral("{\"invoice\": {\"id\": \"in_1\"}}"));
    QTest::mouseClick(child<QPushButton>(&pane, "saveCustomTypeButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane.catalogModel()->rowCount(), builtIn + 1, Slow);
    const CatalogEvent *added = pane.catalogModel()->find(QStringLiteral("invoice.finalized"));
    QVERIFY(added);
    QVERIFY(added->custom);
    QCOMPARE(added->description, QStringLiteral("Invoice was finalized"));
    QVERIFY(added->sample.contains("in_1"));

    // The search finds it.
    QTest::keyClicks(child<QLineEdit>(&pane, "catalogSearch"), QStringLiteral("finaliz"));
    QCOMPARE(pane.catalogProxy()->rowCount(), 1);
    child<QLineEdit>(&pane, "catalogSearch")->clear();
    QCOMPARE(pane.catalogProxy()->rowCount(), builtIn + 1);

    // Edited and saved again: still one entry, the new sample.
    payload->clear();
    QTest::keyClicks(payload, QStringLiteral("{\"invoice\": {\"id\": \"in_2\"}}"));
    QTest::mouseClick(child<QPushButton>(&pane, "saveCustomTypeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        pane.catalogModel()->find(QStringLiteral("invoice.finalized"))->sample.contains("in_2"),
        Slow);
    QCOMPARE(pane.catalogModel()->rowCount(), builtIn + 1);

    auto *remove = child<QPushButton>(&pane, "removeCustomTypeButton");
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane.catalogModel()->rowCount(), builtIn, Slow);
    QVERIFY(!pane.catalogModel()->find(QStringLiteral("invoice.finalized")));
}

void TestSendingPanes::queueStatsFollowTheQueue()
{
    QueueStatsWidget stats(m_engine.get());
    stats.show();
    QTRY_VERIFY_WITH_TIMEOUT(stats.updateCount() > 0, Slow);
    QCOMPARE(stats.stats().scheduled, 0);
    const qint64 id =
        subscribe({{QStringLiteral("name"), QStringLiteral("Later")},
                   {QStringLiteral("url"), sinkUrl(QStringLiteral("/flaky/stats?fail=1000"))},
                   {QStringLiteral("retryDelay"), 3600}});
    const qint64 ok = subscribe({{QStringLiteral("name"), QStringLiteral("Fine")},
                                 {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/stats"))}});
    QVERIFY(id && ok);
    call([](OutboxService &outbox) {
        OutboxError error;
        return outbox.fire(QStringLiteral("user.created"), "{}", QStringLiteral("test"), &error)
            .has_value();
    });
    QTRY_COMPARE_WITH_TIMEOUT(stats.stats().scheduled, 1, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(stats.stats().deliveredLastHour, 1, Slow);
    QVERIFY2(stats.text().contains(QStringLiteral("1 scheduled")), qPrintable(stats.text()));
    QVERIFY(stats.text().contains(QStringLiteral("1 delivered")));
    QVERIFY(!stats.text().contains(QStringLiteral("held")));

    // Deliveries waiting for a disabled subscription are counted apart.
    const qint64 off = subscribe({{QStringLiteral("name"), QStringLiteral("Off")},
                                  {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/off"))},
                                  {QStringLiteral("active"), false}});
    call([off](OutboxService &outbox) {
        OutboxError error;
        return outbox
            .fire(QStringLiteral("user.created"), "{}", QStringLiteral("test"), &error, {off})
            .has_value();
    });
    QTRY_COMPARE_WITH_TIMEOUT(stats.stats().paused, 1, Slow);
    QVERIFY2(stats.text().contains(QStringLiteral("1 held for disabled subscriptions")),
             qPrintable(stats.text()));
}

void TestSendingPanes::mainWindowShowsThePanesAndTheQueue()
{
    AppSettings settings(QDir(m_dir->path()).filePath(QStringLiteral("test.ini")));
    settings.setPort(0);
    MainWindow window(m_engine.get(), &settings);
    window.resize(1400, 860);
    window.show();
    window.start();
    QStringList titles;
    for (int i = 0; i < window.tabs()->count(); ++i)
        titles.append(window.tabs()->tabText(i));
    QVERIFY(titles.indexOf(QStringLiteral("Subscriptions")) == 1);
    QVERIFY(titles.indexOf(QStringLiteral("Events")) == 2);
    QVERIFY(titles.indexOf(QStringLiteral("Deliveries")) == 3);
    for (const char *name : {"subscriptionsPane", "eventsPane", "deliveriesPane"}) {
        auto *pane = window.findChild<QWidget *>(QLatin1String(name));
        QVERIFY2(pane, name);
        QVERIFY(!pane->accessibleName().isEmpty());
    }
    auto *queue = window.statusBar()->findChild<QueueStatsWidget *>(QStringLiteral("queueStats"));
    QVERIFY(queue);
    QTRY_VERIFY_WITH_TIMEOUT(queue->updateCount() > 0, Slow);
    QVERIFY(queue->isVisible());

    // Ctrl+2 shows the Subscriptions pane.
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(window.tabs()->currentWidget()->objectName(), QStringLiteral("subscriptionsPane"));

    // Every widget of the panes has a name.
    for (const char *name : {"subscriptionsPane", "eventsPane", "deliveriesPane"}) {
        auto *pane = window.findChild<QWidget *>(QLatin1String(name));
        for (auto *widget : pane->findChildren<QPushButton *>()) {
            QVERIFY2(!widget->objectName().isEmpty(), qPrintable(widget->text()));
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
    }

    const qint64 id = subscribe({{QStringLiteral("name"), QStringLiteral("Shown")},
                                 {QStringLiteral("url"), sinkUrl(QStringLiteral("/ok/window"))}});
    QVERIFY(id);
    auto *pane = window.findChild<SubscriptionsPane *>();
    QTRY_COMPARE_WITH_TIMEOUT(pane->model()->rowCount(), 1, Slow);
    pane->selectSubscription(id);
    QTest::mouseClick(child<QPushButton>(pane, "sendTestButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(queue->stats().deliveredLastHour, 1, Slow);
    QTRY_VERIFY(queue->text().contains(QStringLiteral("1 delivered")));
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(pane, "statSucceeded")->text(), QStringLiteral("1"),
                              Slow);
    grab(&window, QStringLiteral("main-window-subscriptions"));
    window.tabs()->setCurrentIndex(3);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<DeliveriesPane *>()->model()->rowCount(), 1, Slow);
    grab(&window, QStringLiteral("main-window-deliveries"));
    window.tabs()->setCurrentIndex(2);
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<EventsPane *>()->historyModel()->rowCount(), 1,
                              Slow);
    grab(&window, QStringLiteral("main-window-events"));
}

QTEST_MAIN(TestSendingPanes)
#include "tst_sending_panes.moc"
