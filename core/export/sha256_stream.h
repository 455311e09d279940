#pragma once

#include <QByteArray>

struct evp_md_ctx_st;

namespace hookscope {

// Incremental SHA-256 through OpenSSL. QCryptographicHash in Qt 6.4 runs its own portable
// SHA-256 at about a third of OpenSSL's speed (no SHA extensions), which made hashing the
// largest single cost of a CSV export.
class Sha256Stream
{
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    void addData(QByteArrayView data);
    // Lower-case hex of everything added so far; the stream can go on afterwards.
    QByteArray hex() const;

private:
    evp_md_ctx_st *m_context = nullptr;
};

} // namespace hookscope
