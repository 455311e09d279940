#pragma once

#include <QObject>

class QSocketNotifier;

namespace hookscope {

// Turns SIGINT/SIGTERM into a Qt signal on the main thread (self-pipe: the handler only
// writes a byte, the notifier does the rest).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace hookscope
