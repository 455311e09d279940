// Makes the README's screenshot: the real main window with its receiver on a free port and a
// fresh data folder, realistic webhooks POSTed to it over HTTP, one JSON event selected, and
// the window grabbed to a PNG.
//   hookscope_screenshot OUT.png [--dark]
#include "app_settings.h"
#include "engine.h"
#include "main_window.h"
#include "models/request_list_model.h"
#include "receive/endpoint_rule.h"
#include "sign/signature_scheme_registry.h"
#include "sign/signature_signer.h"
#include "widgets/request_detail_view.h"

#include <QApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPalette>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>

using namespace hookscope;

namespace {

struct Webhook
{
    const char *path;
    const char *contentType;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

QList<Webhook> webhooks()
{
    return {
        {"/hooks/github",
         "application/json",
         {{"X-GitHub-Event", "push"},
          {"X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"},
          {"X-Hub-Signature-256",
           "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"}},
         R"({"ref":"refs/heads/main","before":"9049f1265b7d61be4a8904a9a27120d2064dab3b","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","repository":{"id":1296269,"full_name":"octocat/Hello-World","private":false},"pusher":{"name":"octocat","email":"octocat@github.com"},"commits":[{"id":"0d1a26e6","message":"Update README","author":{"name":"Monalisa Octocat"}}]})"},
        {"/hooks/shopify",
         "application/x-www-form-urlencoded",
         {{"X-Shopify-Topic", "orders/create"}, {"X-Shopify-Shop-Domain", "demo.myshopify.com"}},
         "order_id=820982911946154508&email=jon%40example.com&total_price=199.00&currency=EUR"},
        {"/hooks/slack",
         "application/json",
         {{"X-Slack-Request-Timestamp", "1531420618"},
          {"X-Slack-Signature",
           "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"}},
         R"({"type":"event_callback","event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> is it everything a river should be?","channel":"C0LAN2Q65"}})"},
        {"/hooks/pathfinder?attempt=2",
         "application/json",
         {{"X-Pathfinder-Signature",
           "sha256=2b8a1f3c5d0e7a9b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"}},
         R"({"id":"evt_01HV3K9","type":"user.updated","api_version":"2024-06-01","created":1718035200,"data":{"user":{"id":"usr_8842","email":"dana@example.com","name":"Dana Kim","tags":[{"id":3,"name":"vip"},{"id":9,"name":"beta"}]}},"previous_attributes":{"name":"Dana K."}})"},
        {"/webhooks/inbound",
         "application/octet-stream",
         {},
         QByteArray("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16)},
        {"/hooks/stripe",
         "application/json",
         {{"Stripe-Signature",
           "t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"},
          {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}},
         R"({"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","api_version":"2023-10-16","created":1686089970,"type":"payment_intent.succeeded","livemode":false,"data":{"object":{"id":"pi_3NG8Du2eZvKYlo2C0tiJZg2x","object":"payment_intent","amount":2000,"currency":"eur","customer":"cus_PfW8sJ2kD9xQ1m","metadata":{"order_id":"A-10427"},"status":"succeeded"}}})"},
    };
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: hookscope_screenshot OUT.png [--dark]\n");
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (args.contains(QStringLiteral("--dark"))) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        QApplication::setPalette(dark);
    }
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("screenshot.ini")));
    settings.setPort(0);
    Engine engine;
    if (!engine.open(dir.path())) {
        std::fprintf(stderr, "%s\n", qPrintable(engine.errorString()));
        return 1;
    }
    // Two endpoints check signatures: GitHub's header, and seed 001's under its own name.
    QString why;
    const auto rules = EndpointRule::listFromJson(R"({"rules": [
        {"name": "github", "path": "/hooks/github",
         "signature": {"scheme": "github", "secrets": ["s3cret"]}},
        {"name": "pathfinder", "path": "/hooks/pathfinder",
         "signature": {"scheme": "github", "secrets": ["s3cret"],
                       "signatureHeader": "X-Pathfinder-Signature"}}]})",
                                                  &why);
    if (!rules || !engine.setRules(*rules, &why)) {
        std::fprintf(stderr, "rules: %s\n", qPrintable(why));
        return 1;
    }
    MainWindow window(&engine, &settings);
    window.resize(1500, 860);
    window.show();
    window.start();

    QNetworkAccessManager network;
    for (const Webhook &hook : webhooks()) {
        QNetworkRequest request(
            engine.receiverUrl().resolved(QUrl(QString::fromLatin1(hook.path))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray(hook.contentType));
        for (const auto &[name, value] : hook.headers)
            request.setRawHeader(name, value);
        // GitHub's delivery is signed for real (valid); the Pathfinder one carries a made-up
        // signature (invalid), as a misconfigured sender would.
        if (QByteArray(hook.path) == "/hooks/github") {
            const SignResult signedHook = SignatureSigner::sign(
                *SignatureSchemeRegistry::find(QStringLiteral("github")), "s3cret", hook.body);
            for (const HeaderField &field : signedHook.headers)
                request.setRawHeader(field.name, field.value);
        }
        QNetworkReply *reply = network.post(request, hook.body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
    }
    RequestListModel *model = window.requestModel();
    QElapsedTimer waited;
    waited.start();
    while (model->rowCount() < int(webhooks().size()) && waited.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    // The Pathfinder event: nested JSON with arrays, the most telling detail view.
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, RequestListModel::EventColumn).data().toString() ==
            QLatin1String("user.updated"))
            window.selectId(model->idAt(row));
    }
    window.detailView()->tabs()->setCurrentIndex(RequestDetailView::BodyTab);
    QTimer::singleShot(300, &app, &QCoreApplication::quit);
    QApplication::exec();
    if (!window.grab().save(args.at(1))) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(args.at(1)));
        return 1;
    }
    engine.stopAndWait();
    return 0;
}
