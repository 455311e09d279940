#pragma once

#include "store/request_filter.h"

#include <QList>
#include <QObject>
#include <QThread>
#include <atomic>

namespace hookscope {

// Reads whole filtered id lists on its own thread and read connection, so a filter change
// over a million requests never holds up the window: the model shows the first window at
// once and appends the rest when it arrives. A newer load interrupts an older one.
class RequestIdLoader : public QObject
{
    Q_OBJECT

public:
    explicit RequestIdLoader(const QString &databasePath, QObject *parent = nullptr);
    ~RequestIdLoader() override;

    // The filter's ids, newest first, none above maxId; answered by loaded(generation, ...).
    void load(quint64 generation, const RequestFilter &filter, qint64 maxId);

signals:
    void loaded(quint64 generation, const QList<qint64> &ids, const QString &error);

private:
    class Worker;

    QThread m_thread;
    Worker *m_worker;
    std::atomic<quint64> m_latest = 0;
};

} // namespace hookscope
