#include "response_plan.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hookscope {

namespace {

QByteArray jsonString(const QString &text)
{
    const QByteArray doc = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return doc.mid(1, doc.size() - 2);
}

const HeaderField jsonContentType{QByteArrayLiteral("Content-Type"),
                                  QByteArrayLiteral("application/json")};

} // namespace

ResponsePlan ResponsePlan::success()
{
    ResponsePlan plan;
    plan.headers = {jsonContentType};
    plan.bodyTemplate = QByteArrayLiteral(R"({"success":true,"id":"{{request.id}}"})");
    return plan;
}

ResponsePlan ResponsePlan::error(int status, const QString &message, const QString &error)
{
    ResponsePlan plan;
    plan.status = status;
    plan.headers = {jsonContentType};
    plan.bodyTemplate = "{\"success\":false,\"message\":" + jsonString(message) +
                        ",\"error\":" + jsonString(error) + '}';
    return plan;
}

} // namespace hookscope
