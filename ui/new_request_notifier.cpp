#include "new_request_notifier.h"

#include "app_settings.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

namespace hookscope {

namespace {

constexpr int MessageShownMs = 5000;
constexpr qsizetype LongestPath = 80;

} // namespace

NewRequestNotifier::NewRequestNotifier(AppSettings *settings, QObject *parent)
    : QObject(parent), m_settings(settings),
      m_trayAvailable(QSystemTrayIcon::isSystemTrayAvailable())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NewRequestNotifier::flush);
    m_failureTimer.setSingleShot(true);
    connect(&m_failureTimer, &QTimer::timeout, this, &NewRequestNotifier::flushFailures);
}

NewRequestNotifier::~NewRequestNotifier()
{
    // The icon goes before the menu it shows (m_menu is destroyed before QObject's children).
    delete m_tray;
}

void NewRequestNotifier::attachWindow(QWidget *window)
{
    if (m_window)
        m_window->removeEventFilter(this);
    m_window = window;
    if (m_window)
        m_window->installEventFilter(this);
}

bool NewRequestNotifier::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window) {
        if (event->type() == QEvent::ActivationChange && m_window->isActiveWindow()) {
            clearPending();
        } else if (event->type() == QEvent::WindowStateChange && m_trayAvailable &&
                   m_window->isMinimized() && m_settings->minimiseToTray()) {
            // Hiding inside the state change confuses some window managers: do it next.
            m_windowInTray = true;
            updateTrayVisibility();
            QTimer::singleShot(0, m_window, &QWidget::hide);
        }
    }
    return QObject::eventFilter(watched, event);
}

void NewRequestNotifier::addCaptured(const QList<CaptureSummary> &batch)
{
    addCaptured(batch, m_window && m_window->isActiveWindow());
}

void NewRequestNotifier::addCaptured(const QList<CaptureSummary> &batch, bool windowActive)
{
    if (batch.isEmpty())
        return;
    if (!windowActive) {
        m_unseen += int(batch.size());
        updateTrayTexts();
    }
    if (!isAvailable())
        return;
    if (windowActive || !m_settings->notifyNewRequests()) {
        // Notifications off: nothing to tell, but the tray still counts what is unseen.
        if (windowActive) {
            clearPending();
        } else {
            m_timer.stop();
            m_pending = 0;
        }
        updateTrayVisibility();
        return;
    }
    m_pending += int(batch.size());
    m_lastMethod = batch.constLast().method;
    m_lastPath = batch.constLast().path;
    if (m_timer.isActive())
        return;
    const qint64 wait = m_sinceShown.isValid() ? m_intervalMs - m_sinceShown.elapsed() : qint64(0);
    if (wait <= 0)
        flush();
    else
        m_timer.start(int(wait));
}

void NewRequestNotifier::addFailedDelivery(const QString &subscriptionName,
                                           const QString &eventType, const QString &error)
{
    if (!isAvailable() || !m_settings->notifyFailedDeliveries())
        return;
    ++m_failures;
    m_lastFailure = tr("%1 to %2: %3").arg(eventType, subscriptionName, error);
    if (m_failureTimer.isActive())
        return;
    const qint64 wait =
        m_sinceFailureShown.isValid() ? m_intervalMs - m_sinceFailureShown.elapsed() : qint64(0);
    if (wait <= 0)
        flushFailures();
    else
        m_failureTimer.start(int(wait));
}

void NewRequestNotifier::flushFailures()
{
    if (m_failures == 0)
        return;
    const QString title =
        m_failures == 1 ? tr("A delivery failed") : tr("%n deliveries failed", nullptr, m_failures);
    const QString text = m_failures == 1 ? m_lastFailure : tr("Last: %1").arg(m_lastFailure);
    m_failures = 0;
    m_sinceFailureShown.start();
    show(title, text);
}

void NewRequestNotifier::addDisabledSubscription(const QString &reason)
{
    if (isAvailable() && m_settings->notifyFailedDeliveries())
        show(tr("A subscription was disabled"), reason);
}

void NewRequestNotifier::clearPending()
{
    m_timer.stop();
    m_pending = 0;
    if (m_unseen) {
        m_unseen = 0;
        updateTrayTexts();
    }
}

void NewRequestNotifier::setTrayActions(const QList<QAction *> &actions)
{
    m_menu = std::make_unique<QMenu>();
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_stateAction = m_menu->addAction(QString());
    m_stateAction->setObjectName(QStringLiteral("trayStateAction"));
    m_stateAction->setEnabled(false);
    m_unseenAction = m_menu->addAction(QString(), this, &NewRequestNotifier::restoreWindow);
    m_unseenAction->setObjectName(QStringLiteral("trayUnseenAction"));
    m_menu->addSeparator();
    m_showAction =
        m_menu->addAction(tr("&Show Hookscope"), this, &NewRequestNotifier::restoreWindow);
    m_showAction->setObjectName(QStringLiteral("trayShowAction"));
    for (QAction *action : actions) {
        // Quit is apart from the rest, as in every tray menu.
        if (action->menuRole() == QAction::QuitRole)
            m_menu->addSeparator();
        m_menu->addAction(action);
    }
    if (m_trayAvailable && !m_trayForTesting)
        tray()->setContextMenu(m_menu.get());
    updateTrayTexts();
    updateTrayVisibility();
}

void NewRequestNotifier::setReceiverState(bool listening, const QString &text)
{
    const bool changed = listening != m_listening;
    m_listening = listening;
    m_receiverText = text;
    if (changed && m_tray)
        m_tray->setIcon(trayIcon());
    updateTrayTexts();
}

QString NewRequestNotifier::toolTip() const
{
    QString text = tr("Hookscope");
    if (!m_receiverText.isEmpty())
        text += QLatin1Char('\n') + m_receiverText;
    if (m_unseen > 0)
        text += QLatin1Char('\n') + unseenText();
    return text;
}

QString NewRequestNotifier::unseenText() const
{
    // Without a translation %n gives no plural, so the singular has its own string.
    return m_unseen == 1 ? tr("1 new request") : tr("%n new requests", nullptr, m_unseen);
}

void NewRequestNotifier::updateTrayTexts()
{
    if (m_menu) {
        m_stateAction->setText(m_receiverText);
        m_stateAction->setVisible(!m_receiverText.isEmpty());
        m_unseenAction->setText(unseenText());
        m_unseenAction->setVisible(m_unseen > 0);
    }
    if (m_tray)
        m_tray->setToolTip(toolTip());
}

QIcon NewRequestNotifier::trayIcon() const
{
    QIcon icon = QApplication::windowIcon();
    if (icon.isNull())
        icon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
    // A receiver that does not listen shows as a greyed icon.
    if (!m_listening && m_menu)
        return QIcon(icon.pixmap(QSize(64, 64), QIcon::Disabled));
    return icon;
}

void NewRequestNotifier::flush()
{
    if (m_pending == 0 || !m_settings->notifyNewRequests()) {
        m_pending = 0;
        return;
    }
    QString path = QString::fromUtf8(m_lastPath);
    if (path.size() > LongestPath)
        path = path.left(LongestPath - 1) + QChar(0x2026);
    // Without a translation %n gives no plural, so the singular has its own string.
    const QString text = (m_pending == 1 ? tr("1 new request, last: %1 %2")
                                         : tr("%n new requests, last: %1 %2", nullptr, m_pending))
                             .arg(QString::fromLatin1(m_lastMethod), path);
    m_pending = 0;
    m_sinceShown.start();
    show(tr("Hookscope"), text);
}

void NewRequestNotifier::show(const QString &title, const QString &text)
{
    if (m_show) {
        m_show(title, text);
        return;
    }
    // A message needs a visible icon; it stays while notifications are on.
    tray()->show();
    m_tray->showMessage(title, text, QSystemTrayIcon::Information, MessageShownMs);
}

QSystemTrayIcon *NewRequestNotifier::tray()
{
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(trayIcon(), this);
        m_tray->setToolTip(toolTip());
        if (m_menu)
            m_tray->setContextMenu(m_menu.get());
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &NewRequestNotifier::restoreWindow);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger ||
                        reason == QSystemTrayIcon::DoubleClick)
                        restoreWindow();
                });
    }
    return m_tray;
}

bool NewRequestNotifier::hideToTray()
{
    if (!m_trayAvailable || !m_window)
        return false;
    m_windowInTray = true;
    updateTrayVisibility();
    m_window->hide();
    return true;
}

void NewRequestNotifier::restoreWindow()
{
    if (m_window) {
        // Out of the tray or the taskbar, keeping a maximised window maximised.
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
        m_window->show();
        m_window->raise();
        m_window->activateWindow();
    }
    m_windowInTray = false;
    updateTrayVisibility();
    emit raiseRequested();
}

void NewRequestNotifier::updateTrayVisibility()
{
    if (!m_trayAvailable || m_trayForTesting)
        return;
    const bool wanted = m_windowInTray || m_menu ||
                        (m_tray && m_tray->isVisible() && m_settings->notifyNewRequests());
    if (wanted)
        tray()->show();
    else if (m_tray)
        m_tray->hide();
}

} // namespace hookscope
