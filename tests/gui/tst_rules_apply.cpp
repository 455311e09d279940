#include "dialogs/rules_dialog.h"
#include "engine.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

// Rules edited in the dialog and applied with Engine::setRules change what the running
// receiver answers, with no restart in between.
class TestRulesApply : public QObject
{
    Q_OBJECT

private slots:
    void editedRulesTakeEffectWithoutRestart();
    void signatureSecretsRoundTripThroughTheEngine();

private:
    // POSTs to the receiver; the status and body of the answer.
    std::pair<int, QByteArray> post(const QString &path, const QByteArray &body);

    QTemporaryDir m_dir;
    Engine m_engine;
    QNetworkAccessManager m_network;
};

std::pair<int, QByteArray> TestRulesApply::post(const QString &path, const QByteArray &body)
{
    QUrl url = m_engine.receiverUrl();
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        qWarning("no answer from the receiver");
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

void TestRulesApply::editedRulesTakeEffectWithoutRestart()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY(!Engine().rules(&error)); // no database before start()
    QVERIFY(!error.isEmpty());

    ReceiverConfig config;
    config.port = 0;
    config.dataDir = m_dir.path();
    const auto initial = EndpointRule::listFromJson(
        R"([{"name":"hooks","path":"/hooks/*","response":{"status":201}}])", &error);
    QVERIFY2(initial, qPrintable(error));
    QCOMPARE(m_engine.start(config, *initial), Engine::StartError::None);
    QVERIFY(m_engine.port() != 0);

    QCOMPARE(post(QStringLiteral("/hooks/a"), "{}").first, 201);
    QCOMPARE(post(QStringLiteral("/other"), "{}").first, 200);

    const std::optional<QList<EndpointRule>> stored = m_engine.rules(&error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->size(), 1);

    RulesDialog dialog(*stored);
    dialog.setApplyFunction([this](const QList<EndpointRule> &rules, QString *why) {
        return m_engine.setRules(rules, why);
    });
    dialog.show();
    dialog.findChild<QSpinBox *>(QStringLiteral("statusSpin"))->setValue(418);
    dialog.findChild<QPushButton *>(QStringLiteral("addButton"))->click();
    auto *path = dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    path->clear();
    QTest::keyClicks(path, QStringLiteral("/other"));
    auto *methods = dialog.findChild<QLineEdit *>(QStringLiteral("methodsEdit"));
    QTest::keyClicks(methods, QStringLiteral("POST"));
    dialog.findChild<QSpinBox *>(QStringLiteral("statusSpin"))->setValue(202);
    dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttons"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(m_engine.isRunning());

    QCOMPARE(post(QStringLiteral("/hooks/a"), "{}").first, 418);
    const auto [status, body] = post(QStringLiteral("/other"), "{}");
    QCOMPARE(status, 202);
    QVERIFY2(body.contains("\"success\":true"), body.constData());

    // What the dialog wrote is what the engine reads back next time.
    const std::optional<QList<EndpointRule>> reread = m_engine.rules(&error);
    QVERIFY2(reread, qPrintable(error));
    QCOMPARE(reread->size(), 2);
    QCOMPARE(reread->at(0).status, 418);
    QCOMPARE(reread->at(1).pathGlob, QStringLiteral("/other"));

    m_engine.stopAndWait();
}

void TestRulesApply::signatureSecretsRoundTripThroughTheEngine()
{
    // The database keeps the secrets apart from endpoints.spec; the engine's rules, and so
    // the dialog that edits them, still carry them.
    QTemporaryDir dir;
    Engine engine;
    ReceiverConfig config;
    config.port = 0;
    config.dataDir = dir.path();
    QString error;
    const auto given = EndpointRule::listFromJson(
        R"([{"name":"gh","path":"/gh","signature":{"scheme":"github",
             "secrets":["first S3cret","second-S3cret"],"reject":true}}])",
        &error);
    QVERIFY2(given, qPrintable(error));
    QCOMPARE(engine.start(config, *given), Engine::StartError::None);
    const std::optional<QList<EndpointRule>> stored = engine.rules(&error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->size(), 1);
    QVERIFY(stored->first().signature);
    QCOMPARE(stored->first().signature->secrets,
             (QList<QByteArray>{"first S3cret", "second-S3cret"}));

    RulesDialog dialog(*stored);
    dialog.setApplyFunction([&engine](const QList<EndpointRule> &rules, QString *why) {
        return engine.setRules(rules, why);
    });
    dialog.show();
    QCOMPARE(
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("signatureSecretsEdit"))->toPlainText(),
        QStringLiteral("first S3cret\nsecond-S3cret"));
    dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttons"))
        ->button(QDialogButtonBox::Ok)
        ->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const std::optional<QList<EndpointRule>> reread = engine.rules(&error);
    QVERIFY2(reread, qPrintable(error));
    QJsonObject rereadSpec = reread->first().toJson();
    QVERIFY(rereadSpec.take(QStringLiteral("id")).toInteger() > 0); // the row's, new on apply
    QCOMPARE(rereadSpec, given->first().toJson());
    engine.stopAndWait();
}

QTEST_MAIN(TestRulesApply)
#include "tst_rules_apply.moc"
