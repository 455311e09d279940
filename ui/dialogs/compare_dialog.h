#pragma once

#include "store/stored_request.h"

#include <QDialog>

class QTabWidget;

namespace hookscope {

class DiffView;

// Two captured requests side by side: request line and headers, and the bodies as
// pretty-printed JSON (raw text when either is not JSON), with differing lines tinted.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    CompareDialog(const StoredRequest &left, const StoredRequest &right, QWidget *parent = nullptr);

    DiffView *headersDiff() const { return m_headers; }
    DiffView *bodyDiff() const { return m_body; }

    // The lines compared: request line then "Name: value" per header, in received order.
    static QStringList headerLines(const StoredRequest &request);
    // Pretty JSON when prettyJson and the body is JSON, else its text (hex for binary),
    // split in lines. Bodies are pretty-printed only when both sides are JSON, so a broken
    // JSON body is compared with the other as written.
    static QStringList bodyLines(const QByteArray &body, bool prettyJson = true);

private:
    QTabWidget *m_tabs;
    DiffView *m_headers;
    DiffView *m_body;
};

} // namespace hookscope
