#include "line_diff.h"

#include <QHash>
#include <vector>

namespace hookscope {

namespace {

enum class Op : quint8
{
    Keep,
    Remove,
    Insert
};

// Myers' greedy forward search with a saved frontier per edit distance, then a walk back
// through the frontiers. a and b are line ids. Returns false when more than maxEdits edits
// are needed.
bool myers(const std::vector<int> &a, const std::vector<int> &b, int maxEdits, QList<Op> *ops)
{
    const int n = int(a.size());
    const int m = int(b.size());
    const int max = std::min(n + m, maxEdits);
    const int offset = max + 1;
    std::vector<int> v(size_t(2 * max + 3), 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= max && found < 0; ++d) {
        for (int k = -d; k <= d; k += 2) {
            int x;
            if (k == -d || (k != d && v[size_t(offset + k - 1)] < v[size_t(offset + k + 1)]))
                x = v[size_t(offset + k + 1)];
            else
                x = v[size_t(offset + k - 1)] + 1;
            int y = x - k;
            while (x < n && y < m && a[size_t(x)] == b[size_t(y)]) {
                ++x;
                ++y;
            }
            v[size_t(offset + k)] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        // Only diagonals -d..d are live at step d.
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    }
    if (found < 0)
        return false;

    QList<Op> reversed;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int> &prev = trace[size_t(d - 1)]; // diagonals -(d-1)..(d-1)
        const auto at = [&prev, d](int k) { return prev[size_t(k + d - 1)]; };
        const int k = x - y;
        int prevK;
        if (k == -d || (k != d && at(k - 1) < at(k + 1)))
            prevK = k + 1;
        else
            prevK = k - 1;
        const int prevX = at(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            reversed.append(Op::Keep);
            --x;
            --y;
        }
        reversed.append(x == prevX ? Op::Insert : Op::Remove);
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        reversed.append(Op::Keep);
        --x;
        --y;
    }
    ops->reserve(reversed.size());
    for (auto it = reversed.crbegin(); it != reversed.crend(); ++it)
        ops->append(*it);
    return true;
}

} // namespace

QList<DiffRow> LineDiff::compare(const QStringList &left, const QStringList &right)
{
    QList<DiffRow> rows;
    const int n = int(left.size());
    const int m = int(right.size());
    int head = 0;
    while (head < n && head < m && left.at(head) == right.at(head))
        ++head;
    int tail = 0;
    while (tail < n - head && tail < m - head && left.at(n - 1 - tail) == right.at(m - 1 - tail))
        ++tail;

    for (int i = 0; i < head; ++i)
        rows.append({DiffRow::Kind::Same, i, i});

    // Lines as small integers so the search compares ints, not strings.
    QHash<QString, int> ids;
    const auto idsOf = [&ids](const QStringList &lines, int from, int to) {
        std::vector<int> out;
        out.reserve(size_t(to - from));
        for (int i = from; i < to; ++i) {
            auto it = ids.constFind(lines.at(i));
            if (it == ids.constEnd())
                it = ids.insert(lines.at(i), int(ids.size()));
            out.push_back(*it);
        }
        return out;
    };
    const std::vector<int> a = idsOf(left, head, n - tail);
    const std::vector<int> b = idsOf(right, head, m - tail);

    QList<Op> ops;
    const qint64 length = qint64(a.size() + b.size());
    const int maxEdits =
        int(std::clamp<qint64>(length ? WorkBudget / length : MaxEdits, 16, MaxEdits));
    if (!myers(a, b, maxEdits, &ops)) {
        ops.clear();
        ops.fill(Op::Remove, qsizetype(a.size()));
        ops.append(QList<Op>(qsizetype(b.size()), Op::Insert));
    }

    // Pair each run of removals with the insertions that follow it as changed rows.
    int x = head;
    int y = head;
    qsizetype i = 0;
    while (i < ops.size()) {
        if (ops.at(i) == Op::Keep) {
            rows.append({DiffRow::Kind::Same, x++, y++});
            ++i;
            continue;
        }
        QList<int> removed;
        QList<int> inserted;
        while (i < ops.size() && ops.at(i) != Op::Keep) {
            if (ops.at(i) == Op::Remove)
                removed.append(x++);
            else
                inserted.append(y++);
            ++i;
        }
        const qsizetype paired = std::min(removed.size(), inserted.size());
        for (qsizetype p = 0; p < paired; ++p)
            rows.append({DiffRow::Kind::Changed, removed.at(p), inserted.at(p)});
        for (qsizetype p = paired; p < removed.size(); ++p)
            rows.append({DiffRow::Kind::Removed, removed.at(p), -1});
        for (qsizetype p = paired; p < inserted.size(); ++p)
            rows.append({DiffRow::Kind::Added, -1, inserted.at(p)});
    }

    for (int t = 0; t < tail; ++t)
        rows.append({DiffRow::Kind::Same, n - tail + t, m - tail + t});
    return rows;
}

} // namespace hookscope
