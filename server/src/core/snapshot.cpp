#include "core/snapshot.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace zs {

void EngineSnapshot::Reserve(size_t projects, size_t figures) {
    project_id.reserve(projects);
    project_unit.reserve(projects);
    category.reserve(projects);
    terminated.reserve(projects);
    total_investment.reserve(projects);
    out_of_province.reserve(projects);
    emerging.reserve(projects);
    signed_day.reserve(projects);
    in_stats_day.reserve(projects);
    producing_day.reserve(projects);
    above_scale_day.reserve(projects);
    above_scale_route.reserve(projects);
    prov_db_status.reserve(projects);
    prov_db_reported_day.reserve(projects);
    prov_db_confirmed_day.reserve(projects);
    fig_project.reserve(figures);
    fig_month.reserve(figures);
    fig_funds.reserve(figures);
    fig_funds_out.reserve(figures);
    fig_fixed_asset.reserve(figures);
    fig_output.reserve(figures);
    fig_tax.reserve(figures);
}
namespace {

// Where each project's figure rows start in `s` (rows are sorted by project index): rows of project
// p are [start[p], start[p + 1]).
std::vector<size_t> FigureStarts(const EngineSnapshot& s) {
    std::vector<size_t> start(s.project_id.size() + 1, 0);
    for (int32_t p : s.fig_project) {
        if (p < 0 || static_cast<size_t>(p) >= s.project_id.size()) {
            throw std::invalid_argument("MergeSnapshot: figure row without its project");
        }
        ++start[static_cast<size_t>(p) + 1];
    }
    for (size_t p = 0; p < s.project_id.size(); ++p) start[p + 1] += start[p];
    return start;
}

}  // namespace

EngineSnapshot MergeSnapshot(const EngineSnapshot& base, const EngineSnapshot& changed,
                             const std::vector<int64_t>& changed_ids) {
    std::vector<int64_t> drop = changed_ids;
    std::sort(drop.begin(), drop.end());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());

    EngineSnapshot out;
    out.unit_id = changed.unit_id;
    out.unit_kind = changed.unit_kind;
    out.data_version = changed.data_version;

    out.Reserve(base.project_id.size() + changed.project_id.size(), base.fig_project.size() + changed.fig_project.size());

    const std::vector<size_t> base_rows = FigureStarts(base);
    const std::vector<size_t> changed_rows = FigureStarts(changed);

    // Emerging names: the new index of each source index, assigned at first use.
    std::unordered_map<std::string_view, int16_t> name_index;
    std::vector<int16_t> base_names(base.emerging_names.size(), -2);
    std::vector<int16_t> changed_names(changed.emerging_names.size(), -2);

    auto append = [&](const EngineSnapshot& s, size_t p, const std::vector<size_t>& starts,
                      std::vector<int16_t>& names) {
        const auto at = static_cast<int32_t>(out.project_id.size());
        out.project_id.push_back(s.project_id[p]);
        out.project_unit.push_back(s.project_unit[p]);
        out.category.push_back(s.category[p]);
        out.terminated.push_back(s.terminated[p]);
        out.total_investment.push_back(s.total_investment[p]);
        out.out_of_province.push_back(s.out_of_province[p]);
        int16_t e = s.emerging[p];
        if (e >= 0) {
            int16_t& mapped = names.at(static_cast<size_t>(e));
            if (mapped == -2) {
                const std::string& name = s.emerging_names[static_cast<size_t>(e)];
                auto [it, added] = name_index.try_emplace(name, static_cast<int16_t>(out.emerging_names.size()));
                if (added) out.emerging_names.push_back(name);
                mapped = it->second;
            }
            e = mapped;
        }
        out.emerging.push_back(e);
        out.signed_day.push_back(s.signed_day[p]);
        out.in_stats_day.push_back(s.in_stats_day[p]);
        out.producing_day.push_back(s.producing_day[p]);
        out.above_scale_day.push_back(s.above_scale_day[p]);
        out.above_scale_route.push_back(s.above_scale_route[p]);
        out.prov_db_status.push_back(s.prov_db_status[p]);
        out.prov_db_reported_day.push_back(s.prov_db_reported_day[p]);
        out.prov_db_confirmed_day.push_back(s.prov_db_confirmed_day[p]);
        for (size_t r = starts[p]; r < starts[p + 1]; ++r) {
            out.fig_project.push_back(at);
            out.fig_month.push_back(s.fig_month[r]);
            out.fig_funds.push_back(s.fig_funds[r]);
            out.fig_funds_out.push_back(s.fig_funds_out[r]);
            out.fig_fixed_asset.push_back(s.fig_fixed_asset[r]);
            out.fig_output.push_back(s.fig_output[r]);
            out.fig_tax.push_back(s.fig_tax[r]);
        }
    };

    // A merge of two id-ordered lists; a base project is dropped when its id changed (or `changed`
    // has it anyway: `changed` always wins).
    size_t i = 0, j = 0, k = 0;
    const size_t nb = base.project_id.size(), nc = changed.project_id.size();
    while (i < nb || j < nc) {
        if (j == nc || (i < nb && base.project_id[i] < changed.project_id[j])) {
            const int64_t id = base.project_id[i];
            while (k < drop.size() && drop[k] < id) ++k;
            if (k == drop.size() || drop[k] != id) append(base, i, base_rows, base_names);
            ++i;
        } else {
            if (i < nb && base.project_id[i] == changed.project_id[j]) ++i;  // replaced
            append(changed, j, changed_rows, changed_names);
            ++j;
        }
    }
    return out;
}

}  // namespace zs
