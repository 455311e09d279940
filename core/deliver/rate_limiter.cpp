#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace hookscope {

bool RateLimiter::tryTake(qint64 key, double rate, qint64 nowMs, qint64 *retryInMs)
{
    if (rate <= 0)
        return true;
    const double burst = std::max(1.0, std::floor(rate));
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{burst, nowMs});
    Bucket &bucket = *it;
    const double elapsed = double(std::max<qint64>(0, nowMs - bucket.updatedMs)) / 1000.0;
    bucket.tokens = std::min(burst, bucket.tokens + elapsed * rate);
    bucket.updatedMs = nowMs;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return true;
    }
    if (retryInMs)
        *retryInMs = std::max<qint64>(1, qint64(std::ceil((1.0 - bucket.tokens) / rate * 1000.0)));
    return false;
}

} // namespace hookscope
