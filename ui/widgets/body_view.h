#pragma once

#include <QByteArray>
#include <QWidget>
#include <optional>

class QAbstractButton;
class QButtonGroup;
class QListView;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace hookscope {

class HexDumpModel;
class JsonHighlighter;
class JsonTreeModel;
class TextLinesModel;

// A body in four forms: pretty JSON with colours, a collapsible JSON tree, raw text and a
// hex dump. JSON opens as Pretty, binary as Hex, other text as Raw. Each form is built the
// first time it is shown.
class BodyView : public QWidget
{
    Q_OBJECT

public:
    enum class Mode
    {
        Pretty,
        Tree,
        Raw,
        Hex
    };
    Q_ENUM(Mode)

    // Larger bodies show pretty and raw text in a line list that decodes only the visible
    // rows (uncoloured): QPlainTextEdit lays out and QSyntaxHighlighter styles the whole
    // document up front, seconds for a few MiB.
    static constexpr qsizetype LargeTextLimit = 256 * 1024;
    static constexpr qsizetype LargeLineLimit = 20000;
    static bool isLargeText(QByteArrayView text);

    explicit BodyView(QWidget *parent = nullptr);
    ~BodyView() override;

    void setBody(const QByteArray &body, const QByteArray &contentType);
    void clear();

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    // The mode a person picked: kept for the next bodies where it applies (Pretty and Tree
    // for JSON; Raw for text; Hex always), as Postman-like tools do.
    void choosePreferredMode(Mode mode);
    bool isModeAvailable(Mode mode) const;
    bool isJson() const { return m_isJson; }
    bool isBinary() const { return m_isBinary; }
    const QByteArray &body() const { return m_body; }

    JsonTreeModel *treeModel() const { return m_treeModel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillCurrent();
    void copyTreeSelection(bool path);
    void copyHexSelection();
    void copyLineSelection();
    Mode defaultMode() const;

    QByteArray m_body;
    QByteArray m_prettyText; // large JSON bodies only
    bool m_isJson = false;
    bool m_prettyLarge = false; // shown in the line list
    bool m_rawLarge = false;
    bool m_isBinary = false;
    Mode m_mode = Mode::Raw;
    std::optional<Mode> m_preferred;
    // Which forms hold the current body already.
    bool m_prettyFilled = false;
    bool m_treeFilled = false;
    bool m_rawFilled = false;
    bool m_hexFilled = false;
    Mode m_linesHold = Mode::Hex; // which text the line list shows (Pretty or Raw)

    QButtonGroup *m_modes;
    QLabel *m_info;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_pretty;
    JsonHighlighter *m_highlighter;
    QTreeView *m_tree;
    JsonTreeModel *m_treeModel;
    QPlainTextEdit *m_raw;
    QTableView *m_hex;
    HexDumpModel *m_hexModel;
    QListView *m_lines;
    TextLinesModel *m_linesModel;
};

} // namespace hookscope
