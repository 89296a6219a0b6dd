#include "service/snapshot_refresh.hpp"

#include <algorithm>

namespace zs {

std::shared_ptr<const EngineSnapshot> RefreshSnapshot(Tx& tx, std::shared_ptr<const EngineSnapshot> current,
                                                      SnapshotRefresh* how) {
    auto report = [&](SnapshotRefresh r) {
        if (how != nullptr) *how = r;
    };
    const int64_t version = tx.DataVersion();
    if (current && current->data_version == version) {
        report(SnapshotRefresh::kNone);
        return current;
    }
    // Within half the kept history, so the changes since `current` are all still recorded.
    if (current && current->data_version < version && version - current->data_version < kSnapshotChangeHistory / 2) {
        const std::vector<int64_t> ids = tx.ChangedProjectsSince(current->data_version);
        const bool units_changed = !ids.empty() && ids.front() == 0;  // ascending: 0 comes first
        if (!units_changed && ids.size() * 10 <= current->project_id.size()) {
            EngineSnapshot changed;
            tx.LoadSnapshotProjects(ids, changed);
            if (changed.unit_id == current->unit_id && changed.unit_kind == current->unit_kind) {
                report(SnapshotRefresh::kIncremental);
                return std::make_shared<const EngineSnapshot>(MergeSnapshot(*current, changed, ids));
            }
        }
    }
    auto fresh = std::make_shared<EngineSnapshot>();
    tx.LoadSnapshot(*fresh);
    report(SnapshotRefresh::kFull);
    return fresh;
}

}  // namespace zs
