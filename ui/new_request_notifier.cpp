#include "new_request_notifier.h"

#include "app_settings.h"

#include <QApplication>
#include <QEvent>
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
}

NewRequestNotifier::~NewRequestNotifier() = default;

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
    if (!isAvailable() || batch.isEmpty())
        return;
    if (windowActive || !m_settings->notifyNewRequests()) {
        clearPending();
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

void NewRequestNotifier::clearPending()
{
    m_timer.stop();
    m_pending = 0;
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
        QIcon icon = QApplication::windowIcon();
        if (icon.isNull())
            icon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(tr("Hookscope"));
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

void NewRequestNotifier::restoreWindow()
{
    if (m_window) {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
    m_windowInTray = false;
    updateTrayVisibility();
    emit raiseRequested();
}

void NewRequestNotifier::updateTrayVisibility()
{
    if (!m_trayAvailable)
        return;
    const bool wanted =
        m_windowInTray || (m_tray && m_tray->isVisible() && m_settings->notifyNewRequests());
    if (wanted)
        tray()->show();
    else if (m_tray)
        m_tray->hide();
}

} // namespace hookscope
