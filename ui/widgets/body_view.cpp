#include "body_view.h"

#include "hex_dump_model.h"
#include "inspect/body_text.h"
#include "inspect/json_document.h"
#include "json_highlighter.h"
#include "json_tree_model.h"
#include "text_lines_model.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace hookscope {

namespace {

QPlainTextEdit *makeTextView(QWidget *parent, const QString &objectName, const QString &name)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return edit;
}

} // namespace

BodyView::BodyView(QWidget *parent)
    : QWidget(parent), m_modes(new QButtonGroup(this)), m_info(new QLabel(this)),
      m_stack(new QStackedWidget(this)),
      m_pretty(makeTextView(this, QStringLiteral("bodyPretty"), tr("Pretty-printed body"))),
      m_highlighter(new JsonHighlighter(m_pretty->document(), palette())),
      m_tree(new QTreeView(this)), m_treeModel(new JsonTreeModel(this)),
      m_raw(makeTextView(this, QStringLiteral("bodyRaw"), tr("Raw body"))),
      m_hex(new QTableView(this)), m_hexModel(new HexDumpModel(this)), m_lines(new QListView(this)),
      m_linesModel(new TextLinesModel(this))
{
    auto *bar = new QHBoxLayout;
    bar->setSpacing(0);
    const struct
    {
        Mode mode;
        QString text;
        const char *objectName;
    } buttons[] = {{Mode::Pretty, tr("Pretty"), "bodyModePretty"},
                   {Mode::Tree, tr("Tree"), "bodyModeTree"},
                   {Mode::Raw, tr("Raw"), "bodyModeRaw"},
                   {Mode::Hex, tr("Hex"), "bodyModeHex"}};
    for (const auto &b : buttons) {
        auto *button = new QToolButton(this);
        button->setText(b.text);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QLatin1String(b.objectName));
        button->setAccessibleName(tr("Show body as %1").arg(b.text));
        m_modes->addButton(button, int(b.mode));
        bar->addWidget(button);
    }
    m_modes->setExclusive(true);
    bar->addSpacing(12);
    m_info->setObjectName(QStringLiteral("bodyInfo"));
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_info, 1);

    m_tree->setObjectName(QStringLiteral("bodyTree"));
    m_tree->setAccessibleName(tr("JSON tree"));
    m_tree->setModel(m_treeModel);
    m_treeModel->setPalette(palette());
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->resizeSection(JsonTreeModel::KeyColumn, 220);
    m_tree->header()->resizeSection(JsonTreeModel::ValueColumn, 320);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyPath = new QAction(tr("Copy path"), m_tree);
    copyPath->setObjectName(QStringLiteral("copyJsonPathAction"));
    connect(copyPath, &QAction::triggered, this, [this] { copyTreeSelection(true); });
    auto *copyValue = new QAction(tr("Copy value"), m_tree);
    copyValue->setObjectName(QStringLiteral("copyJsonValueAction"));
    copyValue->setShortcut(QKeySequence::Copy);
    copyValue->setShortcutContext(Qt::WidgetShortcut);
    connect(copyValue, &QAction::triggered, this, [this] { copyTreeSelection(false); });
    m_tree->addAction(copyPath);
    m_tree->addAction(copyValue);

    m_hex->setObjectName(QStringLiteral("bodyHex"));
    m_hex->setAccessibleName(tr("Body as hex"));
    m_hex->setModel(m_hexModel);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hex->setShowGrid(false);
    m_hex->setWordWrap(false);
    m_hex->verticalHeader()->hide();
    // Fixed sizes: nothing measures the rows, which keeps a 10 MiB body instant.
    m_hex->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_hex->verticalHeader()->setDefaultSectionSize(m_hex->fontMetrics().height() + 4);
    m_hex->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm(m_hex->font());
    m_hex->horizontalHeader()->resizeSection(HexDumpModel::OffsetColumn,
                                             fm.horizontalAdvance(QStringLiteral("00000000")) + 16);
    m_hex->horizontalHeader()->resizeSection(
        HexDumpModel::HexColumn,
        fm.horizontalAdvance(QString(HexDumpModel::BytesPerRow * 3 + 1, QLatin1Char('0'))) + 16);
    m_hex->horizontalHeader()->setStretchLastSection(true);

    m_stack->insertWidget(int(Mode::Pretty), m_pretty);
    m_stack->insertWidget(int(Mode::Tree), m_tree);
    m_stack->insertWidget(int(Mode::Raw), m_raw);
    m_stack->insertWidget(int(Mode::Hex), m_hex);

    m_lines->setObjectName(QStringLiteral("bodyLines"));
    m_lines->setAccessibleName(tr("Body text"));
    m_lines->setModel(m_linesModel);
    m_lines->setUniformItemSizes(true);
    m_lines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lines->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_lines->setTextElideMode(Qt::ElideNone);
    m_stack->addWidget(m_lines);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    connect(m_modes, &QButtonGroup::idClicked, this,
            [this](int id) { choosePreferredMode(Mode(id)); });

    // Ctrl+C in the byte and line lists copies the selected rows.
    auto *copyHex = new QAction(tr("Copy"), m_hex);
    copyHex->setObjectName(QStringLiteral("copyHexAction"));
    copyHex->setShortcut(QKeySequence::Copy);
    copyHex->setShortcutContext(Qt::WidgetShortcut);
    connect(copyHex, &QAction::triggered, this, &BodyView::copyHexSelection);
    m_hex->addAction(copyHex);
    m_hex->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_hex->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *copyLines = new QAction(tr("Copy"), m_lines);
    copyLines->setObjectName(QStringLiteral("copyLinesAction"));
    copyLines->setShortcut(QKeySequence::Copy);
    copyLines->setShortcutContext(Qt::WidgetShortcut);
    connect(copyLines, &QAction::triggered, this, &BodyView::copyLineSelection);
    m_lines->addAction(copyLines);
    m_lines->setContextMenuPolicy(Qt::ActionsContextMenu);
    clear();
}

BodyView::~BodyView() = default;

void BodyView::clear()
{
    setBody({}, {});
}

bool BodyView::isLargeText(QByteArrayView text)
{
    return text.size() > LargeTextLimit || text.count('\n') > LargeLineLimit;
}

void BodyView::setBody(const QByteArray &body, const QByteArray &contentType)
{
    m_body = body;
    m_isBinary = !body.isEmpty() && !BodyText::isText(body);
    QByteArray pretty;
    m_isJson = !m_isBinary && JsonDocument::prettyPrint(body, &pretty);
    m_rawLarge = isLargeText(body);
    m_prettyLarge = m_isJson && isLargeText(pretty);
    m_prettyFilled = m_treeFilled = m_rawFilled = m_hexFilled = false;
    m_linesHold = Mode::Hex;
    m_pretty->clear();
    m_treeModel->clear();
    m_raw->clear();
    m_hexModel->setBytes({});
    m_linesModel->setText({});
    m_prettyText.clear();
    // The pretty text is already made; keep it rather than formatting twice.
    if (m_prettyLarge)
        m_prettyText = std::move(pretty);
    else if (m_isJson)
        m_pretty->setPlainText(QString::fromUtf8(pretty));
    m_prettyFilled = m_isJson;

    QString info;
    const QString size = QLocale().formattedDataSize(body.size(), 1, QLocale::DataSizeIecFormat);
    if (body.isEmpty()) {
        info = tr("No body");
    } else if (m_isBinary) {
        info = tr("%1, binary").arg(size);
    } else if (!m_isJson && BodyText::isJsonContentType(contentType)) {
        const JsonDocument doc = JsonDocument::parse(body);
        info = tr("%1; not valid JSON: %2 at byte %3")
                   .arg(size, doc.errorString())
                   .arg(doc.errorOffset());
    } else {
        info = size;
    }
    m_info->setText(info);

    m_modes->button(int(Mode::Pretty))->setEnabled(m_isJson);
    m_modes->button(int(Mode::Tree))->setEnabled(m_isJson);
    setMode(defaultMode());
}

BodyView::Mode BodyView::defaultMode() const
{
    const Mode natural = m_isJson ? Mode::Pretty : m_isBinary ? Mode::Hex : Mode::Raw;
    if (!m_preferred || !isModeAvailable(*m_preferred))
        return natural;
    // Raw text of a binary body is noise: a binary body stays in Hex unless asked otherwise.
    if (m_isBinary && *m_preferred != Mode::Hex)
        return natural;
    return *m_preferred;
}

void BodyView::choosePreferredMode(Mode mode)
{
    m_preferred = mode;
    setMode(mode);
}

bool BodyView::isModeAvailable(Mode mode) const
{
    return (mode != Mode::Pretty && mode != Mode::Tree) || m_isJson;
}

void BodyView::setMode(Mode mode)
{
    if (!isModeAvailable(mode))
        mode = m_isBinary ? Mode::Hex : Mode::Raw;
    m_mode = mode;
    m_modes->button(int(mode))->setChecked(true);
    fillCurrent();
}

void BodyView::fillCurrent()
{
    // Large text goes to the line list, filled with what the mode shows.
    if ((m_mode == Mode::Pretty && m_prettyLarge) || (m_mode == Mode::Raw && m_rawLarge)) {
        if (m_linesHold != m_mode) {
            m_linesModel->setText(m_mode == Mode::Pretty ? m_prettyText : m_body);
            m_linesHold = m_mode;
        }
        m_stack->setCurrentWidget(m_lines);
        return;
    }
    m_stack->setCurrentIndex(int(m_mode));
    switch (m_mode) {
    case Mode::Pretty:
        break; // filled with the body
    case Mode::Tree:
        if (!m_treeFilled) {
            m_treeModel->setJson(m_body);
            m_treeFilled = true;
            // Open the first level; deeper ones on demand.
            m_tree->expandToDepth(0);
        }
        break;
    case Mode::Raw:
        if (!m_rawFilled) {
            m_raw->setPlainText(BodyText::display(m_body));
            m_rawFilled = true;
        }
        break;
    case Mode::Hex:
        if (!m_hexFilled) {
            m_hexModel->setBytes(m_body);
            m_hexFilled = true;
        }
        break;
    }
}

void BodyView::copyTreeSelection(bool path)
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    const QModelIndex first = current.siblingAtColumn(0);
    QApplication::clipboard()->setText(path ? m_treeModel->path(first)
                                            : m_treeModel->copyValue(first));
}

void BodyView::copyHexSelection()
{
    QModelIndexList rows = m_hex->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const QModelIndex &row : std::as_const(rows)) {
        lines << row.siblingAtColumn(HexDumpModel::OffsetColumn).data().toString() +
                     QStringLiteral("  ") +
                     row.siblingAtColumn(HexDumpModel::HexColumn).data().toString() +
                     QStringLiteral("  |") +
                     row.siblingAtColumn(HexDumpModel::AsciiColumn).data().toString() +
                     QLatin1Char('|');
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void BodyView::copyLineSelection()
{
    QModelIndexList rows = m_lines->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const QModelIndex &row : std::as_const(rows))
        lines << row.data().toString();
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void BodyView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        m_treeModel->setPalette(palette());
    }
    QWidget::changeEvent(event);
}

} // namespace hookscope
