#include "app_settings.h"
#include "dialogs/signatures_dialog.h"
#include "engine.h"
#include "inspect/curl_command.h"
#include "main_window.h"
#include "models/request_list_model.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace hookscope;

namespace {

// GitHub docs, "Validating webhook deliveries" (../shared/signature-vectors.md).
const QByteArray githubSecret = QByteArrayLiteral("It's a Secret to Everybody");
const QByteArray githubBody = QByteArrayLiteral("Hello, World!");
const QByteArray githubSignature =
    QByteArrayLiteral("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

StoredRequest request(const QByteArray &path, const HeaderList &headers, const QByteArray &body)
{
    StoredRequest r;
    r.id = 42;
    r.method = "POST";
    r.path = path;
    r.headers = headers;
    r.body = body;
    r.bodySize = body.size();
    return r;
}

StoredRequest githubRequest()
{
    return request("/hooks/github",
                   {{"Content-Type", "text/plain"}, {"X-Hub-Signature-256", githubSignature}},
                   githubBody);
}

template <typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

void chooseScheme(const SignaturesDialog &dialog, const char *combo, const QString &id)
{
    auto *box = child<QComboBox>(dialog, combo);
    const int index = box->findData(id);
    QVERIFY2(index >= 0, qPrintable(id));
    box->setCurrentIndex(index);
}

// The JSON of a preset under another id, as a user starts a custom scheme.
QByteArray customJson(const QString &presetId, const QString &id, const QByteArray &header)
{
    QJsonObject json = SignatureSchemeRegistry::find(presetId)->toJson();
    json.remove(QStringLiteral("aliases"));
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("signatureHeaders"), QJsonArray{QString::fromLatin1(header)});
    return QJsonDocument(json).toJson();
}

} // namespace

class TestSignaturesDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void githubVectorVerifies();
    void wrongSecretExplainsMismatch();
    void rotationSaysWhichSecretMatched();
    void hintsAreListed();
    void autoDetectsStripe();
    void pastedHeadersAndBody();
    void requestUrlIsPrefilled();
    void signRoundTrip_data();
    void signRoundTrip();
    void signWithoutSecret();
    void signWithAnotherHeader();
    void truncatedRequestIsNotVerified();
    void customSchemeIsSavedAndListed();
    void badCustomSchemeSavesNothing_data();
    void badCustomSchemeSavesNothing();
    void importAndExport();
    void storedSchemesAreChecked();
    void mainWindowOpensItForTheSelectedRequest();
    void everyWidgetIsNamed();
    void grab();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
};

void TestSignaturesDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSignaturesDialog::githubVectorVerifies()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(githubRequest(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    // Typed, not set: the debounced live re-verify runs without pressing Verify.
    QTest::keyClicks(child<QPlainTextEdit>(dialog, "verifySecrets"),
                     QString::fromUtf8(githubSecret));
    QTRY_VERIFY(dialog.hasVerifyResult() && dialog.verifyResult().valid);
    QCOMPARE(dialog.verifyResult().schemeId, QStringLiteral("github"));
    QCOMPARE(child<QLabel>(dialog, "verifyVerdict")->text(), QStringLiteral("Valid"));
    QVERIFY(child<QLabel>(dialog, "verifyDetails")->text().contains(QStringLiteral("Secret 1")));
    QVERIFY(child<QLabel>(dialog, "verifyDetails")
                ->text()
                .contains(QStringLiteral("X-Hub-Signature-256")));
    QCOMPARE(child<QListWidget>(dialog, "verifyHints")->count(), 0);
}

void TestSignaturesDialog::wrongSecretExplainsMismatch()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(githubRequest(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QStringLiteral("not the secret"));
    child<QPushButton>(dialog, "verifyButton")->click();

    QVERIFY(dialog.hasVerifyResult());
    QVERIFY(!dialog.verifyResult().valid);
    QCOMPARE(dialog.verifyResult().failure, VerifyFailure::SignatureMismatch);
    const QString verdict = child<QLabel>(dialog, "verifyVerdict")->text();
    QVERIFY2(verdict.contains(QStringLiteral("signature mismatch")), qPrintable(verdict));
    const QString details = child<QLabel>(dialog, "verifyDetails")->text();
    QVERIFY2(details.contains(QStringLiteral("X-Hub-Signature-256")), qPrintable(details));
    // What a sender holding the secret entered would have sent.
    const SignResult expected = SignatureSigner::sign(
        *SignatureSchemeRegistry::find(QStringLiteral("github")), "not the secret", githubBody);
    QVERIFY(expected.ok);
    const QByteArray expectedValue =
        SignatureSchemeRegistry::headerValue(expected.headers, "X-Hub-Signature-256");
    QVERIFY(expectedValue.startsWith("sha256="));
    QVERIFY(expectedValue != githubSignature);
    QCOMPARE(child<QLineEdit>(dialog, "verifyExpected")->text(),
             QString::fromLatin1(expectedValue));
    QVERIFY(child<QPushButton>(dialog, "verifyCopyExpected")->isEnabled());
    child<QPushButton>(dialog, "verifyCopyExpected")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromLatin1(expectedValue));
    // The colour says it too: red, not green.
    const QColor colour =
        child<QLabel>(dialog, "verifyVerdict")->palette().color(QPalette::WindowText);
    QCOMPARE(colour.hslHue(), 0);
}

void TestSignaturesDialog::rotationSaysWhichSecretMatched()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(githubRequest(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")
        ->setPlainText(QStringLiteral("old secret\n\n") + QString::fromUtf8(githubSecret));
    dialog.verify();
    QVERIFY(dialog.verifyResult().valid);
    QCOMPARE(dialog.verifyResult().secretIndex, 1);
    QVERIFY(child<QLabel>(dialog, "verifyDetails")->text().contains(QStringLiteral("Secret 2")));
    QCOMPARE(child<QLabel>(dialog, "verifyVerdict")->palette().color(QPalette::WindowText).hslHue(),
             120);
}

void TestSignaturesDialog::hintsAreListed()
{
    // The GitHub vector's signature over the body with a newline added on the way.
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(
        request("/hooks/github", {{"X-Hub-Signature-256", githubSignature}}, githubBody + '\n'),
        QUrl());
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    dialog.verify();
    QVERIFY(!dialog.verifyResult().valid);
    QVERIFY(dialog.verifyResult().hasHint(SignatureHintKind::TrailingNewline));
    auto *hints = child<QListWidget>(dialog, "verifyHints");
    QCOMPARE(hints->count(), dialog.verifyResult().hints.size());
    QCOMPARE(hints->item(0)->text(), dialog.verifyResult().hints.constFirst().message);
    QVERIFY(!hints->isHidden());

    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QStringLiteral("other"));
    dialog.verify();
    QCOMPARE(hints->count(), 0);
    QVERIFY(hints->isHidden());
}

void TestSignaturesDialog::autoDetectsStripe()
{
    const SignatureScheme &stripe = *SignatureSchemeRegistry::find(QStringLiteral("stripe"));
    const QByteArray body = R"({"id":"evt_1","type":"invoice.paid"})";
    const SignResult signedRequest = SignatureSigner::sign(stripe, "whsec_test", body);
    QVERIFY(signedRequest.ok);
    HeaderList headers{{"Content-Type", "application/json"}};
    headers += signedRequest.headers;

    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(request("/hooks/stripe", headers, body), QUrl());
    QCOMPARE(child<QComboBox>(dialog, "verifyScheme")->currentData().toString(),
             QStringLiteral("auto"));
    auto *secrets = child<QPlainTextEdit>(dialog, "verifySecrets");
    secrets->setPlainText(QStringLiteral("whsec_wrong"));
    dialog.verify();
    // Detected even when the secret is wrong: the mismatch is Stripe's.
    QCOMPARE(dialog.verifyResult().schemeId, QStringLiteral("stripe"));
    QVERIFY(!dialog.verifyResult().valid);
    QVERIFY(child<QLabel>(dialog, "verifyDetails")->text().contains(QStringLiteral("(detected)")));
    secrets->setPlainText(QStringLiteral("whsec_test"));
    dialog.verify();
    QVERIFY(dialog.verifyResult().valid);
    QCOMPARE(dialog.verifyResult().schemeId, QStringLiteral("stripe"));
    QVERIFY(dialog.verifyResult().hasTimestamp);
}

void TestSignaturesDialog::pastedHeadersAndBody()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    QVERIFY(!dialog.hasRequest());
    // Without a request, pasting is the only source.
    QCOMPARE(child<QComboBox>(dialog, "verifySource")->currentIndex(), 1);
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    child<QPlainTextEdit>(dialog, "verifyBody")->setPlainText(QString::fromUtf8(githubBody));
    auto *headers = child<QPlainTextEdit>(dialog, "verifyHeaders");
    headers->setPlainText(QStringLiteral("this is no header"));
    dialog.verify();
    QVERIFY(!dialog.hasVerifyResult());
    QVERIFY(dialog.verifyInputError().contains(QStringLiteral("line 1")));
    QCOMPARE(child<QLabel>(dialog, "verifyDetails")->text(), dialog.verifyInputError());

    headers->setPlainText(QStringLiteral("Content-Type: text/plain\nX-Hub-Signature-256: ") +
                          QString::fromLatin1(githubSignature) + QStringLiteral("\n"));
    dialog.verify();
    QVERIFY(dialog.hasVerifyResult());
    QVERIFY(dialog.verifyResult().valid);

    // One byte more in the body breaks it.
    child<QPlainTextEdit>(dialog, "verifyBody")->setPlainText(QStringLiteral("Hello, World!!"));
    dialog.verify();
    QVERIFY(!dialog.verifyResult().valid);
}

void TestSignaturesDialog::requestUrlIsPrefilled()
{
    // Square SDKs' webhook helper tests (../shared/signature-vectors.md): the notification
    // URL is signed, so the request's full URL must be what the dialog verifies with.
    const QByteArray body =
        R"({"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}})";
    const StoredRequest square = request(
        "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
        {{"x-square-hmacsha256-signature", "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="}}, body);
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(square, QUrl(QStringLiteral("https://webhook.site")));
    QCOMPARE(child<QLineEdit>(dialog, "verifyUrl")->text(),
             QStringLiteral("https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("square"));
    child<QPlainTextEdit>(dialog, "verifySecrets")
        ->setPlainText(QStringLiteral("Ibxx_5AKakO-3qeNVR61Dw"));
    dialog.verify();
    QVERIFY2(dialog.verifyResult().valid, qPrintable(dialog.verifyResult().summary()));

    child<QLineEdit>(dialog, "verifyUrl")->clear();
    dialog.verify();
    QCOMPARE(dialog.verifyResult().failure, VerifyFailure::MissingUrl);
}

void TestSignaturesDialog::signRoundTrip_data()
{
    QTest::addColumn<QString>("scheme");
    for (const SignatureScheme &preset : SignatureSchemeRegistry::presets())
        QTest::newRow(qPrintable(preset.id)) << preset.id;
}

void TestSignaturesDialog::signRoundTrip()
{
    QFETCH(QString, scheme);
    const SignatureScheme &preset = *SignatureSchemeRegistry::find(scheme);
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    // Linear reads its timestamp (ms) from the body, so the body carries the current one.
    const QByteArray body = R"({"id":"evt_1","webhookTimestamp":)" +
                            QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + R"(,"n":1})";
    dialog.setRequest(request("/hooks/in", {{"Content-Type", "application/json"}}, body),
                      QUrl(QStringLiteral("http://127.0.0.1:8080")));
    QCOMPARE(child<QPlainTextEdit>(dialog, "signBody")->toPlainText(), QString::fromUtf8(body));
    QCOMPARE(child<QLineEdit>(dialog, "signUrl")->text(),
             QStringLiteral("http://127.0.0.1:8080/hooks/in"));
    chooseScheme(dialog, "signScheme", scheme);
    child<QPushButton>(dialog, "signGenerateSecret")->click();
    const QString secret = child<QLineEdit>(dialog, "signSecret")->text();
    QVERIFY(!secret.isEmpty());
    QString verifying = child<QLineEdit>(dialog, "signVerifyingSecret")->text();
    QVERIFY(!verifying.isEmpty());
    QCOMPARE(verifying == secret, !preset.isAsymmetric());
    dialog.sign();
    QVERIFY2(child<QLabel>(dialog, "signError")->text().isEmpty(),
             qPrintable(child<QLabel>(dialog, "signError")->text()));
    const HeaderList headers = dialog.signedHeaders();
    // Mailgun signs inside the body: no headers, a body of its own.
    QVERIFY(!headers.isEmpty() ||
            (preset.signatureHeaders.isEmpty() && dialog.signedBody() != body));

    VerifyOptions options;
    options.url = dialog.signedUrl();
    const VerifyResult result = SignatureVerifier::verify(preset, {verifying.toUtf8()}, headers,
                                                          dialog.signedBody(), options);
    QVERIFY2(result.valid, qPrintable(result.summary()));

    const QString curl = dialog.signCurlCommand();
    QCOMPARE(child<QPlainTextEdit>(dialog, "signCurl")->toPlainText(), curl);
    child<QPushButton>(dialog, "signCopyCurl")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), curl);
    QVERIFY(curl.startsWith(QStringLiteral("curl -X POST ")));
    QVERIFY(curl.contains(QString::fromUtf8(CurlCommand::shellQuote(dialog.signedUrl()))));
    for (const HeaderField &field : headers) {
        const QString line = QString::fromUtf8(field.name + ": " + field.value);
        QVERIFY2(child<QPlainTextEdit>(dialog, "signHeaders")->toPlainText().contains(line),
                 qPrintable(line));
        QVERIFY2(curl.contains(QStringLiteral("-H ") +
                               QString::fromUtf8(CurlCommand::shellQuote(line.toUtf8()))),
                 qPrintable(line));
    }
    QVERIFY(curl.contains(QStringLiteral("--data-binary ") +
                          QString::fromUtf8(CurlCommand::shellQuote(dialog.signedBody()))));
    QVERIFY(curl.contains(QStringLiteral("'Content-Type: application/json'")));
}

void TestSignaturesDialog::signWithoutSecret()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    chooseScheme(dialog, "signScheme", QStringLiteral("github"));
    dialog.sign();
    QVERIFY(dialog.signedHeaders().isEmpty());
    QVERIFY(dialog.signCurlCommand().isEmpty());
    QVERIFY(!child<QLabel>(dialog, "signError")->text().isEmpty());

    // A timestamp that is not a Unix time is refused, not signed as now.
    child<QLineEdit>(dialog, "signSecret")->setText(QStringLiteral("s"));
    child<QLineEdit>(dialog, "signTimestamp")->setText(QStringLiteral("yesterday"));
    dialog.sign();
    QVERIFY(dialog.signedHeaders().isEmpty());
    QVERIFY(child<QLabel>(dialog, "signError")->text().contains(QStringLiteral("Timestamp")));
}

void TestSignaturesDialog::signWithAnotherHeader()
{
    // Seed 001: GitHub's scheme under X-Pathfinder-Signature.
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    chooseScheme(dialog, "signScheme", QStringLiteral("github"));
    child<QLineEdit>(dialog, "signSecret")->setText(QString::fromUtf8(githubSecret));
    child<QPlainTextEdit>(dialog, "signBody")->setPlainText(QString::fromUtf8(githubBody));
    child<QLineEdit>(dialog, "signSignatureHeader")
        ->setText(QStringLiteral("X-Pathfinder-Signature"));
    child<QLineEdit>(dialog, "signUrl")->setText(QStringLiteral("http://localhost:9/in"));
    dialog.sign();
    QCOMPARE(dialog.signedHeaders().size(), 1);
    QCOMPARE(dialog.signedHeaders().constFirst().name, QByteArray("X-Pathfinder-Signature"));
    // The published vector, produced rather than checked.
    QCOMPARE(dialog.signedHeaders().constFirst().value, githubSignature);
    QVERIFY(dialog.signCurlCommand().contains(QStringLiteral("-H 'X-Pathfinder-Signature: ") +
                                              QString::fromLatin1(githubSignature)));
}

void TestSignaturesDialog::truncatedRequestIsNotVerified()
{
    StoredRequest truncated = githubRequest();
    truncated.truncated = true;
    truncated.body.clear();
    truncated.bodySize = 5'000'000;
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(truncated, QUrl());
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    dialog.verify();
    QVERIFY(!dialog.hasVerifyResult());
    QVERIFY(dialog.verifyInputError().contains(QStringLiteral("not stored")));
    QCOMPARE(child<QLabel>(dialog, "verifyVerdict")->text(), QStringLiteral("Cannot verify"));
}

void TestSignaturesDialog::customSchemeIsSavedAndListed()
{
    {
        AppSettings settings(iniPath());
        SignaturesDialog dialog(&settings);
        child<QPlainTextEdit>(dialog, "customJson")
            ->setPlainText(QString::fromUtf8(customJson(
                QStringLiteral("github"), QStringLiteral("pathfinder"), "X-Pathfinder-Signature")));
        child<QPushButton>(dialog, "customSave")->click();
        QVERIFY2(child<QLabel>(dialog, "customError")->text().isEmpty(),
                 qPrintable(child<QLabel>(dialog, "customError")->text()));
        QCOMPARE(dialog.customSchemes().size(), 1);
        // Listed at once in both combos.
        QVERIFY(child<QComboBox>(dialog, "verifyScheme")->findData(QStringLiteral("pathfinder")) >=
                0);
        QVERIFY(child<QComboBox>(dialog, "signScheme")->findData(QStringLiteral("pathfinder")) >=
                0);
    }
    QSettings raw(iniPath(), QSettings::IniFormat);
    QVERIFY(raw.contains(QStringLiteral("signatures/customSchemes")));

    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    QCOMPARE(dialog.customSchemes().size(), 1);
    QCOMPARE(dialog.customSchemes().constFirst().id, QStringLiteral("pathfinder"));
    QCOMPARE(child<QListWidget>(dialog, "customList")->count(), 1);
    QCOMPARE(child<QListWidget>(dialog, "customList")->item(0)->text(),
             QStringLiteral("pathfinder"));
    // And it verifies: seed 001's header carrying GitHub's signature.
    dialog.setRequest(
        request("/hooks/pathfinder", {{"X-Pathfinder-Signature", githubSignature}}, githubBody),
        QUrl());
    chooseScheme(dialog, "verifyScheme", QStringLiteral("pathfinder"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    dialog.verify();
    QVERIFY2(dialog.verifyResult().valid, qPrintable(dialog.verifyResult().summary()));

    // Auto-detection tries the custom schemes too.
    chooseScheme(dialog, "verifyScheme", QStringLiteral("auto"));
    dialog.verify();
    QVERIFY2(dialog.verifyResult().valid, qPrintable(dialog.verifyResult().summary()));
    QCOMPARE(dialog.verifyResult().schemeId, QStringLiteral("pathfinder"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QStringLiteral("wrong"));
    dialog.verify();
    QCOMPARE(dialog.verifyResult().schemeId, QStringLiteral("pathfinder"));
    QCOMPARE(dialog.verifyResult().failure, VerifyFailure::SignatureMismatch);
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("pathfinder"));

    // Saving the same id again replaces it, and the scheme in use is checked again.
    child<QPlainTextEdit>(dialog, "customJson")
        ->setPlainText(QString::fromUtf8(
            customJson(QStringLiteral("github"), QStringLiteral("pathfinder"), "X-Other")));
    QVERIFY(dialog.saveCustomScheme());
    QCOMPARE(dialog.customSchemes().size(), 1);
    QCOMPARE(child<QComboBox>(dialog, "verifyScheme")->currentData().toString(),
             QStringLiteral("pathfinder"));
    QTRY_COMPARE(dialog.verifyResult().failure, VerifyFailure::MissingHeader);
    QVERIFY(dialog.verifyResult().message.contains(QStringLiteral("X-Other")));
    // Deleting removes it from the settings.
    child<QPushButton>(dialog, "customDelete")->click();
    QVERIFY(dialog.customSchemes().isEmpty());
    QVERIFY(child<QComboBox>(dialog, "verifyScheme")->findData(QStringLiteral("pathfinder")) < 0);
    QVERIFY(AppSettings(iniPath()).customSignatureSchemes().isEmpty());
}

void TestSignaturesDialog::badCustomSchemeSavesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{\"id\": ") << QStringLiteral("Not JSON");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("one JSON object");
    QTest::newRow("no id") << QByteArray(R"({"signatureHeaders":["X-Sig"]})")
                           << QStringLiteral("\"id\"");
    QTest::newRow("no header") << QByteArray(R"({"id":"mine"})")
                               << QStringLiteral("signatureHeaders");
    QTest::newRow("bad algorithm")
        << QByteArray(R"({"id":"mine","signatureHeaders":["X-Sig"],"algorithm":"md5"})")
        << QStringLiteral("algorithm");
    QTest::newRow("preset id") << customJson(QStringLiteral("github"), QStringLiteral("GitHub"),
                                             "X-Sig")
                               << QStringLiteral("preset");
    QTest::newRow("auto") << customJson(QStringLiteral("github"), QStringLiteral("auto"), "X-Sig")
                          << QStringLiteral("auto-detect");
}

void TestSignaturesDialog::badCustomSchemeSavesNothing()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    child<QPlainTextEdit>(dialog, "customJson")->setPlainText(QString::fromUtf8(json));
    QVERIFY(!dialog.saveCustomScheme());
    const QString shown = child<QLabel>(dialog, "customError")->text();
    QVERIFY2(shown.contains(error), qPrintable(shown));
    QVERIFY(dialog.customSchemes().isEmpty());
    QCOMPARE(child<QListWidget>(dialog, "customList")->count(), 0);
    QSettings raw(iniPath(), QSettings::IniFormat);
    QVERIFY(!raw.contains(QStringLiteral("signatures/customSchemes")));
}

void TestSignaturesDialog::importAndExport()
{
    const QString exported = m_dir->filePath(QStringLiteral("pathfinder.json"));
    {
        AppSettings settings(iniPath());
        SignaturesDialog dialog(&settings);
        child<QPlainTextEdit>(dialog, "customJson")
            ->setPlainText(QString::fromUtf8(customJson(
                QStringLiteral("github"), QStringLiteral("pathfinder"), "X-Pathfinder-Signature")));
        QVERIFY(dialog.saveCustomScheme());
        QString error;
        QVERIFY(!dialog.exportScheme(QStringLiteral("nope"), exported, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(dialog.exportScheme(QStringLiteral("pathfinder"), exported, &error),
                 qPrintable(error));
    }

    const QString otherIni = m_dir->filePath(QStringLiteral("other.ini"));
    AppSettings settings(otherIni);
    SignaturesDialog dialog(&settings);
    // A bad file anywhere in it: nothing is imported.
    const QString bad = m_dir->filePath(QStringLiteral("bad.json"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[" + customJson(QStringLiteral("stripe"), QStringLiteral("fine"), "X-S") +
                   R"(, {"id":"broken"}])");
    }
    QString error;
    QVERIFY(!dialog.importSchemes(bad, &error));
    QVERIFY2(error.contains(QStringLiteral("Scheme 2")), qPrintable(error));
    QVERIFY(!dialog.importSchemes(m_dir->filePath(QStringLiteral("missing.json")), &error));
    QVERIFY(dialog.customSchemes().isEmpty());
    QVERIFY(AppSettings(otherIni).customSignatureSchemes().isEmpty());

    QVERIFY2(dialog.importSchemes(exported, &error), qPrintable(error));
    QCOMPARE(dialog.customSchemes().size(), 1);
    QCOMPARE(dialog.customSchemes().constFirst().signatureHeaders,
             QByteArrayList{"X-Pathfinder-Signature"});
    QCOMPARE(AppSettings(otherIni).customSignatureSchemes().size(), 1);
    QVERIFY(child<QComboBox>(dialog, "signScheme")->findData(QStringLiteral("pathfinder")) >= 0);
}

void TestSignaturesDialog::storedSchemesAreChecked()
{
    // A hand-edited settings file: garbage reads as none, bad entries are skipped.
    {
        QSettings raw(iniPath(), QSettings::IniFormat);
        raw.setValue(QStringLiteral("signatures/customSchemes"), QStringLiteral("not json"));
    }
    QVERIFY(AppSettings(iniPath()).customSignatureSchemes().isEmpty());
    {
        QSettings raw(iniPath(), QSettings::IniFormat);
        raw.setValue(QStringLiteral("signatures/customSchemes"),
                     QString::fromUtf8(
                         "[" +
                         customJson(QStringLiteral("slack"), QStringLiteral("mine"), "X-Mine") +
                         R"(, {"id":"broken"}, 7])"));
    }
    AppSettings settings(iniPath());
    const QList<SignatureScheme> schemes = settings.customSignatureSchemes();
    QCOMPARE(schemes.size(), 1);
    QCOMPARE(schemes.constFirst().id, QStringLiteral("mine"));
    QCOMPARE(schemes.constFirst().contentTemplate,
             SignatureSchemeRegistry::find(QStringLiteral("slack"))->contentTemplate);
    SignaturesDialog dialog(&settings);
    QCOMPARE(child<QListWidget>(dialog, "customList")->count(), 1);
}

void TestSignaturesDialog::mainWindowOpensItForTheSelectedRequest()
{
    AppSettings settings(iniPath());
    settings.setPort(0);
    Engine engine;
    QVERIFY(engine.open(m_dir->path()));
    MainWindow window(&engine, &settings);
    window.show();
    window.start();
    QVERIFY(engine.isRunning());

    // The GitHub vector through the real receiver: the dialog checks the captured bytes.
    QNetworkAccessManager network;
    QNetworkRequest post(engine.receiverUrl().resolved(QUrl(QStringLiteral("/hooks/github"))));
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    post.setRawHeader("X-Hub-Signature-256", githubSignature);
    QNetworkReply *reply = network.post(post, githubBody);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    reply->deleteLater();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QTRY_COMPARE(window.requestModel()->rowCount(), 1);
    window.selectId(window.requestModel()->idAt(0));

    auto *action = window.findChild<QAction *>(QStringLiteral("signaturesAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    action->trigger();
    auto *dialog = window.findChild<SignaturesDialog *>(QStringLiteral("signaturesDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->hasRequest());
    QCOMPARE(child<QLineEdit>(*dialog, "verifyUrl")->text(),
             engine.receiverUrl().resolved(QUrl(QStringLiteral("/hooks/github"))).toString());
    chooseScheme(*dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(*dialog, "verifySecrets")->setPlainText(QString::fromUtf8(githubSecret));
    dialog->verify();
    QVERIFY2(dialog->verifyResult().valid, qPrintable(dialog->verifyResult().summary()));

    // The Sign tab's curl command, run by bash, delivers a request that verifies.
    const QUrl stripeUrl = engine.receiverUrl().resolved(QUrl(QStringLiteral("/hooks/stripe")));
    chooseScheme(*dialog, "signScheme", QStringLiteral("stripe"));
    child<QLineEdit>(*dialog, "signSecret")->setText(QStringLiteral("whsec_e2e"));
    child<QLineEdit>(*dialog, "signUrl")->setText(stripeUrl.toString());
    dialog->sign();
    const QString curl = dialog->signCurlCommand();
    QVERIFY(!curl.isEmpty());
    QProcess bash;
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"), curl + QStringLiteral(" --silent --show-error --fail")});
    QVERIFY(bash.waitForStarted());
    QSignalSpy bashDone(&bash, &QProcess::finished);
    QVERIFY(bashDone.wait(20000));
    QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
    QTRY_COMPARE(window.requestModel()->rowCount(), 2);
    qint64 newest = 0;
    for (int row = 0; row < 2; ++row)
        newest = qMax(newest, window.requestModel()->idAt(row));
    window.selectId(newest);

    // One instance: triggering again raises the same dialog, now on the selected request.
    action->trigger();
    QCOMPARE(window.findChildren<SignaturesDialog *>().size(), 1);
    QCOMPARE(child<QLineEdit>(*dialog, "verifyUrl")->text(), stripeUrl.toString());
    chooseScheme(*dialog, "verifyScheme", QStringLiteral("auto"));
    child<QPlainTextEdit>(*dialog, "verifySecrets")->setPlainText(QStringLiteral("whsec_e2e"));
    dialog->verify();
    QVERIFY2(dialog->verifyResult().valid, qPrintable(dialog->verifyResult().summary()));
    QCOMPARE(dialog->verifyResult().schemeId, QStringLiteral("stripe"));
}

void TestSignaturesDialog::everyWidgetIsNamed()
{
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    QStringList unnamed;
    for (const QWidget *widget : dialog.findChildren<QWidget *>()) {
        // Parts that Qt's own widgets make for themselves.
        bool inner = false;
        for (const QWidget *up = widget->parentWidget(); up && up != &dialog;
             up = up->parentWidget()) {
            inner = inner || qobject_cast<const QAbstractSpinBox *>(up) ||
                    qobject_cast<const QComboBox *>(up) ||
                    qobject_cast<const QAbstractScrollArea *>(up);
        }
        if (inner || widget->objectName().startsWith(QStringLiteral("qt_")) ||
            !(qobject_cast<const QLabel *>(widget) || qobject_cast<const QLineEdit *>(widget) ||
              qobject_cast<const QAbstractButton *>(widget) ||
              qobject_cast<const QComboBox *>(widget) ||
              qobject_cast<const QAbstractScrollArea *>(widget) ||
              qobject_cast<const QAbstractSpinBox *>(widget) ||
              qobject_cast<const QSplitter *>(widget)))
            continue;
        if (widget->objectName().isEmpty())
            unnamed << QString::fromLatin1(widget->metaObject()->className()) +
                           QStringLiteral(" in ") + widget->parentWidget()->objectName();
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
}

void TestSignaturesDialog::grab()
{
    // A picture for a human to look at (not compared): HOOKSCOPE_GRAB=dir.
    const QString dir = qEnvironmentVariable("HOOKSCOPE_GRAB");
    if (dir.isEmpty())
        QSKIP("set HOOKSCOPE_GRAB to a directory to save pictures of the dialog");
    AppSettings settings(iniPath());
    SignaturesDialog dialog(&settings);
    dialog.setRequest(githubRequest(), QUrl(QStringLiteral("http://127.0.0.1:8080")));
    chooseScheme(dialog, "verifyScheme", QStringLiteral("github"));
    child<QPlainTextEdit>(dialog, "verifySecrets")->setPlainText(QStringLiteral("wrong secret"));
    dialog.verify();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/signatures-verify.png")));
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("signaturesTabs"));
    tabs->setCurrentIndex(1);
    chooseScheme(dialog, "signScheme", QStringLiteral("stripe"));
    child<QLineEdit>(dialog, "signSecret")->setText(QStringLiteral("whsec_test"));
    dialog.sign();
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/signatures-sign.png")));
    tabs->setCurrentIndex(2);
    child<QPushButton>(dialog, "customStartFrom")->click();
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/signatures-custom.png")));
}

QTEST_MAIN(TestSignaturesDialog)
#include "tst_signatures_dialog.moc"
