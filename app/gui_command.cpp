#include "gui_command.h"

#include "app_settings.h"
#include "command_line.h"
#include "engine.h"
#include "exit_codes.h"
#include "main_window.h"
#include "single_instance.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>
#include <cstdio>

namespace hookscope {

namespace {

void installTranslations(QApplication *app)
{
    // Qt's own strings (standard buttons, dialogs), then Hookscope's, for the user's locale.
    // Nothing is loaded for a locale without a translation: the English source strings show.
    auto *qt = new QTranslator(app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(app);
    if (own->load(QLocale(), QStringLiteral("hookscope"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256, 512})
        icon.addFile(QStringLiteral(":/icons/hookscope_%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int runGui(const QStringList &arguments)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    installTranslations(app);
    CommandLine cli(QString(), QApplication::translate("gui", "Open the Hookscope inspector."));
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;

    // Before the database and the port: a second launch only raises the first window.
    SingleInstance instance(cli.dataDir());
    switch (instance.claim()) {
    case SingleInstance::Role::Primary:
        break;
    case SingleInstance::Role::Secondary:
        std::printf("%s\n", qPrintable(QApplication::translate(
                                           "gui", "Hookscope is already running (process %1); "
                                                  "its window was raised.")
                                           .arg(instance.primaryPid())));
        return ExitOk;
    case SingleInstance::Role::Unresponsive:
        return cli.fail(ExitFailure, instance.errorString());
    case SingleInstance::Role::Failed:
        // Run anyway: a second launch would then show the port in use, as before.
        std::fprintf(stderr, "hookscope: %s\n", qPrintable(instance.errorString()));
        break;
    }

    QApplication::setApplicationDisplayName(QApplication::translate("gui", "Hookscope"));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.hookscope.Hookscope"));
    QApplication::setWindowIcon(applicationIcon());

    Engine engine;
    AppSettings settings;
    engine.setDeliveryConcurrency(settings.deliveryConcurrency());
    if (!engine.open(cli.dataDir())) {
        QMessageBox::critical(nullptr, QApplication::translate("gui", "Hookscope"),
                              QApplication::translate("gui", "Hookscope cannot open its data: %1")
                                  .arg(engine.errorString()));
        return cli.fail(ExitFailure, engine.errorString());
    }
    MainWindow window(&engine, &settings);
    QObject::connect(&instance, &SingleInstance::raiseRequested, &window,
                     &MainWindow::bringToFront);
    // As `serve` does: a terminal (or a test) learns where the receiver listens.
    QObject::connect(&window, &MainWindow::receiverListening, &window, [](const QUrl &url) {
        std::printf("listening on %s\n", qPrintable(url.toString()));
        std::fflush(stdout);
    });
    window.show();
    window.start();
    const int code = QApplication::exec();
    engine.stopAndWait();
    return code;
}

} // namespace hookscope
