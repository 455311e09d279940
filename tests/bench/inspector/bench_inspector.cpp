// Inspector benchmark: the real main window over a generated database, on the offscreen
// platform. Prints the figures issue 3 sets targets for, each next to a reference measured in
// the same run:
//   first rows    start (open + list + first paint) vs the bare SQLite count(*) of the table
//   scroll jump   jump to a random row and paint, vs the same paint without a jump
//   filter        change of filter until its first rows are painted, and until the whole id
//                 list is in, vs the bare id scan of RequestBrowser
//   RSS           resident memory after all of it (VmRSS, VmHWM)
//   stall         the longest gap of a 1 ms timer while wrk posts to the window's own
//                 receiver (wall time, and the GUI thread's CPU time within the gap), vs
//                 the same timer with no load
//   hookscope_bench_inspector --data-dir DIR --wrk PATH --lua FILE [--wrk-seconds N]
#include "app_settings.h"
#include "engine.h"
#include "main_window.h"
#include "models/request_list_model.h"
#include "store/database.h"
#include "store/request_browser.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace hookscope;

namespace {

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype at = qMin(values.size() - 1, qsizetype(p * double(values.size())));
    return ms(values.at(at));
}

QByteArray procStatus(const char *key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return "?";
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed();
    }
    return "?";
}

// Paints what the view shows now, as a frame would: every visible row asks the model.
void paint(QTableView *view)
{
    view->viewport()->repaint();
}

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Gaps between the ticks of a 1 ms timer for `durationMs`: wall time, and the GUI thread's
// own CPU time within each gap. With more busy threads than cores (wrk, the receiver, the
// writer and the window on 2 cores) a wall gap can be the scheduler's doing; the CPU time
// in a gap is what the event loop itself spent without getting back to its timers.
struct Stall
{
    double maxMs = 0;
    double p99Ms = 0;
    double maxBusyMs = 0;
    double p99BusyMs = 0;
};

Stall measureStall(int durationMs, const std::function<bool()> &keepGoing = {})
{
    QList<qint64> gaps;
    QList<qint64> busy;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    qint64 lastCpu = threadCpuNs();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        gaps.append(now - last);
        busy.append(cpu - lastCpu);
        last = now;
        lastCpu = cpu;
    });
    tick.start();
    QEventLoop loop;
    QTimer end;
    end.setInterval(50);
    QObject::connect(&end, &QTimer::timeout, [&] {
        if (clock.elapsed() >= durationMs && (!keepGoing || !keepGoing()))
            loop.quit();
    });
    end.start();
    loop.exec();
    Stall s;
    if (!gaps.isEmpty()) {
        s.maxMs = percentile(gaps, 1.0);
        s.p99Ms = percentile(gaps, 0.99);
        s.maxBusyMs = percentile(busy, 1.0);
        s.p99BusyMs = percentile(busy, 0.99);
    }
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("database"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption wrk(QStringLiteral("wrk"), QStringLiteral("wrk binary"),
                                 QStringLiteral("PATH"), QStringLiteral("wrk"));
    const QCommandLineOption lua(QStringLiteral("lua"), QStringLiteral("post.lua"),
                                 QStringLiteral("FILE"));
    const QCommandLineOption wrkSeconds(QStringLiteral("wrk-seconds"),
                                        QStringLiteral("load duration"), QStringLiteral("N"),
                                        QStringLiteral("10"));
    parser.addOptions({dataDir, wrk, lua, wrkSeconds});
    parser.process(app);
    if (!parser.isSet(dataDir) || !parser.isSet(lua)) {
        std::fprintf(stderr, "usage: hookscope_bench_inspector --data-dir DIR --lua FILE "
                             "[--wrk PATH] [--wrk-seconds N]\n");
        return 2;
    }
    QTemporaryDir settingsDir;
    AppSettings settings(settingsDir.filePath(QStringLiteral("bench.ini")));
    settings.setPort(0);
    settings.setRetentionMaxCount(0);
    settings.setRetentionMaxAgeDays(0);

    // Reference for the start: SQLite counting the rows on its own.
    QElapsedTimer clock;
    qint64 countNs = 0;
    qint64 stored = 0;
    {
        Database db(Database::fileIn(parser.value(dataDir)), QStringLiteral("bench-reference"));
        if (!db.open()) {
            std::fprintf(stderr, "cannot open %s\n", qPrintable(db.path()));
            return 1;
        }
        clock.start();
        stored = RequestBrowser(db.connection()).totalCount();
        countNs = clock.nsecsElapsed();
    }

    clock.restart();
    Engine engine;
    if (!engine.open(parser.value(dataDir))) {
        std::fprintf(stderr, "%s\n", qPrintable(engine.errorString()));
        return 1;
    }
    MainWindow window(&engine, &settings);
    window.resize(1400, 900);
    window.show();
    window.start();
    QTableView *list = window.requestList();
    RequestListModel *model = window.requestModel();
    QCoreApplication::processEvents();
    paint(list);
    const qint64 firstRowsNs = clock.nsecsElapsed();
    const QByteArray rssAfterStart = procStatus("VmRSS:");

    std::printf("inspector benchmark over %lld stored requests\n", stored);
    std::printf("  first rows visible     %8.1f ms  (target < 1000)   reference count(*) %.1f ms\n",
                ms(firstRowsNs), ms(countNs));

    // Scroll jumps: random rows, painted; the reference is a paint with no jump.
    QRandomGenerator random(42);
    QList<qint64> jumps;
    QList<qint64> stillPaints;
    QScrollBar *bar = list->verticalScrollBar();
    for (int i = 0; i < 40; ++i) {
        clock.restart();
        bar->setValue(random.bounded(qMax(1, bar->maximum())));
        paint(list);
        jumps.append(clock.nsecsElapsed());
        clock.restart();
        paint(list);
        stillPaints.append(clock.nsecsElapsed());
    }
    std::printf("  scroll jump  median %6.2f ms  p95 %6.2f ms  max %6.2f ms  (target < 200)   "
                "reference paint %.2f ms\n",
                percentile(jumps, 0.5), percentile(jumps, 0.95), percentile(jumps, 1.0),
                percentile(stillPaints, 0.5));

    // Filter changes, each against the bare id scan of the same filter.
    struct Case
    {
        const char *name;
        RequestFilter filter;
    };
    QList<Case> cases;
    RequestFilter f;
    f.methods = {"POST"};
    cases.append({"method POST", f});
    f = {};
    f.statusClass = 5;
    cases.append({"status 5xx", f});
    f = {};
    f.eventType = QStringLiteral("user.*");
    cases.append({"event user.*", f});
    f = {};
    f.pathGlob = QStringLiteral("/hooks/git*");
    cases.append({"path /hooks/git*", f});
    f = {};
    f.text = QStringLiteral("lisbon");
    cases.append({"text lisbon", f});
    f = {};
    f.text = QStringLiteral("ann.4242");
    cases.append({"text ann.4242", f});
    f.text = QStringLiteral("tag-7 osaka");
    f.methods = {"POST"};
    f.statusClass = 2;
    cases.append({"text+method+status", f});
    f = {};
    f.fromUs = (QDateTime::currentMSecsSinceEpoch() - 86400000ll) * 1000;
    cases.append({"last 24 hours", f});
    cases.append({"no filter", RequestFilter()});
    Database referenceDb(Database::fileIn(parser.value(dataDir)), QStringLiteral("bench-ids"));
    referenceDb.open();
    RequestBrowser reference(referenceDb.connection());
    double worstFilter = 0;
    for (const Case &c : cases) {
        QList<qint64> ids;
        clock.restart();
        reference.ids(c.filter, &ids);
        const qint64 bareNs = clock.nsecsElapsed();
        clock.restart();
        model->setFilter(c.filter);
        paint(list);
        const qint64 modelNs = clock.nsecsElapsed();
        // The first window is on screen; the rest of the ids arrive from the loader thread.
        while (!model->isComplete())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        const qint64 completeNs = clock.nsecsElapsed();
        worstFilter = qMax(worstFilter, ms(modelNs));
        std::printf("  filter %-20s shown %6.1f ms  complete %6.1f ms  rows %8lld   reference "
                    "id scan %6.1f ms  ratio shown/reference %.2f\n",
                    c.name, ms(modelNs), ms(completeNs), qint64(model->rowCount()), ms(bareNs),
                    bareNs ? double(modelNs) / double(bareNs) : 0.0);
        if (qint64(model->rowCount()) != ids.size())
            std::printf("    MISMATCH: the model lists %lld rows, the reference %lld\n",
                        qint64(model->rowCount()), qint64(ids.size()));
    }
    std::printf("  filter change worst shown %6.1f ms  (target < 200)\n", worstFilter);
    std::printf(
        "  RSS after start %s, after scrolling and filtering %s, peak %s  (target < 200 MB)\n",
        rssAfterStart.constData(), procStatus("VmRSS:").constData(),
        procStatus("VmHWM:").constData());

    // Event-loop stall: idle first (reference), then while wrk posts at full speed to the
    // window's own receiver and the list takes the arrivals live.
    model->setFilter({});
    const Stall idle = measureStall(2000);
    const qint64 before = model->totalCount();
    QProcess load;
    const int seconds = parser.value(wrkSeconds).toInt();
    const QString url = engine.receiverUrl().toString() + QStringLiteral("/webhooks/bench");
    load.start(parser.value(wrk),
               {QStringLiteral("-t2"), QStringLiteral("-c32"),
                QStringLiteral("-d%1s").arg(seconds + 2), QStringLiteral("-s"), parser.value(lua),
                url, QStringLiteral("--"), QString::number(seconds), QStringLiteral("16")});
    if (!load.waitForStarted()) {
        std::fprintf(stderr, "cannot start wrk: %s\n", qPrintable(load.errorString()));
        return 1;
    }
    const Stall busy =
        measureStall(seconds * 1000, [&] { return load.state() != QProcess::NotRunning; });
    const QByteArray wrkOut = load.readAllStandardOutput();
    QByteArray result;
    for (const QByteArray &line : wrkOut.split('\n')) {
        if (line.startsWith("RESULT"))
            result = line;
    }
    QCoreApplication::processEvents();
    measureStall(300); // let the last coalesced refresh land
    std::printf("  event loop while idle  gap max %6.1f ms  p99 %5.1f ms   GUI-thread CPU in a gap "
                "max %5.1f ms  p99 %5.1f ms\n",
                idle.maxMs, idle.p99Ms, idle.maxBusyMs, idle.p99BusyMs);
    std::printf("  event loop under wrk   gap max %6.1f ms  p99 %5.1f ms   GUI-thread CPU in a gap "
                "max %5.1f ms  p99 %5.1f ms  (target < 50)\n",
                busy.maxMs, busy.p99Ms, busy.maxBusyMs, busy.p99BusyMs);
    std::printf("  wrk: %s\n", result.isEmpty() ? "no RESULT line" : result.constData());
    std::printf("  captured during load %lld, list rows %lld\n", model->totalCount() - before,
                qint64(model->rowCount()));
    std::printf("  RSS at the end %s, peak %s\n", procStatus("VmRSS:").constData(),
                procStatus("VmHWM:").constData());
    window.close();
    engine.stopAndWait();
    return result.isEmpty() ? 1 : 0;
}
