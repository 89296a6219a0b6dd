// What follows from a project's fields and ledger, kept beside the Project type.
#include "core/domain.hpp"

namespace zs {

std::set<std::string> PresentGateFields(const Project& p) {
    std::set<std::string> out;
    if (p.investor_id) out.insert("investor_id");
    if (p.total_investment > 0) out.insert("total_investment");
    if (p.fixed_asset_investment > 0) out.insert("fixed_asset_investment");
    if (p.land_mu_hundredths > 0) out.insert("land_area_mu");
    if (!p.industry_code.empty()) out.insert("industry_code");
    if (p.chain_id) out.insert("chain_id");
    if (!p.leader_in_charge.empty()) out.insert("leader_in_charge");
    if (!p.referrer.empty()) out.insert("referrer");
    return out;
}

void RefreshDerived(Project& p, const LifecycleRules& rules) {
    p.stage = Stage(rules, p.category, p.nodes);
    p.signed_date = p.nodes[NodeIndex(Node::kSigned)].actual;
    p.last_progress = LastProgress(p.nodes);
}

}  // namespace zs
