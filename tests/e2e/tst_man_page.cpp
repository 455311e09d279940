// hookscope(1) against the binary: every subcommand `hookscope --help` lists has its section,
// and every option a command's --help lists is in the page. A subcommand added without its
// man section (packaging/man/) fails here.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class TestManPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCommandHasASection();
    void everyOptionIsDocumented_data();
    void everyOptionIsDocumented();

private:
    static QByteArray help(const QStringList &arguments);
    // As roff writes it: "--max-body" is "\-\-max\-body".
    static QByteArray roff(QByteArray text) { return text.replace("-", "\\-"); }

    QByteArray m_page;
    QByteArrayList m_commands;
};

QByteArray TestManPage::help(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(HOOKSCOPE_BINARY), arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    return process.readAllStandardOutput();
}

void TestManPage::initTestCase()
{
    QFile page(QStringLiteral(HOOKSCOPE_MAN_PAGE));
    QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(page.fileName()));
    m_page = page.readAll();

    // The "Commands:" block of the top-level usage, one "  name   description" a line.
    const QByteArray usage = help({QStringLiteral("--help")});
    const qsizetype start = usage.indexOf("Commands:\n");
    QVERIFY(start >= 0);
    for (const QByteArray &line : usage.mid(start).split('\n').mid(1)) {
        if (line.trimmed().isEmpty())
            break;
        const QByteArray name = line.trimmed().split(' ').constFirst();
        if (name != "(none)")
            m_commands << name;
    }
    QVERIFY2(m_commands.size() >= 4, usage.constData());
}

void TestManPage::everyCommandHasASection()
{
    QVERIFY(m_page.startsWith(".TH HOOKSCOPE 1 "));
    for (const QByteArray &command : std::as_const(m_commands))
        QVERIFY2(m_page.contains(QByteArray(".SS \"hookscope " + roff(command) + " ")),
                 qPrintable(QStringLiteral("no section for hookscope %1 in packaging/man/")
                                .arg(QString::fromLatin1(command))));
}

void TestManPage::everyOptionIsDocumented_data()
{
    QTest::addColumn<QByteArray>("command");
    for (const QByteArray &command : std::as_const(m_commands))
        QTest::addRow("%s", command.constData()) << command;
}

void TestManPage::everyOptionIsDocumented()
{
    QFETCH(QByteArray, command);
    // Each command's --help lists the common options too (--data-dir, --help, --version).
    const QByteArray text = help({QString::fromLatin1(command), QStringLiteral("--help")});
    QVERIFY(!text.isEmpty());
    static const QRegularExpression option(QStringLiteral("^\\s+(?:-\\w, )?(--[a-z][a-z-]*)"),
                                           QRegularExpression::MultilineOption);
    int count = 0;
    for (const QRegularExpressionMatch &match : option.globalMatch(QString::fromUtf8(text))) {
        const QByteArray name = match.captured(1).toLatin1();
        ++count;
        // The whole option: "\-\-body" inside "\-\-body\-file" does not count.
        const QRegularExpression documented(
            QRegularExpression::escape(QString::fromLatin1(roff(name))) +
            QStringLiteral("(?![a-z0-9]|\\\\-)"));
        QVERIFY2(documented.match(QString::fromUtf8(m_page)).hasMatch(),
                 qPrintable(QStringLiteral("hookscope %1: %2 is not in the man page")
                                .arg(QString::fromLatin1(command), QString::fromLatin1(name))));
    }
    QVERIFY2(count >= 3, text.constData());
}

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_man_page.moc"
