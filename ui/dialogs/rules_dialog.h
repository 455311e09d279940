#pragma once

#include "receive/endpoint_rule.h"

#include <QDialog>
#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace hookscope {

// Edits the receiver's endpoint rules: a list in match order and a form for the selected
// rule. Every check is EndpointRule's own (the form becomes the `serve --rules` JSON and is
// parsed back), so the dialog accepts exactly what `hookscope serve --rules` accepts.
// Import and export use that file format too.
class RulesDialog : public QDialog
{
    Q_OBJECT

public:
    // Writes the accepted rules somewhere (Engine::setRules); false and *error keep the
    // dialog open with the message shown.
    using ApplyFunction = std::function<bool(const QList<EndpointRule> &rules, QString *error)>;

    explicit RulesDialog(const QList<EndpointRule> &rules, QWidget *parent = nullptr);
    ~RulesDialog() override;

    void setApplyFunction(ApplyFunction apply);
    // The edited rules as parsed on OK (empty before).
    QList<EndpointRule> rules() const { return m_result; }

    // Replace the list with a rules file's rules; a bad file changes nothing. The buttons
    // call these after asking for a file name.
    bool importFrom(const QString &path);
    bool exportTo(const QString &path);

    void accept() override;

private:
    struct Draft;

    QWidget *buildEditor();
    void addRule();
    void duplicateRule();
    void removeRule();
    void moveRule(int delta);
    void chooseImportFile();
    void chooseExportFile();

    void setRules(const QList<EndpointRule> &rules);
    void selectRow(int row);
    void onCurrentRowChanged(int row);
    void loadForm(const Draft &draft);
    Draft formDraft() const;
    void onFormEdited();
    void updateFormState();
    void refreshItem(int row);
    void refreshButtons();
    void showRuleError(const QString &error);
    void showMessage(const QString &text, bool error);
    // Every draft parsed as a rules file; on failure the first bad rule is selected.
    std::optional<QList<EndpointRule>> parseAll(QString *error);

    std::vector<Draft> m_drafts;
    QList<EndpointRule> m_result;
    ApplyFunction m_apply;
    bool m_loading = false;

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QWidget *m_editor;
    QLabel *m_ruleError;
    QLabel *m_message;

    QLineEdit *m_name;
    QCheckBox *m_enabled;
    QLineEdit *m_methods;
    QLineEdit *m_path;
    QLineEdit *m_secret;
    QLineEdit *m_secretHeader;
    QCheckBox *m_requireJson;
    QLineEdit *m_requiredFields;
    QSpinBox *m_status;
    QPlainTextEdit *m_headers;
    QCheckBox *m_customBody;
    QPlainTextEdit *m_body;
    QSpinBox *m_delay;
    QSpinBox *m_failFirst;
    QDoubleSpinBox *m_failRate;
    QSpinBox *m_failStatus;
    QComboBox *m_signatureScheme;
    QPlainTextEdit *m_signatureSecrets;
    QLineEdit *m_signatureHeader;
    QSpinBox *m_signatureTolerance;
    QCheckBox *m_signatureReject;
};

} // namespace hookscope
