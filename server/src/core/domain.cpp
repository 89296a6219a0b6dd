#include "core/domain.hpp"

#include <utility>

namespace zs {
namespace {

constexpr std::pair<Role, std::string_view> kRoleKeys[] = {{Role::kAdmin, "admin"},
                                                           {Role::kDispatcher, "dispatcher"},
                                                           {Role::kReporter, "reporter"},
                                                           {Role::kLeader, "leader"},
                                                           {Role::kReviewer, "reviewer"}};
constexpr std::pair<UnitKind, std::string_view> kUnitKindKeys[] = {{UnitKind::kDevZone, "dev_zone"},
                                                                   {UnitKind::kPark, "park"},
                                                                   {UnitKind::kTown, "town"},
                                                                   {UnitKind::kMunicipal, "municipal"}};

}  // namespace

std::string_view RoleKey(Role r) {
    for (const auto& [role, key] : kRoleKeys) {
        if (role == r) return key;
    }
    return {};
}

std::optional<Role> ParseRole(std::string_view key) {
    for (const auto& [role, k] : kRoleKeys) {
        if (k == key) return role;
    }
    return std::nullopt;
}

std::string_view UnitKindKey(UnitKind k) {
    for (const auto& [kind, key] : kUnitKindKeys) {
        if (kind == k) return key;
    }
    return {};
}

std::optional<UnitKind> ParseUnitKind(std::string_view key) {
    for (const auto& [kind, k] : kUnitKindKeys) {
        if (k == key) return kind;
    }
    return std::nullopt;
}

}  // namespace zs
