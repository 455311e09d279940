#include "gui_command.h"

#include "command_line.h"
#include "engine.h"
#include "main_window.h"

#include <QApplication>

namespace hookscope {

int runGui(const QStringList &arguments)
{
    CommandLine cli(QString(), QApplication::translate("gui", "Open the Hookscope inspector."));
    if (const std::optional<int> exit = cli.process(arguments))
        return *exit;

    Engine engine;
    MainWindow window(&engine);
    window.show();
    const int code = QApplication::exec();
    engine.stopAndWait();
    return code;
}

} // namespace hookscope
