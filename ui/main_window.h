#pragma once

#include <QMainWindow>

namespace hookscope {

class Engine;

// The inspector: request list, filter bar and detail view over the Engine's database.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Engine *engine, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    Engine *m_engine;
};

} // namespace hookscope
