#include "core/domain.hpp"

#include <utility>

#include "core/enum_keys.hpp"

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
constexpr std::pair<ActivityKind, std::string_view> kActivityKindKeys[] = {
    {ActivityKind::kTrip, "trip"}, {ActivityKind::kVisit, "visit"}, {ActivityKind::kExhibition, "exhibition"}};

}  // namespace

std::string_view RoleKey(Role r) { return KeyOf(kRoleKeys, r); }
std::optional<Role> ParseRole(std::string_view key) { return ValueOf(kRoleKeys, key); }
std::string_view UnitKindKey(UnitKind k) { return KeyOf(kUnitKindKeys, k); }
std::optional<UnitKind> ParseUnitKind(std::string_view key) { return ValueOf(kUnitKindKeys, key); }
std::string_view ActivityKindKey(ActivityKind k) { return KeyOf(kActivityKindKeys, k); }
std::optional<ActivityKind> ParseActivityKind(std::string_view key) { return ValueOf(kActivityKindKeys, key); }

}  // namespace zs
