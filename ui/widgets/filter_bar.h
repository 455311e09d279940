#pragma once

#include "store/request_filter.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QToolButton;

namespace hookscope {

// The row above the request list: free text, method, path glob, status class, event type
// and time range. Typing is debounced; every change emits the whole filter.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    RequestFilter filter() const;
    void focusSearch();
    void clear();

signals:
    void filterChanged(const hookscope::RequestFilter &filter);

private:
    void scheduleEmit();
    void emitNow();
    void updateTimeRangeEditors();

    QLineEdit *m_search;
    QComboBox *m_method;
    QLineEdit *m_path;
    QComboBox *m_status;
    QLineEdit *m_event;
    QComboBox *m_time;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QToolButton *m_clear;
    QTimer m_debounce;
    RequestFilter m_last;
};

} // namespace hookscope
