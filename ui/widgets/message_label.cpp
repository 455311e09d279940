#include "message_label.h"

#include <QApplication>
#include <QLabel>
#include <QPalette>

namespace hookscope {

void MessageLabel::show(QLabel *label, const QString &text, bool error)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText,
                     error ? QColor(0xd0, 0x40, 0x40)
                           : QApplication::palette(label).color(QPalette::WindowText));
    label->setPalette(palette);
    label->setText(text);
}

} // namespace hookscope
