#include "core/domain.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

TEST(DomainTest, RoleKeysRoundTrip) {
    const std::pair<Role, std::string_view> roles[] = {{Role::kAdmin, "admin"},
                                                       {Role::kDispatcher, "dispatcher"},
                                                       {Role::kReporter, "reporter"},
                                                       {Role::kLeader, "leader"},
                                                       {Role::kReviewer, "reviewer"}};
    for (const auto& [role, key] : roles) {
        EXPECT_EQ(RoleKey(role), key);
        EXPECT_EQ(ParseRole(key), role);
    }
    EXPECT_FALSE(ParseRole(""));
    EXPECT_FALSE(ParseRole("Admin"));
    EXPECT_FALSE(ParseRole("root"));
}

TEST(DomainTest, UnitKindKeysRoundTrip) {
    const std::pair<UnitKind, std::string_view> kinds[] = {{UnitKind::kDevZone, "dev_zone"},
                                                           {UnitKind::kPark, "park"},
                                                           {UnitKind::kTown, "town"},
                                                           {UnitKind::kMunicipal, "municipal"}};
    for (const auto& [kind, key] : kinds) {
        EXPECT_EQ(UnitKindKey(kind), key);
        EXPECT_EQ(ParseUnitKind(key), kind);
    }
    EXPECT_FALSE(ParseUnitKind("devzone"));
    EXPECT_FALSE(ParseUnitKind(""));
}

TEST(DomainTest, ProjectDefaultsHaveAFullLedger) {
    const Project p;
    for (int i = 0; i < kNodeCount; ++i) EXPECT_EQ(p.nodes[i].node, kAllNodes[i]);
}

}  // namespace
}  // namespace zs
