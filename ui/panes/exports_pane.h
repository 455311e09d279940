#pragma once

#include "export/export_options.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace hookscope {

class Engine;
class ExportJob;
struct ExportResult;

// The Exports tab: source, root and key, filters, columns picked and ordered from the keys
// the records have, a live preview of the first 50 rows, export with progress and cancel,
// "show in folder", and the audit log. Runs nothing on the GUI thread but the widgets: the
// preview and the export run in an ExportJob with their own connections.
class ExportsPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PreviewRows = 50;

    explicit ExportsPane(Engine *engine, QWidget *parent = nullptr);
    ~ExportsPane() override;

    // Fills the form (the request list's "Export Selected/Filtered").
    void prefill(const ExportOptions &options);
    // What the form says; std::nullopt with *error when a field is wrong.
    std::optional<ExportOptions> options(QString *error) const;

    // Test hook: the next export writes here instead of asking with a file dialog.
    void setNextSavePath(const QString &path) { m_nextSavePath = path; }
    ExportJob *job() const { return m_job; }

public slots:
    void exportNow();
    void cancelExport();
    void refreshAuditLog();
    void schedulePreview();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateEnabled();
    void runPreview();
    void showPreview(const QStringList &columns, const QStringList &detected,
                     const QList<QStringList> &rows, const QString &error);
    void finished(const ExportResult &result, const QString &path);
    QStringList chosenColumns() const;
    void setDetectedColumns(const QStringList &detected);

    Engine *m_engine;
    ExportJob *m_job;
    QComboBox *m_source;
    QComboBox *m_from;
    QLineEdit *m_root;
    QLineEdit *m_key;
    QLineEdit *m_since;
    QLineEdit *m_until;
    QLineEdit *m_event;
    QLineEdit *m_search;
    QLineEdit *m_endpoint;
    QLineEdit *m_status;
    QPlainTextEdit *m_where;
    QLineEdit *m_explode;
    QListWidget *m_columns;
    QComboBox *m_format;
    QComboBox *m_delimiter;
    QCheckBox *m_bom;
    QCheckBox *m_guard;
    QTableWidget *m_preview;
    QLabel *m_previewStatus;
    QPushButton *m_exportButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_result;
    QPushButton *m_showInFolder;
    QTableWidget *m_log;
    QTimer *m_previewTimer;
    QList<qint64> m_ids;
    QString m_nextSavePath;
    QString m_lastPath;
    quint64 m_generation = 0;
    bool m_filling = false;
};

} // namespace hookscope
