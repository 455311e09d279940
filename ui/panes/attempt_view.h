#pragma once

#include "store/outbox_store.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

namespace hookscope {

class AttemptListModel;
class BodyView;

// A delivery's attempts as a timeline (number, time, duration, result) and, for the chosen
// attempt, the request sent (URL, headers, body) and the response (status, headers, the
// first 64 KiB of the body) or the error.
class AttemptView : public QWidget
{
    Q_OBJECT

public:
    explicit AttemptView(QWidget *parent = nullptr);

    // Keeps the chosen attempt on a refresh of the same delivery; a new delivery (or a new
    // attempt of it) shows its latest attempt.
    void setAttempts(qint64 deliveryId, const QList<AttemptRow> &attempts);
    void clear();
    AttemptListModel *model() const { return m_model; }
    // The request and response heads shown (start line and headers).
    QString requestText() const;
    QString responseText() const;

private:
    void showAttempt(int row);

    AttemptListModel *m_model;
    QTableView *m_list;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_requestHead;
    BodyView *m_requestBody;
    QPlainTextEdit *m_responseHead;
    BodyView *m_responseBody;
    QLabel *m_empty;
};

} // namespace hookscope
