#pragma once

#include "store/stored_request.h"

#include <QUrl>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QToolBar;

namespace hookscope {

class BodyView;

// Everything about one captured request: overview, headers, body (pretty / tree / raw /
// hex), decoded form fields and query parameters, plus the per-request actions (copy as
// curl, copy body, save body, resend).
class RequestDetailView : public QWidget
{
    Q_OBJECT

public:
    enum Tab
    {
        OverviewTab,
        HeadersTab,
        BodyTab,
        FormTab,
        QueryTab
    };

    // Form and query tables stop here: a 10 MiB form can hold half a million fields.
    static constexpr qsizetype MaxTableRows = 10000;

    explicit RequestDetailView(QWidget *parent = nullptr);
    ~RequestDetailView() override;

    // receiverBaseUrl (scheme, host, port) completes the request's path into a full URL, for
    // the overview, copy as curl and resend.
    void setRequest(const StoredRequest &request, const QUrl &receiverBaseUrl);
    void clear();

    bool hasRequest() const { return m_hasRequest; }
    const StoredRequest &request() const { return m_request; }
    QString fullUrl() const;
    QString curlCommand() const;

    // Writes the body to a file atomically; false with *error on failure.
    bool saveBody(const QString &fileName, QString *error) const;

    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *copyBodyAction() const { return m_copyBody; }
    QAction *saveBodyAction() const { return m_saveBody; }
    QAction *resendAction() const { return m_resend; }

    BodyView *bodyView() const { return m_body; }
    QTabWidget *tabs() const { return m_tabs; }

public slots:
    void copyCurl();
    void copyBody();
    void saveBodyWithDialog();
    void openResendDialog();

private:
    void fillOverview();
    void fillHeaders();
    void fillForm();
    void fillQuery();
    void copyHeaders(bool selectedOnly);

    StoredRequest m_request;
    QUrl m_baseUrl;
    bool m_hasRequest = false;

    QToolBar *m_toolBar;
    QAction *m_copyCurl;
    QAction *m_copyBody;
    QAction *m_saveBody;
    QAction *m_resend;
    QLabel *m_placeholder;
    QTabWidget *m_tabs;
    // Overview
    QLabel *m_summary;
    QLabel *m_signature; // several lines (the verdict and hints), so not a line edit
    QList<QLineEdit *> m_overviewValues;
    QPlainTextEdit *m_responseBody;
    // Headers
    QLineEdit *m_headerFilter;
    QStandardItemModel *m_headers;
    QSortFilterProxyModel *m_headersProxy;
    QTableView *m_headersTable;
    // Body, form, query
    BodyView *m_body;
    QLabel *m_formError;
    QStandardItemModel *m_form;
    QTableView *m_formTable;
    QStandardItemModel *m_query;
    QTableView *m_queryTable;
};

} // namespace hookscope
