#pragma once

#include "store/database.h"

#include <QHostAddress>
#include <QString>

namespace hookscope {

struct ReceiverConfig
{
    static constexpr quint16 DefaultPort = 8780;
    static constexpr qint64 DefaultMaxBodyBytes = 10ll << 20;

    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = DefaultPort; // 0: any free port
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    QString dataDir;
    Database::Sync sync = Database::Sync::Normal;
    int idleTimeoutMs = 60000;    // keep-alive connections with nothing to do
    int requestTimeoutMs = 30000; // a request that started but does not finish
};

} // namespace hookscope
