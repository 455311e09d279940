#include "dialogs/rules_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

class TestRulesDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void roundTripsARuleThroughTheEditor();
    void keepsRulesItWasGivenUnchanged();
    void invalidInputShowsAnErrorAndStaysOpen_data();
    void invalidInputShowsAnErrorAndStaysOpen();
    void failedApplyStaysOpen();
    void appliesThroughTheApplyFunction();
    void badImportChangesNothing_data();
    void badImportChangesNothing();
    void importReplacesAndExportWritesTheRulesFormat();
    void addDuplicateRemoveAndMove();
    void switchingRulesKeepsInvalidText();
    void emptyFieldsMeanTheDefaults();
    void signatureTabRoundTrips();
    void signatureWithoutSecretsIsAnError();

private:
    template <class T>
    static T *child(QWidget *dialog, const char *name)
    {
        T *widget = dialog->findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    static void click(QWidget *dialog, const char *name)
    {
        QTest::mouseClick(child<QPushButton>(dialog, name), Qt::LeftButton);
    }
    static void clickOk(QWidget *dialog)
    {
        QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
    }
    static void type(QWidget *dialog, const char *name, const QString &text)
    {
        QWidget *edit = child<QWidget>(dialog, name);
        if (auto *line = qobject_cast<QLineEdit *>(edit))
            line->clear();
        else if (auto *plain = qobject_cast<QPlainTextEdit *>(edit))
            plain->clear();
        // keyClicks takes no line breaks: Return between the lines, as a user types them.
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                QTest::keyClick(edit, Qt::Key_Return);
            QTest::keyClicks(edit, lines.at(i));
        }
    }
    QString file(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

// The rules of README's example, as `serve --rules` reads them.
const QByteArray readmeRules = R"({"rules": [
  {"name": "directus", "methods": ["POST"], "path": "/api/webhook", "secret": "s3cret",
   "secretHeader": "x-webhook-secret", "requiredFields": ["eventType", "data"],
   "response": {"status": 200, "headers": {"X-Handled-By": "hookscope"},
                "body": {"success": true, "action": "{{body.eventType}}"}}},
  {"name": "chat relay", "path": "/chat/**",
   "response": {"body": "{\"success\":true,\"messageId\":\"{{uuid}}\",\"timestamp\":{{now.ms}}}"}},
  {"name": "flaky", "path": "/flaky/*", "fail": {"first": 3, "rate": 0.2, "status": 503}},
  {"name": "slow", "enabled": false, "path": "/slow", "delayMs": 1500}
]})";

QList<EndpointRule> parse(const QByteArray &json)
{
    QString error;
    const std::optional<QList<EndpointRule>> rules = EndpointRule::listFromJson(json, &error);
    if (!rules)
        qFatal("test rules do not parse: %s", qPrintable(error));
    return *rules;
}

QJsonArray toJson(const QList<EndpointRule> &rules)
{
    QJsonArray array;
    for (const EndpointRule &rule : rules)
        array.append(rule.toJson());
    return array;
}

QStringList names(const QList<EndpointRule> &rules)
{
    QStringList list;
    for (const EndpointRule &rule : rules)
        list.append(rule.name);
    return list;
}

} // namespace

void TestRulesDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRulesDialog::roundTripsARuleThroughTheEditor()
{
    RulesDialog dialog({});
    dialog.show();
    auto *list = child<QListWidget>(&dialog, "ruleList");
    QCOMPARE(list->count(), 0);
    QVERIFY(!child<QWidget>(&dialog, "nameEdit")->isEnabled());

    click(&dialog, "addButton");
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->currentRow(), 0);
    type(&dialog, "nameEdit", QStringLiteral("stripe"));
    type(&dialog, "methodsEdit", QStringLiteral("post, put"));
    type(&dialog, "pathEdit", QStringLiteral("/hooks/*"));
    type(&dialog, "secretEdit", QStringLiteral("s3 cret"));
    type(&dialog, "secretHeaderEdit", QStringLiteral("X-Signature"));
    QTest::mouseClick(child<QCheckBox>(&dialog, "requireJsonCheck"), Qt::LeftButton);
    type(&dialog, "requiredFieldsEdit", QStringLiteral("type data"));
    child<QSpinBox>(&dialog, "statusSpin")->setValue(202);
    type(&dialog, "responseHeadersEdit",
         QStringLiteral("X-Handled-By: hookscope\nRetry-After:  5"));
    QTest::mouseClick(child<QCheckBox>(&dialog, "customBodyCheck"), Qt::LeftButton);
    type(&dialog, "bodyEdit", QStringLiteral(R"({"ok":true,"id":"{{request.id}}"})"));
    child<QSpinBox>(&dialog, "delaySpin")->setValue(150);
    child<QSpinBox>(&dialog, "failFirstSpin")->setValue(2);
    child<QDoubleSpinBox>(&dialog, "failRateSpin")->setValue(0.25);
    child<QSpinBox>(&dialog, "failStatusSpin")->setValue(500);
    QVERIFY(!child<QLabel>(&dialog, "ruleError")->isVisible());
    QVERIFY(list->item(0)->text().contains(QStringLiteral("stripe")));
    QVERIFY(list->item(0)->text().contains(QStringLiteral("/hooks/*")));

    if (qEnvironmentVariableIsSet("HOOKSCOPE_GRAB_DIR")) {
        dialog.grab().save(qEnvironmentVariable("HOOKSCOPE_GRAB_DIR") +
                           QStringLiteral("/rules_dialog.png"));
        child<QTabWidget>(&dialog, "ruleTabs")->setCurrentIndex(1);
        dialog.grab().save(qEnvironmentVariable("HOOKSCOPE_GRAB_DIR") +
                           QStringLiteral("/rules_dialog_response.png"));
        child<QTabWidget>(&dialog, "ruleTabs")->setCurrentIndex(2);
        dialog.grab().save(qEnvironmentVariable("HOOKSCOPE_GRAB_DIR") +
                           QStringLiteral("/rules_dialog_failures.png"));
    }
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.rules().size(), 1);

    const QJsonObject expected = QJsonDocument::fromJson(R"({
        "name": "stripe", "methods": ["POST", "PUT"], "path": "/hooks/*",
        "secret": "s3 cret", "secretHeader": "X-Signature",
        "requireJson": true, "requiredFields": ["type", "data"],
        "response": {"status": 202,
                     "headers": {"X-Handled-By": "hookscope", "Retry-After": "5"},
                     "body": "{\"ok\":true,\"id\":\"{{request.id}}\"}"},
        "delayMs": 150, "fail": {"first": 2, "rate": 0.25, "status": 500}})")
                                     .object();
    QCOMPARE(dialog.rules().first().toJson(), expected);
    // And the same text is a valid rule for `serve --rules`.
    QString error;
    QVERIFY2(EndpointRule::fromJson(expected, &error), qPrintable(error));
}

void TestRulesDialog::keepsRulesItWasGivenUnchanged()
{
    const QList<EndpointRule> given = parse(readmeRules);
    RulesDialog dialog(given);
    dialog.show();
    QCOMPARE(child<QListWidget>(&dialog, "ruleList")->count(), given.size());
    // Visit every rule, so each one passes through the form.
    for (int row = 0; row < given.size(); ++row)
        child<QListWidget>(&dialog, "ruleList")->setCurrentRow(row);
    QVERIFY(!child<QWidget>(&dialog, "secretHeaderEdit")->isEnabled()); // "slow" has no secret
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(toJson(dialog.rules()), toJson(given));
}

void TestRulesDialog::invalidInputShowsAnErrorAndStaysOpen_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad method") << QByteArray("methodsEdit") << QStringLiteral("P@ST")
                                << QStringLiteral("invalid method \"P@ST\"");
    QTest::newRow("path without slash") << QByteArray("pathEdit") << QStringLiteral("hooks")
                                        << QStringLiteral("\"path\" must be a glob");
    QTest::newRow("bad secret header")
        << QByteArray("secretHeaderEdit") << QStringLiteral("x header")
        << QStringLiteral("invalid \"secretHeader\"");
    QTest::newRow("header line without colon")
        << QByteArray("responseHeadersEdit") << QStringLiteral("X-Ok: 1\nNoColon")
        << QStringLiteral("line 2: \"NoColon\" is not \"Name: value\"");
    QTest::newRow("header name with a space")
        << QByteArray("responseHeadersEdit") << QStringLiteral("Bad Name: x")
        << QStringLiteral("invalid response header \"Bad Name\"");
    QTest::newRow("header given twice")
        << QByteArray("responseHeadersEdit") << QStringLiteral("X-A: 1\nX-A: 2")
        << QStringLiteral("\"X-A\" is given twice");
    QTest::newRow("unknown placeholder")
        << QByteArray("bodyEdit") << QStringLiteral("{{nope}}") << QStringLiteral("response.body:");
}

void TestRulesDialog::invalidInputShowsAnErrorAndStaysOpen()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, text);
    QFETCH(QString, message);
    RulesDialog dialog(parse(R"([{"name":"first"},{"name":"second"}])"));
    dialog.show();
    auto *list = child<QListWidget>(&dialog, "ruleList");
    list->setCurrentRow(1);
    if (field == "bodyEdit")
        QTest::mouseClick(child<QCheckBox>(&dialog, "customBodyCheck"), Qt::LeftButton);
    if (field == "secretHeaderEdit")
        type(&dialog, "secretEdit", QStringLiteral("s3cret"));
    type(&dialog, field.constData(), text);

    auto *ruleError = child<QLabel>(&dialog, "ruleError");
    QVERIFY(ruleError->isVisible());
    QVERIFY2(ruleError->text().contains(message.toHtmlEscaped()), qPrintable(ruleError->text()));
    QVERIFY(!list->item(1)->icon().isNull());
    QVERIFY(list->item(0)->icon().isNull());

    // Look at the other rule, then press OK: the dialog stays and shows the bad rule.
    list->setCurrentRow(0);
    QVERIFY(!ruleError->isVisible());
    clickOk(&dialog);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(dialog.rules().isEmpty());
    QCOMPARE(list->currentRow(), 1);
    QVERIFY(ruleError->isVisible());
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    QVERIFY(messageLabel->isVisible());
    QVERIFY2(messageLabel->text().contains(QStringLiteral("rule 2 (second)")),
             qPrintable(messageLabel->text()));
    if (qEnvironmentVariableIsSet("HOOKSCOPE_GRAB_DIR") && field == "pathEdit") {
        dialog.grab().save(qEnvironmentVariable("HOOKSCOPE_GRAB_DIR") +
                           QStringLiteral("/rules_dialog_error.png"));
    }
}

void TestRulesDialog::failedApplyStaysOpen()
{
    RulesDialog dialog(parse(R"([{"name":"only"}])"));
    int calls = 0;
    dialog.setApplyFunction([&calls](const QList<EndpointRule> &, QString *error) {
        ++calls;
        *error = QStringLiteral("database is locked");
        return false;
    });
    dialog.show();
    clickOk(&dialog);
    QCOMPARE(calls, 1);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.rules().isEmpty());
    QVERIFY(child<QLabel>(&dialog, "messageLabel")
                ->text()
                .contains(QStringLiteral("database is locked")));
}

void TestRulesDialog::appliesThroughTheApplyFunction()
{
    RulesDialog dialog(parse(R"([{"name":"only"}])"));
    QList<EndpointRule> applied;
    dialog.setApplyFunction([&applied](const QList<EndpointRule> &rules, QString *) {
        applied = rules;
        return true;
    });
    dialog.show();
    child<QSpinBox>(&dialog, "statusSpin")->setValue(204);
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.first().status, 204);
    QCOMPARE(toJson(applied), toJson(dialog.rules()));
}

void TestRulesDialog::badImportChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no such file
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("cannot read");
    QTest::newRow("not JSON") << QByteArray("{\"rules\": [") << QStringLiteral("not valid JSON");
    QTest::newRow("wrong shape") << QByteArray(R"({"rule": []})")
                                 << QStringLiteral("expected {\"rules\": [...]}");
    QTest::newRow("second rule bad")
        << QByteArray(R"([{"name":"ok"},{"name":"bad","response":{"status":42}}])")
        << QStringLiteral("rule 2 (bad): \"response.status\" must be between 100 and 599");
    QTest::newRow("unknown key") << QByteArray(R"([{"name":"typo","pth":"/x"}])")
                                 << QStringLiteral("unknown key \"pth\"");
}

void TestRulesDialog::badImportChangesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = file(QStringLiteral("rules.json"));
    if (!content.isEmpty()) {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
    }
    const QList<EndpointRule> given = parse(readmeRules);
    RulesDialog dialog(given);
    dialog.show();
    QVERIFY(!dialog.importFrom(path));
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    QVERIFY(messageLabel->isVisible());
    QVERIFY2(messageLabel->text().contains(message.toHtmlEscaped()),
             qPrintable(messageLabel->text()));
    QCOMPARE(child<QListWidget>(&dialog, "ruleList")->count(), given.size());
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(toJson(dialog.rules()), toJson(given));
}

void TestRulesDialog::importReplacesAndExportWritesTheRulesFormat()
{
    const QString in = file(QStringLiteral("in.json"));
    {
        QFile out(in);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(readmeRules);
    }
    RulesDialog dialog(parse(R"([{"name":"old"}])"));
    dialog.show();
    QVERIFY(dialog.importFrom(in));
    QCOMPARE(child<QListWidget>(&dialog, "ruleList")->count(), 4);
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("directus"));

    const QString out = file(QStringLiteral("out.json"));
    QVERIFY(dialog.exportTo(out));
    QFile exported(out);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray text = exported.readAll();
    QVERIFY(QJsonDocument::fromJson(text).object().value(QStringLiteral("rules")).isArray());
    QCOMPARE(toJson(parse(text)), toJson(parse(readmeRules)));

    // A bad rule is not exported and the file is left alone.
    type(&dialog, "pathEdit", QStringLiteral("nope"));
    QVERIFY(!dialog.exportTo(out));
    QVERIFY(child<QLabel>(&dialog, "messageLabel")->text().contains(QStringLiteral("rule 1")));
    QFile again(out);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), text);
}

void TestRulesDialog::addDuplicateRemoveAndMove()
{
    RulesDialog dialog(parse(R"([{"name":"a"},{"name":"b"},{"name":"c"}])"));
    dialog.show();
    auto *list = child<QListWidget>(&dialog, "ruleList");
    auto *up = child<QPushButton>(&dialog, "upButton");
    auto *down = child<QPushButton>(&dialog, "downButton");
    QCOMPARE(list->currentRow(), 0);
    QVERIFY(!up->isEnabled());
    QVERIFY(down->isEnabled());

    click(&dialog, "downButton"); // b a c
    QCOMPARE(list->currentRow(), 1);
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("a"));
    list->setCurrentRow(2);
    QVERIFY(!down->isEnabled());
    click(&dialog, "upButton");        // b c a
    click(&dialog, "duplicateButton"); // b c "c (copy)" a
    QCOMPARE(list->currentRow(), 2);
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("c (copy)"));
    list->setCurrentRow(0);
    click(&dialog, "removeButton"); // c "c (copy)" a
    QCOMPARE(list->currentRow(), 0);
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("c"));
    list->setCurrentRow(2);
    click(&dialog, "removeButton"); // c "c (copy)"
    QCOMPARE(list->currentRow(), 1);
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("c (copy)"));
    click(&dialog, "addButton"); // c "c (copy)" "rule 3"
    QCOMPARE(child<QLineEdit>(&dialog, "nameEdit")->text(), QStringLiteral("rule 3"));
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(names(dialog.rules()), (QStringList{QStringLiteral("c"), QStringLiteral("c (copy)"),
                                                 QStringLiteral("rule 3")}));

    RulesDialog emptied(parse(R"([{"name":"x"}])"));
    emptied.show();
    QVERIFY(QTest::qWaitForWindowActive(&emptied));
    child<QListWidget>(&emptied, "ruleList")->setFocus();
    QTest::keyClick(child<QListWidget>(&emptied, "ruleList"), Qt::Key_Delete);
    QCOMPARE(child<QListWidget>(&emptied, "ruleList")->count(), 0);
    QVERIFY(!child<QPushButton>(&emptied, "removeButton")->isEnabled());
    QVERIFY(!child<QWidget>(&emptied, "nameEdit")->isEnabled());
    clickOk(&emptied);
    QCOMPARE(emptied.result(), int(QDialog::Accepted));
    QVERIFY(emptied.rules().isEmpty());
}

void TestRulesDialog::switchingRulesKeepsInvalidText()
{
    RulesDialog dialog(parse(R"([{"name":"a"},{"name":"b"}])"));
    dialog.show();
    auto *list = child<QListWidget>(&dialog, "ruleList");
    type(&dialog, "responseHeadersEdit", QStringLiteral("half a header"));
    list->setCurrentRow(1);
    QCOMPARE(child<QPlainTextEdit>(&dialog, "responseHeadersEdit")->toPlainText(), QString());
    list->setCurrentRow(0);
    QCOMPARE(child<QPlainTextEdit>(&dialog, "responseHeadersEdit")->toPlainText(),
             QStringLiteral("half a header"));
    QVERIFY(child<QLabel>(&dialog, "ruleError")->isVisible());
    type(&dialog, "responseHeadersEdit", QStringLiteral("X-Fixed: yes"));
    QVERIFY(!child<QLabel>(&dialog, "ruleError")->isVisible());
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.rules().first().responseHeaders.size(), 1);
}

void TestRulesDialog::emptyFieldsMeanTheDefaults()
{
    RulesDialog dialog({});
    dialog.show();
    click(&dialog, "addButton");
    type(&dialog, "pathEdit", QString());
    type(&dialog, "secretEdit", QStringLiteral("s"));
    type(&dialog, "secretHeaderEdit", QString());
    QVERIFY(!child<QLabel>(&dialog, "ruleError")->isVisible());
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const EndpointRule rule = dialog.rules().value(0);
    QCOMPARE(rule.pathGlob, QStringLiteral("/**"));
    QVERIFY(rule.methods.isEmpty());
    QCOMPARE(rule.secretHeader, QByteArray("x-webhook-secret"));
    QVERIFY(!rule.bodyTemplate);
}

void TestRulesDialog::signatureTabRoundTrips()
{
    const QList<EndpointRule> given = parse(
        R"([{"name":"gh","path":"/gh","signature":{"scheme":"github",
             "secrets":["old one","new-one"],"signatureHeader":"X-Pathfinder-Signature",
             "tolerance":0,"reject":true}},
            {"name":"plain","path":"/plain"}])");
    RulesDialog dialog(given);
    dialog.show();
    auto *scheme = child<QComboBox>(&dialog, "signatureSchemeCombo");
    QCOMPARE(scheme->currentData().toString(), QStringLiteral("github"));
    QCOMPARE(child<QPlainTextEdit>(&dialog, "signatureSecretsEdit")->toPlainText(),
             QStringLiteral("old one\nnew-one"));
    QCOMPARE(child<QLineEdit>(&dialog, "signatureHeaderEdit")->text(),
             QStringLiteral("X-Pathfinder-Signature"));
    QCOMPARE(child<QSpinBox>(&dialog, "signatureToleranceSpin")->value(), 0);
    QVERIFY(child<QCheckBox>(&dialog, "signatureRejectCheck")->isChecked());

    // The second rule has no check: "none", and the fields are off.
    child<QListWidget>(&dialog, "ruleList")->setCurrentRow(1);
    QCOMPARE(scheme->currentIndex(), 0);
    QVERIFY(!child<QWidget>(&dialog, "signatureSecretsEdit")->isEnabled());
    // Give it a Stripe check with two secrets (blank lines and line-end spaces dropped).
    scheme->setCurrentIndex(scheme->findData(QStringLiteral("stripe")));
    QVERIFY(child<QWidget>(&dialog, "signatureSecretsEdit")->isEnabled());
    QCOMPARE(child<QLineEdit>(&dialog, "signatureHeaderEdit")->placeholderText(),
             QStringLiteral("Stripe-Signature"));
    type(&dialog, "signatureSecretsEdit", QStringLiteral("whsec_a \n\nwhsec_b"));
    QVERIFY(!child<QLabel>(&dialog, "ruleError")->isVisible());
    auto *list = child<QListWidget>(&dialog, "ruleList");
    QVERIFY2(list->item(0)->text().contains(QStringLiteral("(github signature)")),
             qPrintable(list->item(0)->text()));
    QVERIFY2(list->item(1)->text().contains(QStringLiteral("(stripe signature)")),
             qPrintable(list->item(1)->text()));
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const QList<EndpointRule> rules = dialog.rules();
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.at(0).toJson(), given.at(0).toJson());
    QVERIFY(rules.at(1).signature);
    QCOMPARE(rules.at(1).signature->scheme.id, QStringLiteral("stripe"));
    QCOMPARE(rules.at(1).signature->secrets, (QList<QByteArray>{"whsec_a", "whsec_b"}));
    QVERIFY(rules.at(1).signature->signatureHeader.isEmpty());
    QVERIFY(!rules.at(1).signature->tolerance); // "the scheme's"
    QVERIFY(!rules.at(1).signature->reject);
}

void TestRulesDialog::signatureWithoutSecretsIsAnError()
{
    RulesDialog dialog(parse(R"([{"name":"first"}])"));
    dialog.show();
    auto *scheme = child<QComboBox>(&dialog, "signatureSchemeCombo");
    scheme->setCurrentIndex(scheme->findData(QStringLiteral("github")));
    auto *ruleError = child<QLabel>(&dialog, "ruleError");
    QVERIFY(ruleError->isVisible());
    QVERIFY2(ruleError->text().contains(QStringLiteral("at least one secret")),
             qPrintable(ruleError->text()));
    clickOk(&dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.rules().isEmpty());
    // Back to none: the rule is valid again.
    scheme->setCurrentIndex(0);
    QVERIFY(!ruleError->isVisible());
    clickOk(&dialog);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.rules().first().signature);
}

QTEST_MAIN(TestRulesDialog)
#include "tst_rules_dialog.moc"
