// The Exports pane on the offscreen platform over a real Engine: the live preview follows the
// form, columns are picked and ordered from the detected keys, a bad expression blocks the
// export, an export writes the file off the GUI thread and lands in the audit log, cancel
// leaves no file, and the main window's "Export Selected/Filtered" pre-fills it.
#include "app_settings.h"
#include "engine.h"
#include "export/export_job.h"
#include "main_window.h"
#include "panes/exports_pane.h"
#include "store/database.h"
#include "store/request_store.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestExportsPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void previewFollowsTheForm();
    void columnsArePickedAndOrdered();
    void badExpressionBlocksTheExport();
    void exportWritesTheFileAndTheAuditLog();
    void cancelLeavesNoFile();
    void mainWindowPrefillsFromTheRequestList();

private:
    void addUsers(int extra = 0);
    QStringList headers() const;
    void waitForPreview();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<ExportsPane> m_pane;
};

void TestExportsPane::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    addUsers();
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
    m_pane = std::make_unique<ExportsPane>(m_engine.get());
    m_pane->resize(1200, 800);
    m_pane->show();
}

void TestExportsPane::cleanup()
{
    m_pane.reset();
    m_engine.reset();
    m_dir.reset();
}

void TestExportsPane::addUsers(int extra)
{
    Database db(Database::fileIn(m_dir->path()), QStringLiteral("fixture"));
    QVERIFY(db.open() && db.migrate());
    RequestStore store(db.connection());
    const QList<QByteArray> bodies = {
        R"({"event":"user.created","data":{"user":{"id":"u1","email":"ann@example.com","exportConsent":{"given":true}}}})",
        R"({"event":"user.created","data":{"user":{"id":"u2","email":"bob@example.com","exportConsent":{"given":false}}}})",
        R"({"event":"user.updated","data":{"user":{"id":"u1","email":"ann@new.example","exportConsent":{"given":true},"city":"Oslo"}}})",
        R"({"event":"user.created","data":{"user":{"id":"u3","email":"cy@example.com","exportConsent":{"given":true}}}})",
    };
    QVERIFY(db.connection().transaction());
    for (int i = 0; i < bodies.size() + extra; ++i) {
        StoredRequest r;
        r.receivedUs = 1'000'000LL * (i + 1);
        r.method = "POST";
        r.path = "/hooks/crm";
        r.body = i < bodies.size()
                     ? bodies.at(i)
                     : R"({"event":"bulk","data":{"user":{"id":"b)" + QByteArray::number(i) +
                           R"(","pad":")" + QByteArray(300, 'x') + "\"}}}";
        r.bodySize = r.body.size();
        r.responseStatus = 200;
        r.eventType = i < bodies.size()
                          ? QString::fromUtf8(i == 2 ? "user.updated" : "user.created")
                          : QStringLiteral("bulk");
        QVERIFY(store.insert(r));
    }
    QVERIFY(db.connection().commit());
}

QStringList TestExportsPane::headers() const
{
    auto *table = m_pane->findChild<QTableWidget *>(QStringLiteral("exportPreview"));
    QStringList names;
    for (int c = 0; c < table->columnCount(); ++c)
        names.append(table->horizontalHeaderItem(c)->text());
    return names;
}

void TestExportsPane::waitForPreview()
{
    QSignalSpy ready(m_pane->job(), &ExportJob::previewReady);
    QVERIFY(ready.wait(10000));
    // Answers to older questions are dropped: wait for the last one.
    while (ready.wait(400)) {
    }
}

void TestExportsPane::previewFollowsTheForm()
{
    auto *source = m_pane->findChild<QComboBox *>(QStringLiteral("exportSource"));
    auto *table = m_pane->findChild<QTableWidget *>(QStringLiteral("exportPreview"));
    waitForPreview();
    // Requests by default: every request, the fixed columns.
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(headers().mid(0, 2),
             (QStringList{QStringLiteral("id"), QStringLiteral("received_at")}));

    source->setCurrentIndex(source->findText(QStringLiteral("records")));
    QTest::keyClicks(m_pane->findChild<QLineEdit *>(QStringLiteral("exportRoot")),
                     QStringLiteral("data.user"));
    waitForPreview();
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(headers(),
             (QStringList{QStringLiteral("id"), QStringLiteral("email"),
                          QStringLiteral("exportConsent.given"), QStringLiteral("city")}));
    QTest::keyClicks(m_pane->findChild<QLineEdit *>(QStringLiteral("exportKey")),
                     QStringLiteral("id"));
    waitForPreview();
    QCOMPARE(table->rowCount(), 3);
    m_pane->findChild<QPlainTextEdit *>(QStringLiteral("exportWhere"))
        ->setPlainText(QStringLiteral("exportConsent.given = true"));
    waitForPreview();
    QCOMPARE(table->rowCount(), 2);
    // Latest state, in the order the latest versions arrived.
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("u1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("ann@new.example"));
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("u3"));
}

void TestExportsPane::columnsArePickedAndOrdered()
{
    auto *source = m_pane->findChild<QComboBox *>(QStringLiteral("exportSource"));
    source->setCurrentIndex(source->findText(QStringLiteral("records")));
    m_pane->findChild<QLineEdit *>(QStringLiteral("exportRoot"))
        ->setText(QStringLiteral("data.user"));
    waitForPreview();
    auto *columns = m_pane->findChild<QListWidget *>(QStringLiteral("exportColumns"));
    QCOMPARE(columns->count(), 4);
    // Tick email and id, then move email first (as a drag would).
    QListWidgetItem *email = columns->findItems(QStringLiteral("email"), Qt::MatchExactly).value(0);
    QListWidgetItem *id = columns->findItems(QStringLiteral("id"), Qt::MatchExactly).value(0);
    QVERIFY(email && id);
    id->setCheckState(Qt::Checked);
    email->setCheckState(Qt::Checked);
    columns->insertItem(0, columns->takeItem(columns->row(email)));
    waitForPreview();
    QCOMPARE(headers(), (QStringList{QStringLiteral("email"), QStringLiteral("id")}));
    QString error;
    QCOMPARE(m_pane->options(&error)->columns,
             (QStringList{QStringLiteral("email"), QStringLiteral("id")}));
}

void TestExportsPane::badExpressionBlocksTheExport()
{
    auto *button = m_pane->findChild<QPushButton *>(QStringLiteral("exportButton"));
    auto *status = m_pane->findChild<QLabel *>(QStringLiteral("exportPreviewStatus"));
    waitForPreview();
    QVERIFY(button->isEnabled());
    m_pane->findChild<QPlainTextEdit *>(QStringLiteral("exportWhere"))
        ->setPlainText(QStringLiteral("status ~ 5"));
    QTRY_VERIFY(status->text().contains(QLatin1String("bad expression")));
    QVERIFY(!button->isEnabled());
    m_pane->findChild<QPlainTextEdit *>(QStringLiteral("exportWhere"))
        ->setPlainText(QStringLiteral("status = 200"));
    waitForPreview();
    QVERIFY(button->isEnabled());
}

void TestExportsPane::exportWritesTheFileAndTheAuditLog()
{
    auto *source = m_pane->findChild<QComboBox *>(QStringLiteral("exportSource"));
    source->setCurrentIndex(source->findText(QStringLiteral("records")));
    m_pane->findChild<QLineEdit *>(QStringLiteral("exportRoot"))
        ->setText(QStringLiteral("data.user"));
    m_pane->findChild<QLineEdit *>(QStringLiteral("exportKey"))->setText(QStringLiteral("id"));
    waitForPreview();
    const QString path = m_dir->filePath(QStringLiteral("users.csv"));
    m_pane->setNextSavePath(path);
    QSignalSpy finished(m_pane->job(), &ExportJob::exportFinished);
    QTest::mouseClick(m_pane->findChild<QPushButton *>(QStringLiteral("exportButton")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("id,email,exportConsent.given,city\r\n"
                                        "u2,bob@example.com,false,\r\n"
                                        "u1,ann@new.example,true,Oslo\r\n"
                                        "u3,cy@example.com,true,\r\n"));
    auto *result = m_pane->findChild<QLabel *>(QStringLiteral("exportResult"));
    QVERIFY2(result->text().contains(QLatin1String("3 row(s) written")),
             qPrintable(result->text()));
    QVERIFY(m_pane->findChild<QPushButton *>(QStringLiteral("exportShowInFolder"))->isEnabled());
    auto *log = m_pane->findChild<QTableWidget *>(QStringLiteral("exportLog"));
    QCOMPARE(log->rowCount(), 1);
    QCOMPARE(log->item(0, 1)->text(), QStringLiteral("gui"));
    QCOMPARE(log->item(0, 2)->text(), QStringLiteral("records.csv"));
    QCOMPARE(log->item(0, 3)->text(), QStringLiteral("3"));
    QCOMPARE(log->item(0, 4)->text(), QStringLiteral("completed"));
    QVERIFY(result->text().contains(log->item(0, 5)->text()));
    QCOMPARE(log->item(0, 6)->text(), path);
}

void TestExportsPane::cancelLeavesNoFile()
{
    m_pane.reset();
    m_engine.reset();
    addUsers(20000);
    m_engine = std::make_unique<Engine>();
    QVERIFY(m_engine->open(m_dir->path()));
    m_pane = std::make_unique<ExportsPane>(m_engine.get());
    m_pane->show();
    const QString path = m_dir->filePath(QStringLiteral("big.csv"));
    m_pane->setNextSavePath(path);
    QSignalSpy finished(m_pane->job(), &ExportJob::exportFinished);
    auto *cancel = m_pane->findChild<QPushButton *>(QStringLiteral("exportCancelButton"));
    QVERIFY(!cancel->isEnabled());
    m_pane->exportNow();
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).value<ExportResult>().status, ExportResult::Status::Cancelled);
    QVERIFY(!QFile::exists(path));
    QVERIFY(m_pane->findChild<QLabel *>(QStringLiteral("exportResult"))
                ->text()
                .startsWith(QLatin1String("Cancelled")));
    QCOMPARE(m_pane->findChild<QTableWidget *>(QStringLiteral("exportLog"))->item(0, 4)->text(),
             QStringLiteral("cancelled"));
}

void TestExportsPane::mainWindowPrefillsFromTheRequestList()
{
    m_pane.reset();
    AppSettings settings(m_dir->filePath(QStringLiteral("test.ini")));
    settings.setPort(0);
    MainWindow window(m_engine.get(), &settings);
    window.show();
    window.start();
    ExportsPane *pane = window.exportsPane();
    QVERIFY(pane);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(pane)), QStringLiteral("Exports"));
    QTRY_COMPARE(window.requestList()->model()->rowCount(), 4);
    // Two rows selected: exactly those.
    window.requestList()->selectRow(0);
    window.requestList()->selectionModel()->select(window.requestList()->model()->index(2, 0),
                                                   QItemSelectionModel::Select |
                                                       QItemSelectionModel::Rows);
    QCOMPARE(window.selectedIds().size(), 2);
    window.findChild<QAction *>(QStringLiteral("exportRequestsAction"))->trigger();
    QCOMPARE(window.tabs()->currentWidget(), pane);
    QString error;
    const std::optional<ExportOptions> options = pane->options(&error);
    QVERIFY2(options, qPrintable(error));
    QList<qint64> ids = window.selectedIds();
    std::sort(ids.begin(), ids.end());
    QList<qint64> got = options->ids;
    std::sort(got.begin(), got.end());
    QCOMPARE(got, ids);
    QSignalSpy ready(pane->job(), &ExportJob::previewReady);
    QVERIFY(ready.wait(10000));
    QTRY_COMPARE(pane->findChild<QTableWidget *>(QStringLiteral("exportPreview"))->rowCount(), 2);
    // One row: the list's filter instead.
    window.requestList()->selectRow(0);
    window.findChild<QAction *>(QStringLiteral("exportRequestsAction"))->trigger();
    QVERIFY(pane->options(&error)->ids.isEmpty());
    QTRY_COMPARE(pane->findChild<QTableWidget *>(QStringLiteral("exportPreview"))->rowCount(), 4);
    m_engine->stopAndWait();
}

QTEST_MAIN(TestExportsPane)
#include "tst_exports_pane.moc"
