#pragma once

#include <QList>
#include <QStringList>

namespace hookscope {

// One row of a side-by-side comparison. left/right are line numbers (0-based) in the two
// inputs, -1 where that side has no line on this row.
struct DiffRow
{
    enum class Kind : quint8
    {
        Same,
        Changed, // a removed line paired with an added one
        Removed, // left only
        Added    // right only
    };

    Kind kind = Kind::Same;
    int left = -1;
    int right = -1;

    friend bool operator==(const DiffRow &, const DiffRow &) = default;
};

// Line diff by Myers' O(ND) algorithm after trimming the common head and tail. When the
// inputs differ in more than MaxEdits lines (fewer for long inputs: the work is about
// (N+M)*D) the middle is reported as one changed block rather than spending quadratic time
// and memory.
class LineDiff
{
public:
    static constexpr int MaxEdits = 2000;
    static constexpr qint64 WorkBudget = 200'000'000; // (N+M)*D steps, about a second

    static QList<DiffRow> compare(const QStringList &left, const QStringList &right);
};

} // namespace hookscope
