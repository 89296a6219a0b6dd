// MergeSnapshot: the incremental refresh of the engine snapshot (issue 3 §5) must give exactly the
// columns a full load of the merged data would give.
#include "core/snapshot.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace zs {
namespace {

// One project as a full load would see it, with its figure rows (month → funds).
struct P {
    int64_t id;
    std::string emerging;  // empty = none
    std::map<int32_t, int64_t> figures;
    int32_t unit = 0;
    int64_t investment = 0;
};

// Builds the snapshot a full LoadSnapshot would build from `projects` (given in id order).
EngineSnapshot Build(const std::vector<P>& projects, int64_t version) {
    EngineSnapshot s;
    s.unit_id = {10, 11};
    s.unit_kind = {0, 1};
    s.data_version = version;
    std::map<std::string, int16_t> names;
    for (const P& p : projects) {
        const auto at = static_cast<int32_t>(s.project_id.size());
        s.project_id.push_back(p.id);
        s.project_unit.push_back(p.unit);
        s.category.push_back(static_cast<uint8_t>(p.id % 4));
        s.terminated.push_back(p.id % 5 == 0 ? 1 : 0);
        s.total_investment.push_back(p.investment != 0 ? p.investment : p.id * 1000);
        s.out_of_province.push_back(p.id % 2);
        int16_t e = -1;
        if (!p.emerging.empty()) {
            auto [it, added] = names.try_emplace(p.emerging, static_cast<int16_t>(s.emerging_names.size()));
            if (added) s.emerging_names.push_back(p.emerging);
            e = it->second;
        }
        s.emerging.push_back(e);
        s.signed_day.push_back(p.id % 3 == 0 ? kNoDay : static_cast<int32_t>(20000 + p.id));
        s.in_stats_day.push_back(static_cast<int32_t>(20100 + p.id));
        s.producing_day.push_back(kNoDay);
        s.above_scale_day.push_back(static_cast<int32_t>(20200 + p.id));
        s.above_scale_route.push_back(static_cast<uint8_t>(p.id % 3));
        s.prov_db_status.push_back(static_cast<uint8_t>(p.id % 4));
        s.prov_db_reported_day.push_back(static_cast<int32_t>(20300 + p.id));
        s.prov_db_confirmed_day.push_back(kNoDay);
        for (const auto& [month, funds] : p.figures) {
            s.fig_project.push_back(at);
            s.fig_month.push_back(month);
            s.fig_funds.push_back(funds);
            s.fig_funds_out.push_back(funds / 2);
            s.fig_fixed_asset.push_back(funds / 3);
            s.fig_output.push_back(funds * 2);
            s.fig_tax.push_back(funds / 10);
        }
    }
    return s;
}

std::vector<P> Base() {
    return {
        {2, "新能源", {{24300, 5}, {24301, 6}}},
        {5, "", {{24300, 7}}},
        {7, "生物医药", {}},
        {9, "新能源", {{24299, 1}, {24300, 2}, {24305, 3}}},
        {12, "新材料", {{24302, 8}}},
    };
}

TEST(MergeSnapshot, NothingChangedKeepsEverythingButTheVersion) {
    const EngineSnapshot base = Build(Base(), 3);
    const EngineSnapshot merged = MergeSnapshot(base, Build({}, 4), {});
    EXPECT_EQ(merged, Build(Base(), 4));
}

TEST(MergeSnapshot, AddChangeAndDeleteGiveTheFullLoad) {
    const EngineSnapshot base = Build(Base(), 3);
    // 1 and 15 are new, 5 changed (new figures, emerging name), 7 deleted, 9 changed (fewer rows),
    // 20 deleted although base never had it (a project inserted and deleted in between).
    const std::vector<P> changed = {
        {1, "数字经济", {{24310, 4}, {24300, 9}}},
        {5, "生物医药", {{24301, 70}, {24300, 71}, {24299, 72}}, 1, 123},
        {9, "新能源", {{24305, 30}}},
        {15, "", {{24300, 1}}},
    };
    const EngineSnapshot merged = MergeSnapshot(base, Build(changed, 8), {9, 1, 5, 7, 15, 20});
    const std::vector<P> expected = {
        {1, "数字经济", {{24310, 4}, {24300, 9}}},
        {2, "新能源", {{24300, 5}, {24301, 6}}},
        {5, "生物医药", {{24301, 70}, {24300, 71}, {24299, 72}}, 1, 123},
        {9, "新能源", {{24305, 30}}},
        {12, "新材料", {{24302, 8}}},
        {15, "", {{24300, 1}}},
    };
    EXPECT_EQ(merged, Build(expected, 8));
    // Spot checks of what Build's equality stands for.
    EXPECT_EQ(merged.emerging_names, (std::vector<std::string>{"数字经济", "新能源", "生物医药", "新材料"}));
    EXPECT_EQ(merged.fig_project, (std::vector<int32_t>{0, 0, 1, 1, 2, 2, 2, 3, 4, 5}));
    EXPECT_EQ(merged.fig_month,
              (std::vector<int32_t>{24300, 24310, 24300, 24301, 24299, 24300, 24301, 24305, 24302, 24300}));
}

TEST(MergeSnapshot, DroppedNamesDisappearAndIndexesCompact) {
    const EngineSnapshot base = Build(Base(), 3);
    // 2 and 9 were the only 新能源 projects; 2 now has none, 9 is deleted.
    const EngineSnapshot merged = MergeSnapshot(base, Build({{2, "", {}}}, 4), {2, 9});
    EXPECT_EQ(merged,
              Build({{2, "", {}}, {5, "", {{24300, 7}}}, {7, "生物医药", {}}, {12, "新材料", {{24302, 8}}}}, 4));
    EXPECT_EQ(merged.emerging_names, (std::vector<std::string>{"生物医药", "新材料"}));
}

TEST(MergeSnapshot, EverythingDeletedOrFromEmpty) {
    const EngineSnapshot base = Build(Base(), 3);
    EXPECT_EQ(MergeSnapshot(base, Build({}, 9), {2, 5, 7, 9, 12}), Build({}, 9));
    EXPECT_EQ(MergeSnapshot(Build({}, 1), base, {2, 5, 7, 9, 12}), base);
}

TEST(MergeSnapshot, RandomEditsMatchTheFullBuild) {
    uint64_t seed = 12345;
    auto next = [&](uint64_t n) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return (seed >> 33) % n;
    };
    const std::vector<std::string> names = {"", "甲", "乙", "丙", "丁"};
    auto random_project = [&](int64_t id) {
        P p{id, names[next(names.size())], {}, static_cast<int32_t>(next(2)), static_cast<int64_t>(next(1000000))};
        const auto rows = next(4);
        for (uint64_t r = 0; r < rows; ++r)
            p.figures[static_cast<int32_t>(24290 + next(20))] = static_cast<int64_t>(next(100));
        return p;
    };
    for (int round = 0; round < 200; ++round) {
        std::map<int64_t, P> before;
        for (int64_t id = 1; id <= 40; ++id) {
            if (next(3) != 0) before.emplace(id, random_project(id));
        }
        std::map<int64_t, P> after = before;
        std::vector<int64_t> ids;
        std::vector<P> changed;
        for (int64_t id = 1; id <= 45; ++id) {
            if (next(4) != 0) continue;
            ids.push_back(id);
            if (next(3) == 0) {
                after.erase(id);
            } else {
                after[id] = random_project(id);
                changed.push_back(after[id]);
            }
        }
        auto list = [](const std::map<int64_t, P>& m) {
            std::vector<P> v;
            for (const auto& [id, p] : m) v.push_back(p);
            return v;
        };
        std::reverse(ids.begin(), ids.end());  // the ids need not be sorted
        ASSERT_EQ(MergeSnapshot(Build(list(before), 1), Build(changed, 2), ids), Build(list(after), 2)) << round;
    }
}

}  // namespace
}  // namespace zs
