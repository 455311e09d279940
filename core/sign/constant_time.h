#pragma once

#include <QByteArrayView>

namespace hookscope {

// Compares two secrets without leaking where they differ or how long they are: both sides
// are hashed to SHA-256 first, then compared with CRYPTO_memcmp.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace hookscope
