#pragma once

#include <QString>

class QLabel;

namespace hookscope {

// The one-line outcome the panes show under their buttons: plain text, or in the error
// colour when something was refused (the service's message names the field).
class MessageLabel
{
public:
    static void show(QLabel *label, const QString &text, bool error);
};

} // namespace hookscope
