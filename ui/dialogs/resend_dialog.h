#pragma once

#include "store/stored_request.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace hookscope {

class BodyView;

// Edits a captured request (method, URL, headers, body) and sends it with
// QNetworkAccessManager, asynchronously; shows the answer's status, headers, body and time.
// Support staff use it to re-deliver an event to their own service.
class ResendDialog : public QDialog
{
    Q_OBJECT

public:
    ResendDialog(const StoredRequest &request, const QUrl &url, QWidget *parent = nullptr);
    ~ResendDialog() override;

    bool isSending() const { return !m_reply.isNull(); }
    // The headers that will be sent, as edited (empty names skipped).
    HeaderList editedHeaders() const;
    QByteArray editedBody() const;
    // A curl command for the request as edited; empty when the URL is not usable.
    QString editedCurlCommand() const;

public slots:
    void send();
    void cancel();

signals:
    // A send ended: answered, failed or cancelled.
    void sendFinished();

private:
    void onFinished();
    void showError(const QString &message);
    // The URL typed, when it is an http(s) URL with a host; else invalid and *error says why.
    QUrl editedUrl(QString *error) const;
    void setBusy(bool busy);
    void clearResponse();
    void addHeaderRow(const QString &name, const QString &value);

    QByteArray m_unchangedBody; // binary or large bodies are sent as captured
    bool m_bodyUnchanged = false;
    bool m_cancelled = false;
    QElapsedTimer m_elapsed;

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QComboBox *m_method;
    QLineEdit *m_url;
    QPushButton *m_send;
    QPushButton *m_cancel;
    QTableWidget *m_headers;
    QPlainTextEdit *m_body;
    QLabel *m_status;
    QLabel *m_error;
    QTableWidget *m_responseHeaders;
    BodyView *m_responseBody;
};

} // namespace hookscope
