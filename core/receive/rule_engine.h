#pragma once

#include "endpoint_rule.h"
#include "response_plan.h"

#include <QHash>

namespace hookscope {

// Applies the endpoint rules to a parsed request: the first enabled rule that matches
// decides; it checks the secret, the JSON body and its required fields, injects
// failures, and picks the response. Only rules with a "signature" pay for verification. Lives on
// the receiver thread.
class RuleEngine
{
public:
    struct Decision
    {
        qint64 endpointId = 0;
        QString endpointName;
        ResponsePlan plan;
        SignatureStatus verification = SignatureStatus::NotConfigured;
        QString verificationDetail;
    };

    void setRules(const QList<EndpointRule> &rules);
    const QList<EndpointRule> &rules() const { return m_rules; }
    Decision decide(const StoredRequest &request);

    // Verifies the request against the rule's signature check (which it must have).
    static void verify(const EndpointRule::SignatureCheck &check, const StoredRequest &request,
                       SignatureStatus *status, QString *detail);

private:
    QList<EndpointRule> m_rules;
    QHash<int, int> m_matchCount; // rule index -> requests seen, for fail.first
};

} // namespace hookscope
