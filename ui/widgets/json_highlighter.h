#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace hookscope {

// Colours pretty-printed JSON line by line: keys, strings, numbers, literals, punctuation.
// The colours are derived from the palette (light text on a dark base and the reverse), so
// dark mode reads as well as light.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Token
    {
        Key,
        String,
        Number,
        Literal,
        Punctuation
    };

    JsonHighlighter(QTextDocument *document, const QPalette &palette);

    void setPalette(const QPalette &palette);
    // The colour of a token on that palette (also used by the JSON tree).
    static QColor colour(Token token, const QPalette &palette);
    QTextCharFormat format(Token token) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
};

} // namespace hookscope
