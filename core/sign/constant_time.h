#pragma once

#include <QByteArrayView>

namespace hookscope {

// Compares two secrets without leaking where they differ or how long they are: both sides
// are hashed to SHA-256 first, then compared with CRYPTO_memcmp.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Compares a computed MAC with a received one. A MAC's length is public (it follows from the
// algorithm), so a length mismatch returns false at once; equal lengths go to CRYPTO_memcmp.
bool macEquals(QByteArrayView expected, QByteArrayView received);

} // namespace hookscope
