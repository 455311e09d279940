#include "filter_bar.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace hookscope {

namespace {

constexpr int DebounceMs = 200;

// Time range choices: seconds back from now; 0 any time, -1 a custom range.
struct TimeChoice
{
    const char *label;
    qint64 seconds;
};
constexpr TimeChoice timeChoices[] = {
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Any time"), 0},
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Last 15 minutes"), 15 * 60},
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Last hour"), 3600},
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Last 24 hours"), 86400},
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Last 7 days"), 7 * 86400},
    {QT_TRANSLATE_NOOP("hookscope::FilterBar", "Custom range"), -1},
};

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent), m_search(new QLineEdit(this)), m_method(new QComboBox(this)),
      m_path(new QLineEdit(this)), m_status(new QComboBox(this)), m_event(new QLineEdit(this)),
      m_time(new QComboBox(this)), m_from(new QDateTimeEdit(this)), m_to(new QDateTimeEdit(this)),
      m_clear(new QToolButton(this))
{
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search path, headers and body (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));

    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->setAccessibleName(tr("Method"));
    m_method->addItem(tr("Any method"));
    for (const char *method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
        m_method->addItem(QString::fromLatin1(method), QByteArray(method));

    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(tr("Path, e.g. /hooks/*"));
    m_path->setToolTip(tr("A path prefix, or a glob with * (any characters) and ? (one)"));
    m_path->setClearButtonEnabled(true);
    m_path->setAccessibleName(tr("Path"));

    m_status->setObjectName(QStringLiteral("statusCombo"));
    m_status->setAccessibleName(tr("Response status"));
    m_status->addItem(tr("Any status"), 0);
    for (int cls = 2; cls <= 5; ++cls)
        m_status->addItem(tr("%1xx").arg(cls), cls);

    m_event->setObjectName(QStringLiteral("eventEdit"));
    m_event->setPlaceholderText(tr("Event type, e.g. user.*"));
    m_event->setClearButtonEnabled(true);
    m_event->setAccessibleName(tr("Event type"));

    m_time->setObjectName(QStringLiteral("timeCombo"));
    m_time->setAccessibleName(tr("Time range"));
    for (const TimeChoice &choice : timeChoices)
        m_time->addItem(tr(choice.label), choice.seconds);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setVisible(false);
    }
    m_from->setObjectName(QStringLiteral("fromEdit"));
    m_from->setAccessibleName(tr("From"));
    m_from->setDateTime(now.addSecs(-3600));
    m_to->setObjectName(QStringLiteral("toEdit"));
    m_to->setAccessibleName(tr("Until"));
    m_to->setDateTime(now.addSecs(3600));

    m_clear->setObjectName(QStringLiteral("clearFiltersButton"));
    m_clear->setText(tr("Reset"));
    m_clear->setToolTip(tr("Show every request"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 4);
    layout->addWidget(m_method);
    layout->addWidget(m_path, 2);
    layout->addWidget(m_status);
    layout->addWidget(m_event, 2);
    layout->addWidget(m_time);
    layout->addWidget(m_from);
    layout->addWidget(m_to);
    layout->addWidget(m_clear);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::emitNow);
    for (QLineEdit *edit : {m_search, m_path, m_event})
        connect(edit, &QLineEdit::textChanged, this, &FilterBar::scheduleEmit);
    for (QComboBox *combo : {m_method, m_status})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::emitNow);
    connect(m_time, &QComboBox::currentIndexChanged, this, [this] {
        updateTimeRangeEditors();
        emitNow();
    });
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::scheduleEmit);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);
}

RequestFilter FilterBar::filter() const
{
    RequestFilter f;
    f.text = m_search->text().trimmed();
    if (m_method->currentIndex() > 0)
        f.methods = {m_method->currentData().toByteArray()};
    f.pathGlob = m_path->text().trimmed();
    f.statusClass = m_status->currentData().toInt();
    f.eventType = m_event->text().trimmed();
    const qint64 seconds = m_time->currentData().toLongLong();
    if (seconds > 0) {
        f.fromUs = (QDateTime::currentMSecsSinceEpoch() - seconds * 1000) * 1000;
    } else if (seconds < 0) {
        f.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        f.toUs = m_to->dateTime().toMSecsSinceEpoch() * 1000;
    }
    return f;
}

void FilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void FilterBar::clear()
{
    const QSignalBlocker blockers[] = {QSignalBlocker(m_search), QSignalBlocker(m_method),
                                       QSignalBlocker(m_path),   QSignalBlocker(m_status),
                                       QSignalBlocker(m_event),  QSignalBlocker(m_time)};
    m_search->clear();
    m_method->setCurrentIndex(0);
    m_path->clear();
    m_status->setCurrentIndex(0);
    m_event->clear();
    m_time->setCurrentIndex(0);
    updateTimeRangeEditors();
    emitNow();
}

void FilterBar::scheduleEmit()
{
    m_debounce.start();
}

void FilterBar::emitNow()
{
    m_debounce.stop();
    const RequestFilter f = filter();
    // Relative ranges move with the clock, so they always re-run.
    if (f == m_last && m_time->currentData().toLongLong() <= 0)
        return;
    m_last = f;
    emit filterChanged(f);
}

void FilterBar::updateTimeRangeEditors()
{
    const bool custom = m_time->currentData().toLongLong() < 0;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
}

} // namespace hookscope
