#include "serve_process.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>

ServeProcess::ServeProcess(const QString &dataDir)
    : m_dataDir(dataDir.isEmpty() ? m_ownDir.path() : dataDir)
{
    m_process.setProgram(QStringLiteral(HOOKSCOPE_BINARY));
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
}

ServeProcess::~ServeProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServeProcess::start(const QStringList &extraArguments)
{
    m_process.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--port"),
                                       QStringLiteral("0"), QStringLiteral("--data-dir"),
                                       m_dataDir} +
                           extraArguments);
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (!m_process.canReadLine() && timer.elapsed() < 15000) {
        if (!m_process.waitForReadyRead(500) && m_process.state() == QProcess::NotRunning)
            return false;
    }
    m_firstLine = m_process.readLine().trimmed();
    const QRegularExpression re(QStringLiteral("^listening on http://[^:]+:(\\d+)$"));
    const QRegularExpressionMatch match = re.match(QString::fromLatin1(m_firstLine));
    if (!match.hasMatch())
        return false;
    m_port = quint16(match.captured(1).toUInt());
    return m_port != 0;
}

QByteArray ServeProcess::output()
{
    m_process.waitForReadyRead(50);
    m_output += m_process.readAllStandardOutput();
    return m_output;
}

ServeProcess::Result ServeProcess::run(const QStringList &arguments, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral(HOOKSCOPE_BINARY), arguments);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

RawReply rawRequest(quint16 port, const QByteArray &request, int timeoutMs)
{
    RawReply reply;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return reply;
    socket.write(request);
    socket.flush();
    QByteArray data;
    QElapsedTimer timer;
    timer.start();
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (timer.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(200)) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                reply.closed = true;
                break;
            }
            continue;
        }
        data += socket.readAll();
        if (headEnd < 0) {
            headEnd = data.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QRegularExpression re(QStringLiteral("(?i)\r\ncontent-length: *(\\d+)"));
                const auto m = re.match(QString::fromLatin1(data.left(headEnd)));
                length = m.hasMatch() ? m.captured(1).toLongLong() : -1;
            }
        }
        if (headEnd >= 0 && length >= 0 && data.size() >= headEnd + 4 + length)
            break;
    }
    data += socket.readAll();
    if (headEnd < 0)
        return reply;
    reply.head = data.left(headEnd);
    reply.body = data.mid(headEnd + 4);
    reply.status = reply.head.mid(9, 3).toInt();
    // a closed connection shows up as the socket leaving ConnectedState soon after
    if (!reply.closed && reply.head.contains("Connection: close"))
        reply.closed =
            socket.waitForDisconnected(3000) || socket.state() == QAbstractSocket::UnconnectedState;
    return reply;
}

CurlReply curl(const QStringList &arguments, const QByteArray &stdinData)
{
    QProcess p;
    p.start(QStringLiteral("curl"),
            QStringList{QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("-"),
                        QStringLiteral("-w"), QStringLiteral("\n%{http_code}")} +
                arguments);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    const QByteArray out = p.readAllStandardOutput();
    const qsizetype nl = out.lastIndexOf('\n');
    return {out.mid(nl + 1).toInt(), out.left(nl)};
}
