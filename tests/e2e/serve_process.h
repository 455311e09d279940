#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// A real `hookscope serve` on a free port with its own data folder.
class ServeProcess
{
public:
    explicit ServeProcess(const QString &dataDir = {});
    ~ServeProcess();

    // Starts and waits for "listening on http://ADDR:PORT".
    bool start(const QStringList &extraArguments = {});
    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dataDir; }
    QString databasePath() const { return m_dataDir + QStringLiteral("/hookscope.db"); }
    QProcess &process() { return m_process; }
    QByteArray firstLine() const { return m_firstLine; }
    QByteArray output(); // stdout after the first line so far

    // Runs the binary with arguments, waits, and returns {exit code, stdout, stderr}.
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Result run(const QStringList &arguments, int timeoutMs = 15000);

private:
    QTemporaryDir m_ownDir;
    QString m_dataDir;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_firstLine;
    QByteArray m_output;
};

// Minimal blocking HTTP/1.1 client over a raw socket: for requests curl will not send.
struct RawReply
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool closed = false;
};
RawReply rawRequest(quint16 port, const QByteArray &request, int timeoutMs = 10000);

// curl, the real thing; returns {status, body}.
struct CurlReply
{
    int status = 0;
    QByteArray body;
};
CurlReply curl(const QStringList &arguments, const QByteArray &stdinData = {});
