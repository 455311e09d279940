#pragma once

#include "sign/signature_scheme.h"
#include "sign/signature_verifier.h"
#include "store/stored_request.h"

#include <QDialog>
#include <QTimer>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace hookscope {

class AppSettings;

// The Signatures pane: verifies a captured (or pasted) request against a scheme and explains
// the result, signs a body for a scheme with a copyable curl command, and edits the user's
// own schemes (JSON, saved through AppSettings, imported from and exported to files).
class SignaturesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SignaturesDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SignaturesDialog() override;

    // Verifies this request (its raw body bytes) from now on; receiverBaseUrl completes its
    // path into the URL that Twilio and Square sign, and is the Sign tab's default target.
    void setRequest(const StoredRequest &request, const QUrl &receiverBaseUrl);
    bool hasRequest() const { return m_hasRequest; }

    // The last verification; false when the input could not be read (see verifyInputError).
    bool hasVerifyResult() const { return m_hasResult; }
    const VerifyResult &verifyResult() const { return m_result; }
    QString verifyInputError() const { return m_inputError; }

    // The saved custom schemes, in order.
    const QList<SignatureScheme> &customSchemes() const { return m_custom; }
    // Reads one scheme object or an array of them; saves all or none.
    bool importSchemes(const QString &path, QString *error);
    bool exportScheme(const QString &id, const QString &path, QString *error) const;

    // The curl command for the last signing; empty when signing failed.
    QString signCurlCommand() const;
    HeaderList signedHeaders() const { return m_signedHeaders; }
    QByteArray signedBody() const { return m_signedBody; }
    QByteArray signedUrl() const { return m_signedUrl; }

public slots:
    void verify();
    void sign();
    // Saves the JSON editor's scheme; shows why when it is not a valid scheme.
    bool saveCustomScheme();

private:
    QWidget *createVerifyTab();
    QWidget *createSignTab();
    QWidget *createCustomTab();
    void fillSchemeCombos();
    void useRequestSource(bool fromRequest);
    const SignatureScheme *scheme(const QString &id) const;
    // Checks a custom scheme can be saved next to the presets.
    bool acceptCustom(const SignatureScheme &scheme, QString *error) const;
    void storeCustom(QList<SignatureScheme> schemes);
    void showCustom(int row);
    void setCustomError(const QString &error);
    void showResult();
    QColor stateColour(bool good) const;

    AppSettings *m_settings;
    StoredRequest m_request;
    bool m_hasRequest = false;
    QList<SignatureScheme> m_custom;

    VerifyResult m_result;
    bool m_hasResult = false;
    QString m_inputError;
    bool m_signed = false;
    HeaderList m_signedHeaders;
    QByteArray m_signedBody;
    QByteArray m_signedUrl;

    QTimer m_verifyTimer;
    QTimer m_signTimer;
    QTabWidget *m_tabs;

    // Verify
    QComboBox *m_source;
    QPlainTextEdit *m_headers;
    QPlainTextEdit *m_body;
    QComboBox *m_verifyScheme;
    QPlainTextEdit *m_secrets;
    QLineEdit *m_verifyUrl;
    QLineEdit *m_signatureHeader;
    QSpinBox *m_tolerance;
    QLabel *m_verdict;
    QLabel *m_details;
    QListWidget *m_hints;
    QLabel *m_hintsLabel;
    QLabel *m_expectedLabel;
    QLineEdit *m_expected;
    QPushButton *m_copyExpected;

    // Sign
    QComboBox *m_signScheme;
    QLineEdit *m_signSecret;
    QLineEdit *m_verifyingSecret;
    QPlainTextEdit *m_signBody;
    QLineEdit *m_signId;
    QLineEdit *m_signTimestamp;
    QLineEdit *m_signUrl;
    QLineEdit *m_signSignatureHeader;
    QLineEdit *m_contentType;
    QLabel *m_signError;
    QLabel *m_signNote;
    QPlainTextEdit *m_signHeaders;
    QPlainTextEdit *m_curl;

    // Custom schemes
    QListWidget *m_customList;
    QComboBox *m_seedPreset;
    QPlainTextEdit *m_customJson;
    QLabel *m_customError;
};

} // namespace hookscope
