#include "first_run_view.h"

#include <QCommandLinkButton>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hookscope {

FirstRunView::FirstRunView(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_intro(new QLabel(this)),
      m_url(new QLabel(this)), m_copy(new QPushButton(tr("&Copy URL"), this)),
      m_example(new QLabel(this)),
      m_sendSample(new QPushButton(tr("Send a &Sample Webhook"), this)),
      m_sampleStatus(new QLabel(this)),
      m_signatures(new QCommandLinkButton(
          tr("Signatures"), tr("Verify, explain and produce webhook signatures"), this)),
      m_subscriptions(new QCommandLinkButton(
          tr("Subscriptions"), tr("Send signed webhooks to your own endpoints"), this))
{
    setObjectName(QStringLiteral("firstRunView"));
    setAccessibleName(tr("Getting started"));

    m_title->setObjectName(QStringLiteral("firstRunTitle"));
    m_title->setText(tr("<h2>Waiting for webhooks</h2>"));
    m_intro->setObjectName(QStringLiteral("firstRunIntro"));
    m_intro->setWordWrap(true);
    m_url->setObjectName(QStringLiteral("firstRunUrl"));
    m_url->setAccessibleName(tr("Receiver URL"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont big = m_url->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_url->setFont(big);
    m_copy->setObjectName(QStringLiteral("firstRunCopyButton"));
    m_example->setObjectName(QStringLiteral("firstRunExample"));
    m_example->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_example->setWordWrap(true);
    m_sendSample->setObjectName(QStringLiteral("sendSampleButton"));
    m_sendSample->setToolTip(tr("Post a sample user.created event to the receiver"));
    m_sampleStatus->setObjectName(QStringLiteral("sampleStatus"));
    m_sampleStatus->setWordWrap(true);
    m_sampleStatus->hide();
    m_signatures->setObjectName(QStringLiteral("signaturesLink"));
    m_subscriptions->setObjectName(QStringLiteral("subscriptionsLink"));
    m_subscriptions->hide();

    connect(m_copy, &QPushButton::clicked, this, &FirstRunView::copyUrlRequested);
    connect(m_sendSample, &QPushButton::clicked, this, &FirstRunView::sendSampleRequested);
    connect(m_signatures, &QCommandLinkButton::clicked, this, &FirstRunView::signaturesRequested);
    connect(m_subscriptions, &QCommandLinkButton::clicked, this,
            &FirstRunView::subscriptionsRequested);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url);
    urlRow->addWidget(m_copy);
    urlRow->addStretch(1);
    auto *sampleRow = new QHBoxLayout;
    sampleRow->addWidget(m_sendSample);
    sampleRow->addWidget(m_sampleStatus, 1);
    sampleRow->addStretch();

    // A readable column in the middle of a wide window.
    auto *column = new QWidget(this);
    column->setMaximumWidth(720);
    auto *layout = new QVBoxLayout(column);
    layout->addWidget(m_title);
    layout->addWidget(m_intro);
    layout->addLayout(urlRow);
    layout->addWidget(m_example);
    layout->addSpacing(12);
    layout->addLayout(sampleRow);
    layout->addSpacing(12);
    layout->addWidget(m_signatures);
    layout->addWidget(m_subscriptions);
    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(column, 4);
    outer->addStretch(1);
    outer->setAlignment(column, Qt::AlignVCenter);

    setReceiverUrl(QUrl());
}

void FirstRunView::setReceiverUrl(const QUrl &url, const QString &why)
{
    const bool listening = url.isValid() && !url.isEmpty();
    m_url->setText(listening ? url.toString() : QString());
    m_url->setVisible(listening);
    m_copy->setVisible(listening);
    m_example->setVisible(listening);
    m_sendSample->setEnabled(listening);
    if (listening) {
        m_intro->setText(tr("Nothing is stored yet. Point a webhook provider or any HTTP "
                            "client at the receiver; every request on any path is captured."));
        m_example->setText(tr("For example:<pre>%1</pre>")
                               .arg(QStringLiteral("curl -X POST %1/hooks/test \\\n"
                                                   "  -H 'Content-Type: application/json' \\\n"
                                                   "  -d '{\"type\":\"user.created\"}'")
                                        .arg(url.toString())
                                        .toHtmlEscaped()));
    } else {
        m_intro->setText(why.isEmpty() ? tr("Nothing is stored yet, and the receiver is not "
                                            "listening.")
                                       : why);
    }
}

void FirstRunView::setSubscriptionsAvailable(bool available)
{
    m_subscriptions->setVisible(available);
}

void FirstRunView::setSampleStatus(const QString &text)
{
    m_sampleStatus->setText(text);
    m_sampleStatus->setVisible(!text.isEmpty());
}

} // namespace hookscope
