#pragma once

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QString>

namespace hookscope {

// One inspector window per data folder. The first launch takes a lock file named after the
// folder and listens on a local socket next to it; a later launch finds the lock taken,
// connects, asks the running one to raise its window and exits, instead of opening the same
// database and fighting over the receiver's port. The lock (not the socket) decides, so two
// launches at the same moment cannot both win, and a crashed instance's lock is recognised
// as stale by its process id.
//
// Protocol (one line each way): the new launch sends "raise\n"; the running one raises its
// window and answers "raised <pid>\n".
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    enum class Role
    {
        Primary,      // this process serves the folder: go on and open the window
        Secondary,    // another process serves it and has raised its window: exit
        Unresponsive, // another process holds the folder but does not answer: exit
        Failed,       // no lock or socket can be made here: errorString() says why
    };
    // Becomes the primary instance, or asks the running one to raise its window.
    Role claim();
    // Secondary: the running process's id, from its answer.
    qint64 primaryPid() const { return m_primaryPid; }
    QString errorString() const { return m_error; }
    QString serverName() const { return m_name; }

signals:
    // A second launch asked for the window (Primary only).
    void raiseRequested();

private:
    Role askPrimary();
    void serve(QLocalSocket *socket);

    QString m_name;
    QLockFile m_lock;
    QLocalServer m_server;
    qint64 m_primaryPid = 0;
    QString m_error;
};

} // namespace hookscope
