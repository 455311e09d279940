#pragma once

#include <QUrl>
#include <QWidget>

class QCommandLinkButton;
class QLabel;
class QPushButton;

namespace hookscope {

// What the Requests tab shows while nothing is stored: the receiver URL to point a provider
// at (with a copy button and a curl example), a one-click sample webhook, and the way to the
// Signatures and Subscriptions panes. The window does the work; this view asks for it.
class FirstRunView : public QWidget
{
    Q_OBJECT

public:
    explicit FirstRunView(QWidget *parent = nullptr);

    // An empty url: the receiver is not listening, and `why` says so.
    void setReceiverUrl(const QUrl &url, const QString &why = {});
    // The Subscriptions link shows only when the window has that pane.
    void setSubscriptionsAvailable(bool available);
    // Progress or failure of the sample post; empty hides it.
    void setSampleStatus(const QString &text);

signals:
    void copyUrlRequested();
    void sendSampleRequested();
    void signaturesRequested();
    void subscriptionsRequested();

private:
    QLabel *m_title;
    QLabel *m_intro;
    QLabel *m_url;
    QPushButton *m_copy;
    QLabel *m_example;
    QPushButton *m_sendSample;
    QLabel *m_sampleStatus;
    QCommandLinkButton *m_signatures;
    QCommandLinkButton *m_subscriptions;
};

} // namespace hookscope
