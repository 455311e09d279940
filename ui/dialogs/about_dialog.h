#pragma once

#include <QDialog>
#include <QUrl>
#include <functional>

class QLabel;
class QPushButton;

namespace hookscope {

// Help > About Hookscope: the version, the Qt and OpenSSL versions in use, the data folder
// (with a button that opens it in the file manager) and the size of the database on disk.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    using OpenUrlFunction = std::function<bool(const QUrl &)>;

    // databasePath: the SQLite file; its -wal and -shm files count towards the size.
    AboutDialog(const QString &dataDir, const QString &databasePath, QWidget *parent = nullptr);

    // The SQLite file with its write-ahead log and shared-memory index, in bytes.
    static qint64 databaseBytes(const QString &databasePath);

    // Tests: the data folder's URL goes to this function instead of the desktop.
    void setOpenUrlFunctionForTesting(OpenUrlFunction open) { m_open = std::move(open); }

private:
    void openDataFolder();

    QString m_dataDir;
    QLabel *m_openFailed;
    OpenUrlFunction m_open;
};

} // namespace hookscope
