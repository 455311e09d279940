#include "exports_pane.h"

#include "engine.h"
#include "export/export_job.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QLineEdit *lineEdit(QWidget *parent, const QString &name, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

ExportsPane::ExportsPane(Engine *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_job(new ExportJob(this)), m_source(new QComboBox(this)),
      m_from(new QComboBox(this)),
      m_root(lineEdit(this, QStringLiteral("exportRoot"), tr("$ (the whole body), data.user"))),
      m_key(lineEdit(this, QStringLiteral("exportKey"), tr("id: the latest record per id"))),
      m_since(
          lineEdit(this, QStringLiteral("exportSince"), tr("2025-01-01 or 2025-01-01T09:00:00Z"))),
      m_until(lineEdit(this, QStringLiteral("exportUntil"), tr("ISO 8601, exclusive"))),
      m_event(lineEdit(this, QStringLiteral("exportEvent"), tr("user.*"))),
      m_search(lineEdit(this, QStringLiteral("exportSearch"), tr("free text"))),
      m_endpoint(lineEdit(this, QStringLiteral("exportEndpoint"), tr("endpoint rule name glob"))),
      m_status(lineEdit(this, QStringLiteral("exportStatus"), tr("5xx, or a delivery status"))),
      m_where(new QPlainTextEdit(this)),
      m_explode(lineEdit(this, QStringLiteral("exportExplode"), tr("tags: one row per element"))),
      m_columns(new QListWidget(this)), m_format(new QComboBox(this)),
      m_delimiter(new QComboBox(this)), m_bom(new QCheckBox(tr("UTF-8 BOM (Excel)"), this)),
      m_guard(new QCheckBox(tr("Guard against formulas"), this)), m_preview(new QTableWidget(this)),
      m_previewStatus(new QLabel(this)), m_exportButton(new QPushButton(tr("&Export…"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_result(new QLabel(this)), m_showInFolder(new QPushButton(tr("Show in Folder"), this)),
      m_log(new QTableWidget(this)), m_previewTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("exportsPane"));
    m_source->setObjectName(QStringLiteral("exportSource"));
    for (const auto source : {ExportOptions::Source::Requests, ExportOptions::Source::Events,
                              ExportOptions::Source::Deliveries, ExportOptions::Source::Records})
        m_source->addItem(ExportOptions::sourceName(source), int(source));
    m_from->setObjectName(QStringLiteral("exportFrom"));
    m_from->addItem(tr("request bodies"), int(ExportOptions::RecordsFrom::Requests));
    m_from->addItem(tr("events"), int(ExportOptions::RecordsFrom::Events));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (const auto format : {ExportOptions::Format::Csv, ExportOptions::Format::Json,
                              ExportOptions::Format::Ndjson, ExportOptions::Format::Har})
        m_format->addItem(ExportOptions::formatName(format), int(format));
    m_delimiter->setObjectName(QStringLiteral("exportDelimiter"));
    m_delimiter->addItem(tr("comma"), int(','));
    m_delimiter->addItem(tr("semicolon"), int(';'));
    m_delimiter->addItem(tr("tab"), int('\t'));
    m_bom->setObjectName(QStringLiteral("exportBom"));
    m_guard->setObjectName(QStringLiteral("exportFormulaGuard"));
    m_guard->setChecked(true);
    m_guard->setToolTip(tr("Text cells starting with = + - @ get a ' first, so a spreadsheet "
                           "shows them instead of running them"));
    m_where->setObjectName(QStringLiteral("exportWhere"));
    m_where->setPlaceholderText(tr("one condition a line, all must hold:\n"
                                   "exportConsent.given = true\ntags[].name = vip"));
    m_where->setMaximumHeight(80);
    m_columns->setObjectName(QStringLiteral("exportColumns"));
    m_columns->setDragDropMode(QAbstractItemView::InternalMove);
    m_columns->setToolTip(tr("Tick the columns to export and drag them into order; none "
                             "ticked: every column"));
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setVisible(false);
    m_previewStatus->setObjectName(QStringLiteral("exportPreviewStatus"));
    m_previewStatus->setWordWrap(true);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_cancelButton->setObjectName(QStringLiteral("exportCancelButton"));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    m_showInFolder->setObjectName(QStringLiteral("exportShowInFolder"));
    m_log->setObjectName(QStringLiteral("exportLog"));
    m_log->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_log->verticalHeader()->setVisible(false);
    m_log->setColumnCount(8);
    m_log->setHorizontalHeaderLabels({tr("Time"), tr("From"), tr("Export"), tr("Rows"),
                                      tr("Status"), tr("SHA-256"), tr("File"), tr("Options")});
    m_log->horizontalHeader()->setStretchLastSection(true);
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);

    // Left: what and how; right: columns and preview; below: progress and the audit log.
    auto *form = new QFormLayout;
    form->addRow(tr("&Source:"), m_source);
    form->addRow(tr("Records &from:"), m_from);
    form->addRow(tr("&Root:"), m_root);
    form->addRow(tr("Latest per &key:"), m_key);
    form->addRow(tr("Since:"), m_since);
    form->addRow(tr("Until:"), m_until);
    form->addRow(tr("Event type:"), m_event);
    form->addRow(tr("Search:"), m_search);
    form->addRow(tr("Endpoint:"), m_endpoint);
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("&Where:"), m_where);
    form->addRow(tr("E&xplode:"), m_explode);
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("Delimiter:"), m_delimiter);
    form->addRow(QString(), m_bom);
    form->addRow(QString(), m_guard);
    auto *formBox = new QGroupBox(tr("Export"), this);
    formBox->setLayout(form);

    auto *columnsBox = new QGroupBox(tr("Columns"), this);
    auto *columnsLayout = new QVBoxLayout(columnsBox);
    columnsLayout->addWidget(m_columns);
    auto *previewBox = new QGroupBox(tr("Preview (first %1 rows)").arg(PreviewRows), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_previewStatus);
    previewLayout->addWidget(m_preview, 1);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(formBox);
    top->addWidget(columnsBox);
    top->addWidget(previewBox);
    top->setStretchFactor(2, 1);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_exportButton);
    actions->addWidget(m_cancelButton);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_showInFolder);
    auto *logBox = new QGroupBox(tr("Audit log"), this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->addWidget(m_log);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(top);
    vertical->addWidget(logBox);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(vertical, 1);
    layout->addLayout(actions);
    layout->addWidget(m_result);

    m_cancelButton->setEnabled(false);
    m_showInFolder->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);

    // Edits refresh the preview once typing pauses.
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &ExportsPane::runPreview);
    for (QLineEdit *edit :
         {m_root, m_key, m_since, m_until, m_event, m_search, m_endpoint, m_status, m_explode})
        connect(edit, &QLineEdit::textChanged, this, &ExportsPane::schedulePreview);
    connect(m_where, &QPlainTextEdit::textChanged, this, &ExportsPane::schedulePreview);
    for (QComboBox *combo : {m_source, m_from, m_format, m_delimiter})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            schedulePreview();
        });
    for (QCheckBox *box : {m_bom, m_guard})
        connect(box, &QCheckBox::toggled, this, &ExportsPane::schedulePreview);
    connect(m_columns, &QListWidget::itemChanged, this, &ExportsPane::schedulePreview);
    connect(m_columns->model(), &QAbstractItemModel::rowsMoved, this,
            &ExportsPane::schedulePreview);
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            m_ids.clear(); // a selection of requests does not carry over to another source
    });
    connect(m_exportButton, &QPushButton::clicked, this, &ExportsPane::exportNow);
    connect(m_cancelButton, &QPushButton::clicked, this, &ExportsPane::cancelExport);
    connect(m_showInFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_lastPath).absolutePath()));
    });
    connect(m_job, &ExportJob::progress, this, [this](qint64 done, qint64 total) {
        // QProgressBar counts in int; a fraction of 10,000 is smooth enough.
        m_progress->setRange(0, 10000);
        m_progress->setValue(total > 0 ? int(done * 10000 / total) : 0);
        m_progress->setFormat(tr("%1 / %2").arg(done).arg(total));
    });
    connect(m_job, &ExportJob::exportFinished, this, &ExportsPane::finished);
    connect(m_job, &ExportJob::previewReady, this,
            [this](const Exporter::Preview &preview, quint64 generation) {
                if (generation == m_generation)
                    showPreview(preview.columns, preview.detected, preview.rows, preview.error);
            });
    updateEnabled();
}

ExportsPane::~ExportsPane() = default;

void ExportsPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshAuditLog();
    schedulePreview();
}

void ExportsPane::updateEnabled()
{
    const auto source = ExportOptions::Source(m_source->currentData().toInt());
    const bool records = source == ExportOptions::Source::Records;
    m_from->setEnabled(records);
    m_root->setEnabled(records);
    m_key->setEnabled(records);
    const bool requests =
        source == ExportOptions::Source::Requests || (records && m_from->currentIndex() == 0);
    m_endpoint->setEnabled(requests);
    const bool csv = m_format->currentData().toInt() == int(ExportOptions::Format::Csv);
    m_delimiter->setEnabled(csv);
    m_bom->setEnabled(csv);
    m_guard->setEnabled(csv);
}

QStringList ExportsPane::chosenColumns() const
{
    QStringList chosen;
    for (int i = 0; i < m_columns->count(); ++i) {
        if (m_columns->item(i)->checkState() == Qt::Checked)
            chosen.append(m_columns->item(i)->text());
    }
    return chosen;
}

std::optional<ExportOptions> ExportsPane::options(QString *error) const
{
    ExportOptions o;
    o.source = ExportOptions::Source(m_source->currentData().toInt());
    o.format = ExportOptions::Format(m_format->currentData().toInt());
    if (o.source == ExportOptions::Source::Records) {
        o.from = ExportOptions::RecordsFrom(m_from->currentData().toInt());
        o.root =
            m_root->text().trimmed().isEmpty() ? QStringLiteral("$") : m_root->text().trimmed();
        o.key = m_key->text().trimmed();
    }
    for (const auto &[edit, target] :
         {std::pair{m_since, &o.sinceUs}, std::pair{m_until, &o.untilUs}}) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            continue;
        *target = ExportOptions::parseTime(text);
        if (*target <= 0) {
            *error = tr("\"%1\" is not an ISO 8601 date or time").arg(text);
            return std::nullopt;
        }
    }
    o.eventGlob = m_event->text().trimmed();
    o.search = m_search->text().trimmed();
    if (m_endpoint->isEnabled())
        o.endpoint = m_endpoint->text().trimmed();
    o.status = m_status->text().trimmed();
    if (o.readsRequests())
        o.ids = m_ids;
    for (const QString &line : m_where->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            o.where.append(line.trimmed());
    }
    o.explode = m_explode->text().trimmed();
    o.columns = chosenColumns();
    o.delimiter = char(m_delimiter->currentData().toInt());
    o.bom = m_bom->isChecked();
    o.formulaGuard = m_guard->isChecked();
    if (!o.validate(error))
        return std::nullopt;
    return o;
}

void ExportsPane::prefill(const ExportOptions &o)
{
    m_filling = true;
    m_source->setCurrentIndex(m_source->findData(int(o.source)));
    m_from->setCurrentIndex(m_from->findData(int(o.from)));
    m_root->setText(o.root == QLatin1String("$") ? QString() : o.root);
    m_key->setText(o.key);
    m_since->setText(o.sinceUs ? ExportOptions::formatTime(o.sinceUs) : QString());
    m_until->setText(o.untilUs ? ExportOptions::formatTime(o.untilUs) : QString());
    m_event->setText(o.eventGlob);
    m_search->setText(o.search);
    m_endpoint->setText(o.endpoint);
    m_status->setText(o.status);
    m_where->setPlainText(o.where.join(QLatin1Char('\n')));
    m_explode->setText(o.explode);
    m_format->setCurrentIndex(m_format->findData(int(o.format)));
    m_ids = o.ids;
    m_filling = false;
    updateEnabled();
    m_result->setText(m_ids.isEmpty() ? QString()
                                      : tr("%n selected request(s)", nullptr, int(m_ids.size())));
    schedulePreview();
}

void ExportsPane::schedulePreview()
{
    if (!m_filling)
        m_previewTimer->start();
}

void ExportsPane::runPreview()
{
    if (!m_engine->isOpen())
        return;
    m_job->setDatabasePath(m_engine->databasePath());
    QString error;
    const std::optional<ExportOptions> o = options(&error);
    ++m_generation;
    if (!o) {
        showPreview({}, {}, {}, error);
        return;
    }
    ExportOptions preview = *o;
    preview.format = ExportOptions::Format::Csv; // the table shows cells
    preview.columns.clear();                     // every detected column is offered
    m_previewStatus->setText(tr("Reading…"));
    m_job->startPreview(preview, PreviewRows, m_generation);
}

void ExportsPane::setDetectedColumns(const QStringList &detected)
{
    // Keep the user's ticks and order; add new keys at the end, unticked.
    QStringList present;
    for (int i = 0; i < m_columns->count(); ++i)
        present.append(m_columns->item(i)->text());
    const QSignalBlocker blocker(m_columns);
    for (const QString &column : detected) {
        if (present.contains(column))
            continue;
        auto *item = new QListWidgetItem(column, m_columns);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled);
        item->setCheckState(Qt::Unchecked);
    }
    // Keys that no longer exist (another source or root) go, unless ticked.
    for (int i = m_columns->count() - 1; i >= 0; --i) {
        QListWidgetItem *item = m_columns->item(i);
        if (!detected.contains(item->text()) && item->checkState() != Qt::Checked)
            delete m_columns->takeItem(i);
    }
}

void ExportsPane::showPreview(const QStringList &, const QStringList &detected,
                              const QList<QStringList> &rows, const QString &error)
{
    if (!error.isEmpty()) {
        m_previewStatus->setText(error);
        m_previewStatus->setStyleSheet(
            QStringLiteral("color: palette(highlight); font-weight: bold"));
        m_exportButton->setEnabled(false);
        return;
    }
    m_previewStatus->setStyleSheet(QString());
    m_exportButton->setEnabled(!m_job->isExporting());
    setDetectedColumns(detected);
    QStringList shown = chosenColumns();
    if (shown.isEmpty())
        shown = detected;
    m_preview->clear();
    m_preview->setColumnCount(int(shown.size()));
    m_preview->setHorizontalHeaderLabels(shown);
    m_preview->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < shown.size(); ++c) {
            const qsizetype at = detected.indexOf(shown.at(c));
            const QString text = at >= 0 ? rows.at(r).value(at) : QString();
            m_preview->setItem(r, c, new QTableWidgetItem(text));
        }
    }
    m_previewStatus->setText(rows.isEmpty() ? tr("No rows match.")
                                            : tr("%n row(s) shown", nullptr, int(rows.size())));
}

void ExportsPane::exportNow()
{
    if (m_job->isExporting() || !m_engine->isOpen())
        return;
    QString error;
    const std::optional<ExportOptions> o = options(&error);
    if (!o) {
        m_result->setText(error);
        return;
    }
    QString path = m_nextSavePath;
    m_nextSavePath.clear();
    if (path.isEmpty()) {
        const QString name =
            ExportOptions::sourceName(o->source) + QLatin1Char('-') +
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
            QLatin1Char('.') + o->fileExtension();
        path = QFileDialog::getSaveFileName(this, tr("Export"), QDir::home().filePath(name));
        if (path.isEmpty())
            return;
    }
    m_job->setDatabasePath(m_engine->databasePath());
    m_exportButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_showInFolder->setEnabled(false);
    m_progress->setRange(0, 0); // busy until the first figures arrive
    m_result->setText(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path)));
    m_job->startExport(*o, path);
}

void ExportsPane::cancelExport()
{
    m_job->cancelExport();
}

void ExportsPane::finished(const ExportResult &result, const QString &path)
{
    m_exportButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(result.ok() ? 1 : 0);
    m_progress->resetFormat();
    if (result.ok()) {
        m_lastPath = path;
        m_showInFolder->setEnabled(true);
        m_result->setText(
            tr("%n row(s) written to %1, SHA-256 %2", nullptr, int(result.rows))
                .arg(QDir::toNativeSeparators(path), QString::fromLatin1(result.sha256)));
    } else if (result.status == ExportResult::Status::Cancelled) {
        m_result->setText(tr("Cancelled; %1 was not written.").arg(QDir::toNativeSeparators(path)));
    } else {
        m_result->setText(tr("Export failed: %1").arg(result.error));
    }
    refreshAuditLog();
}

void ExportsPane::refreshAuditLog()
{
    if (!m_engine->isOpen())
        return;
    m_job->setDatabasePath(m_engine->databasePath());
    const QList<ExportLogEntry> entries = m_job->auditLog(200);
    m_log->setRowCount(int(entries.size()));
    for (int r = 0; r < entries.size(); ++r) {
        const ExportLogEntry &e = entries.at(r);
        const QStringList cells = {
            QDateTime::fromMSecsSinceEpoch(e.startedUs / 1000).toString(Qt::ISODate),
            e.origin,
            e.source + QLatin1Char('.') + e.format,
            QString::number(e.rows),
            e.status,
            e.sha256,
            e.path,
            e.options,
        };
        for (int c = 0; c < cells.size(); ++c)
            m_log->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    }
    m_log->resizeColumnsToContents();
}

} // namespace hookscope
