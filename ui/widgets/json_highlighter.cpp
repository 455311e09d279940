#include "json_highlighter.h"

namespace hookscope {

JsonHighlighter::JsonHighlighter(QTextDocument *document, const QPalette &palette)
    : QSyntaxHighlighter(document)
{
    setPalette(palette);
}

QColor JsonHighlighter::colour(Token token, const QPalette &palette)
{
    const bool dark =
        palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
    // Same hues in both themes; lightness flips with the base so contrast stays high.
    const auto tone = [dark](int hue, int saturation) {
        return QColor::fromHsl(hue, saturation, dark ? 180 : 80);
    };
    switch (token) {
    case Token::Key:
        return tone(210, 200);
    case Token::String:
        return tone(120, dark ? 120 : 200);
    case Token::Number:
        return tone(25, 220);
    case Token::Literal:
        return tone(290, 150);
    case Token::Punctuation: {
        // Between text and background: quieter than values, readable on light and dark bases.
        const QColor text = palette.color(QPalette::Text);
        const QColor base = palette.color(QPalette::Base);
        return QColor::fromRgbF(0.6f * text.redF() + 0.4f * base.redF(),
                                0.6f * text.greenF() + 0.4f * base.greenF(),
                                0.6f * text.blueF() + 0.4f * base.blueF());
    }
    }
    return palette.color(QPalette::Text);
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    const auto formatFor = [&palette](Token token) {
        QTextCharFormat format;
        format.setForeground(colour(token, palette));
        return format;
    };
    m_key = formatFor(Token::Key);
    m_key.setFontWeight(QFont::DemiBold);
    m_string = formatFor(Token::String);
    m_number = formatFor(Token::Number);
    m_literal = formatFor(Token::Literal);
    m_punctuation = formatFor(Token::Punctuation);
    rehighlight();
}

QTextCharFormat JsonHighlighter::format(Token token) const
{
    switch (token) {
    case Token::Key:
        return m_key;
    case Token::String:
        return m_string;
    case Token::Number:
        return m_number;
    case Token::Literal:
        return m_literal;
    case Token::Punctuation:
        return m_punctuation;
    }
    return {};
}

// Tolerant per-line scan: the pretty printer puts at most one member on a line, but any
// text is accepted; an unterminated string simply runs to the end of the line.
void JsonHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n && text.at(j) != QLatin1Char('"'))
                j += text.at(j) == QLatin1Char('\\') ? 2 : 1;
            j = std::min(j + 1, n);
            qsizetype k = j;
            while (k < n && text.at(k).isSpace())
                ++k;
            const bool isKey = k < n && text.at(k) == QLatin1Char(':');
            setFormat(int(i), int(j - i), isKey ? m_key : m_string);
            i = j;
        } else if (c == QLatin1Char('-') || c.isDigit()) {
            qsizetype j = i + 1;
            while (j < n && (text.at(j).isDigit() || QStringView(u".eE+-").contains(text.at(j))))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
        } else if (c.isLetter()) {
            qsizetype j = i + 1;
            while (j < n && text.at(j).isLetter())
                ++j;
            setFormat(int(i), int(j - i), m_literal);
            i = j;
        } else if (QStringView(u"{}[],:").contains(c)) {
            setFormat(int(i), 1, m_punctuation);
            ++i;
        } else {
            ++i;
        }
    }
}

} // namespace hookscope
