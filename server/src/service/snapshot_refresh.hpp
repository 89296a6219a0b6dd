// Bringing the indicator engine's snapshot up to the store's data version (issue 3 §5): a full
// LoadSnapshot when there is none yet, when the units or the city's province changed, when the
// change history may have been pruned past it, or when more than a tenth of the projects changed;
// otherwise only the changed projects are read and merged into the current snapshot.
#pragma once

#include <memory>

#include "core/snapshot.hpp"
#include "store/store.hpp"

namespace zs {

enum class SnapshotRefresh { kNone, kIncremental, kFull };

// Returns `current` itself when it is at the data version `tx` reads, else a new snapshot.
std::shared_ptr<const EngineSnapshot> RefreshSnapshot(Tx& tx, std::shared_ptr<const EngineSnapshot> current,
                                                      SnapshotRefresh* how = nullptr);

}  // namespace zs
