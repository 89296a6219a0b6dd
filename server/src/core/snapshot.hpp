// The compact columnar snapshot the indicator engine computes from: one vector per column,
// projects and units by index, monthly figures (current revision only) as rows pointing at
// their project. Built by the store (Tx::LoadSnapshot) and refreshed when the data version moves.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace zs {

inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();  // a date that is not set

// Provincial project database (入省库) status of a project.
enum class ProvDbStatus : uint8_t { kNone = 0, kPending = 1, kConfirmed = 2, kRejected = 3 };
// How a project's enterprise became above-scale (入规).
enum class AboveScaleRoute : uint8_t { kNone = 0, kUpgrade = 1 /* 小升规 */, kNewProduction = 2 /* 新投产入规 */ };

struct EngineSnapshot {
    // --- units (index = position)
    std::vector<int64_t> unit_id;
    std::vector<uint8_t> unit_kind;  // UnitKind

    // --- projects (index = position); every vector has the same length
    std::vector<int64_t> project_id;
    std::vector<int32_t> project_unit;        // index into the unit vectors
    std::vector<uint8_t> category;            // Category
    std::vector<uint8_t> terminated;          // 0/1
    std::vector<int64_t> total_investment;    // yuan
    std::vector<uint8_t> out_of_province;     // investor registered outside the city's province (0 without investor)
    std::vector<int16_t> emerging;            // index into emerging_names, -1 = none
    std::vector<int32_t> signed_day;          // Date::days() of the actual 签约 date, kNoDay when none
    std::vector<int32_t> in_stats_day;        // actual 入统
    std::vector<int32_t> producing_day;       // actual 投产
    std::vector<int32_t> above_scale_day;     // actual 入规
    std::vector<uint8_t> above_scale_route;   // AboveScaleRoute
    std::vector<uint8_t> prov_db_status;      // ProvDbStatus
    std::vector<int32_t> prov_db_reported_day;   // reported upward (待审核 since)
    std::vector<int32_t> prov_db_confirmed_day;  // confirmed by the province (已认定)
    std::vector<std::string> emerging_names;  // distinct emerging_industry texts

    // --- monthly figures: the current revision of each (project, month); sorted by project, month
    std::vector<int32_t> fig_project;         // index into the project vectors
    std::vector<int32_t> fig_month;           // year * 12 + (month - 1)
    std::vector<int64_t> fig_funds;           // 实际到位资金, yuan
    std::vector<int64_t> fig_funds_out;       // of which from outside the province
    std::vector<int64_t> fig_fixed_asset;     // 完成固定资产投资
    std::vector<int64_t> fig_output;          // 产值/营业收入
    std::vector<int64_t> fig_tax;             // 税收

    int64_t data_version = 0;  // the store's counter when this was read

    bool operator==(const EngineSnapshot&) const = default;  // column by column

    // Room for `projects` projects in every project column and `figures` rows in every figure column.
    void Reserve(size_t projects, size_t figures);
};

// The incremental refresh: `base` without the projects of `changed_ids` (and their figure rows),
// plus every project and figure row of `changed` (read for those ids; a deleted project is simply
// absent there). Projects stay sorted by id, figure rows by project then month, emerging_names are
// re-indexed by first use in project order, exactly as a full load builds them. Units and
// data_version come from `changed`: the caller reloads fully when the units changed. O(N + rows).
EngineSnapshot MergeSnapshot(const EngineSnapshot& base, const EngineSnapshot& changed,
                             const std::vector<int64_t>& changed_ids);

}  // namespace zs
