#include "main_window.h"

#include "engine.h"

namespace hookscope {

MainWindow::MainWindow(Engine *engine, QWidget *parent) : QMainWindow(parent), m_engine(engine)
{
    setWindowTitle(tr("Hookscope"));
}

MainWindow::~MainWindow() = default;

} // namespace hookscope
