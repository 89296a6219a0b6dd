// Project status from a summary of its ledger, and the local calendar date of a timestamp.
#include "core/date.hpp"
#include "core/lifecycle.hpp"

namespace zs {

Date LocalDateOfUnix(int64_t unix_seconds) {
    int64_t local = unix_seconds + 8 * 3600;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return Date::FromDays(static_cast<int32_t>(days));
}

ProjectStatus StatusFromSummary(bool terminated, std::optional<Node> stage, int overdue_nodes, Date since, Date today,
                                int stalled_days) {
    if (terminated) return ProjectStatus::kTerminated;
    if (stage == Node::kFullCapacity) return ProjectStatus::kCompleted;
    if (overdue_nodes > 0) return ProjectStatus::kDelayed;
    if (today.days() - since.days() > stalled_days) return ProjectStatus::kStalled;
    return ProjectStatus::kNormal;
}

}  // namespace zs
