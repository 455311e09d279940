#include "about_dialog.h"

#include "sign/openssl_version.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QLabel *valueLabel(const QString &text, const QString &name, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

AboutDialog::AboutDialog(const QString &dataDir, const QString &databasePath, QWidget *parent)
    : QDialog(parent), m_dataDir(dataDir), m_openFailed(new QLabel(this)),
      m_open([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Hookscope"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    auto *title =
        new QLabel(tr("<h2>Hookscope %1</h2><p>Catches, inspects and verifies webhooks.</p>")
                       .arg(QApplication::applicationVersion().toHtmlEscaped()),
                   this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    auto *header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(title, 1);

    auto *form = new QFormLayout;
    // The Qt the binary runs with, and the one it was built against when they differ.
    const QString runtimeQt = QString::fromLatin1(qVersion());
    const QString builtQt = QStringLiteral(QT_VERSION_STR);
    form->addRow(tr("Qt:"),
                 valueLabel(runtimeQt == builtQt ? runtimeQt
                                                 : tr("%1 (built with %2)").arg(runtimeQt, builtQt),
                            QStringLiteral("qtVersion"), this));
    form->addRow(tr("OpenSSL:"),
                 valueLabel(signcrypto::openSslVersion(), QStringLiteral("opensslVersion"), this));

    auto *folder = valueLabel(dataDir, QStringLiteral("dataFolder"), this);
    folder->setAccessibleName(tr("Data folder"));
    auto *openFolder = new QPushButton(tr("&Open"), this);
    openFolder->setObjectName(QStringLiteral("openDataFolderButton"));
    openFolder->setToolTip(tr("Open the data folder in the file manager"));
    connect(openFolder, &QPushButton::clicked, this, &AboutDialog::openDataFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(folder, 1);
    folderRow->addWidget(openFolder);
    form->addRow(tr("Data folder:"), folderRow);
    form->addRow(tr("Database size:"),
                 valueLabel(QLocale().formattedDataSize(databaseBytes(databasePath)),
                            QStringLiteral("databaseSize"), this));
    m_openFailed->setObjectName(QStringLiteral("openFailed"));
    m_openFailed->setWordWrap(true);
    m_openFailed->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(m_openFailed);
    layout->addWidget(buttons);
}

qint64 AboutDialog::databaseBytes(const QString &databasePath)
{
    qint64 bytes = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        bytes += QFileInfo(databasePath + suffix).size();
    return bytes;
}

void AboutDialog::openDataFolder()
{
    const bool opened = m_open(QUrl::fromLocalFile(m_dataDir));
    m_openFailed->setText(tr("No file manager could open %1.").arg(m_dataDir));
    m_openFailed->setVisible(!opened);
}

} // namespace hookscope
