#include "gui_command.h"

#include "app_settings.h"
#include "command_line.h"
#include "engine.h"
#include "exit_codes.h"
#include "main_window.h"

#include <QApplication>
#include <QMessageBox>

namespace hookscope {

int runGui(const QStringList &arguments)
{
    CommandLine cli(QString(), QApplication::translate("gui", "Open the Hookscope inspector."));
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;

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
    window.show();
    window.start();
    const int code = QApplication::exec();
    engine.stopAndWait();
    return code;
}

} // namespace hookscope
