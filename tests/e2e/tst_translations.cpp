// The translation template the build extracts with lupdate (build/translations/hookscope.ts):
// it holds the strings of the window, its dialogs, the tray and the command line, each
// under the context tr() looks it up in at run time.
#include <QFile>
#include <QHash>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void holdsTheStrings_data();
    void holdsTheStrings();
    void everyMessageHasASource();

private:
    QHash<QString, QStringList> m_sources; // context -> source texts
    int m_messages = 0;
    int m_empty = 0;
};

void TestTranslations::initTestCase()
{
    QFile file(QStringLiteral(HOOKSCOPE_TS_FILE));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            const QString source = xml.readElementText();
            ++m_messages;
            if (source.isEmpty())
                ++m_empty;
            m_sources[context] << source;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(m_messages > 300);
}

void TestTranslations::holdsTheStrings_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    const auto row = [](const char *context, const char *source) {
        QTest::addRow("%s: %s", context, source)
            << QString::fromLatin1(context) << QString::fromUtf8(source);
    };
    row("hookscope::MainWindow", "Pause &Capture");
    row("hookscope::MainWindow", "Copy Receiver &URL");
    row("hookscope::FirstRunView", "Send a &Sample Webhook");
    row("hookscope::FirstRunView", "Subscriptions");
    row("hookscope::AboutDialog", "Database size:");
    row("hookscope::NewRequestNotifier", "&Show Hookscope");
    row("hookscope::NewRequestNotifier", "%n new requests");
    row("hookscope::SettingsDialog", "&Port:");
    row("hookscope::SingleInstance", "the running Hookscope (%1) did not answer");
    row("gui", "Hookscope is already running (process %1); its window was raised.");
    row("serve", "Address to listen on (default 127.0.0.1).");
    // SignatureOptions declares its tr() (Q_DECLARE_TR_FUNCTIONS): the same context both ways.
    row("SignatureOptions", "The body, as text.");
}

void TestTranslations::holdsTheStrings()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QVERIFY2(m_sources.contains(context), qPrintable(context));
    QVERIFY2(m_sources.value(context).contains(source), qPrintable(source));
}

void TestTranslations::everyMessageHasASource()
{
    QCOMPARE(m_empty, 0);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
