#include "single_instance.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace hookscope {

namespace {

constexpr int ConnectTimeoutMs = 3000;
// The running instance answers from its event loop, which a long database migration at its
// start can hold up.
constexpr int AnswerTimeoutMs = 30000;
constexpr QByteArrayView RaiseRequest = "raise\n";
constexpr QByteArrayView RaisedAnswer = "raised ";

// A socket in the user's runtime folder, named after the canonical data folder (so that
// "./data" and "/home/ann/data" are one instance).
QString serverNameFor(const QString &dataDir)
{
    QDir().mkpath(dataDir);
    QString path = QFileInfo(dataDir).canonicalFilePath();
    if (path.isEmpty())
        path = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());
    const QByteArray hash =
        QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + QStringLiteral("/hookscope-") + QString::fromLatin1(hash);
}

} // namespace

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent), m_name(serverNameFor(dataDir)), m_lock(m_name + QStringLiteral(".lock"))
{
    // Never stale by age: only when the process that holds it is gone.
    m_lock.setStaleLockTime(0);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

SingleInstance::~SingleInstance() = default;

SingleInstance::Role SingleInstance::claim()
{
    if (m_lock.tryLock(0)) {
        // A socket file left by a crashed instance would make listen() fail.
        QLocalServer::removeServer(m_name);
        if (!m_server.listen(m_name)) {
            m_error = tr("cannot listen on %1: %2").arg(m_name, m_server.errorString());
            return Role::Failed;
        }
        return Role::Primary;
    }
    if (m_lock.error() != QLockFile::LockFailedError) {
        m_error = tr("cannot create the lock file %1.lock").arg(m_name);
        return Role::Failed;
    }
    return askPrimary();
}

SingleInstance::Role SingleInstance::askPrimary()
{
    // The primary listens right after taking the lock; give it a moment if it is just
    // starting.
    QLocalSocket socket;
    QDeadlineTimer deadline(ConnectTimeoutMs);
    for (;;) {
        socket.connectToServer(m_name);
        if (socket.waitForConnected(int(qMax<qint64>(deadline.remainingTime(), 1))))
            break;
        if (deadline.hasExpired()) {
            m_error = tr("another Hookscope holds %1.lock but does not answer").arg(m_name);
            return Role::Unresponsive;
        }
        QThread::msleep(50);
    }
    socket.write(RaiseRequest.data(), RaiseRequest.size());
    socket.waitForBytesWritten(ConnectTimeoutMs);
    while (!socket.canReadLine() && socket.waitForReadyRead(AnswerTimeoutMs)) {
    }
    const QByteArray answer = socket.readLine().trimmed();
    if (!answer.startsWith(RaisedAnswer)) {
        m_error = tr("the running Hookscope (%1) did not answer").arg(m_name);
        return Role::Unresponsive;
    }
    m_primaryPid = answer.mid(RaisedAnswer.size()).toLongLong();
    return Role::Secondary;
}

void SingleInstance::serve(QLocalSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
        if (!socket->canReadLine())
            return;
        if (socket->readLine() == RaiseRequest) {
            emit raiseRequested();
            socket->write(RaisedAnswer.toByteArray() +
                          QByteArray::number(QCoreApplication::applicationPid()) + '\n');
        }
        socket->disconnectFromServer();
    });
}

} // namespace hookscope
