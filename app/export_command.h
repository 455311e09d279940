#pragma once

#include <QStringList>

namespace hookscope {

// `hookscope export`: captured requests, events, deliveries or records out as CSV, JSON,
// NDJSON or HAR, recorded in the audit log.
int runExport(const QStringList &arguments);
// `hookscope exports`: the audit log, or which logged exports a file is.
int runExports(const QStringList &arguments);

} // namespace hookscope
