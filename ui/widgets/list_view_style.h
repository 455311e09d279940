#pragma once

#include <QAbstractItemView>

class QTableView;

namespace hookscope {

// The look every list in the window shares: whole rows selected, alternating colours, no grid
// or wrapping, no row header, and fixed row heights so a view never asks every row for its
// size (the request list holds a million).
class ListViewStyle
{
public:
    static void
    apply(QTableView *view,
          QAbstractItemView::SelectionMode selection = QAbstractItemView::SingleSelection);
};

} // namespace hookscope
