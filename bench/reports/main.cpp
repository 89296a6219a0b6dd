// Report benchmark (issue 4 §7, not part of `make test`): every report type, composed from live
// data and rendered to each of its formats through the same App call the API and the CLI use, on
// the demo city (scale 1, ~400 projects) and on a generated province-sized city (scale 250,
// ~10^5 projects). The reference run, in the same process on the same database, is the dashboard's
// statistics call (GET /api/stats: the engine over the same snapshot), so the ratio says what a
// report costs beyond the figures it prints. Prints medians, ratios and PASS/MISS against the
// targets: under 200 ms for the demo city, under 2 s at 10^5 projects.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "report/writer.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace zs::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <typename F>
double TimeMedian(int runs, F&& f) {
    f();  // warm up: the snapshot is loaded once, as on a running server
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(Ms(Clock::now() - t0));
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

struct Case {
    const char* label;
    Query query;
    // HTML of a ledger: the whole ledger as the `report` command writes it, not the preview's page.
    App::LedgerHtml html = App::LedgerHtml::kFirstPage;
};

struct Options {
    std::string keep_dir;  // --keep DIR: generate each city once into DIR/scale-N and reuse it
    std::string only;      // --only TEXT: the cases whose label contains TEXT
    std::string save_dir;  // --save DIR: write each rendered file there (to compare renderings byte for byte)
};

int Run(int scale, int runs, const Options& opt) {
    const bool keep = !opt.keep_dir.empty();
    const fs::path dir = keep ? fs::path(opt.keep_dir) / ("scale-" + std::to_string(scale))
                              : fs::temp_directory_path() / ("zs-bench-reports-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string db = (dir / "city.db").string();
    if (keep && fs::exists(db)) {
        std::printf("scale %d: reusing %s\n", scale, db.c_str());
    } else {
        auto store = OpenSqliteStore(db, 2);
        store->Migrate();
        EnsureReferenceData(*store, fs::path());
        DemoOptions options;
        options.scale = scale;
        const auto t0 = Clock::now();
        GenerateDemoCity(*store, options);
        std::printf("scale %d: demo city generated in %.1f s\n", scale, Ms(Clock::now() - t0) / 1000);
    }
    auto store = OpenSqliteStore(db, 4);
    const DocumentWriter writer;
    AppConfig config;
    config.data_dir = dir;
    config.reports = &writer;
    App app(*store, config);
    const Actor system{0, "system", Role::kAdmin, std::nullopt, ""};
    const Date today = Date::Today();
    // The last complete month (or January), its quarter, and last week.
    const int month = today.month() > 1 ? today.month() - 1 : 1;
    const IsoWeek week = IsoWeekOf(today.AddDays(-7));
    const std::string y = std::to_string(today.year());

    const double reference = TimeMedian(runs, [&] {
        app.Stats(system, Query{{"year", y}, {"month", std::to_string(month)}});
    });
    std::printf("reference: GET /api/stats (1-%d月) %.2f ms\n", month, reference);

    std::vector<Case> cases = {
        {"summary  docx", {{"type", "summary"}, {"year", y}, {"month", std::to_string(month)}, {"format", "docx"}}},
        {"summary  xlsx", {{"type", "summary"}, {"year", y}, {"month", std::to_string(month)}, {"format", "xlsx"}}},
        {"monthly  docx", {{"type", "monthly"}, {"year", y}, {"month", std::to_string(month)}, {"format", "docx"}}},
        {"monthly  xlsx", {{"type", "monthly"}, {"year", y}, {"month", std::to_string(month)}, {"format", "xlsx"}}},
        {"weekly   docx",
         {{"type", "weekly"}, {"year", std::to_string(week.year)}, {"week", std::to_string(week.week)}, {"format", "docx"}}},
        {"quarterly docx",
         {{"type", "quarterly"}, {"year", y}, {"quarter", std::to_string((month - 1) / 3 + 1)}, {"format", "docx"}}},
        {"ledger   xlsx", {{"type", "ledger"}, {"format", "xlsx"}}},
        // The HTML preview: page 1 of the default 500 rows, as the web app and the API ask for it.
        {"ledger   html p1", {{"type", "ledger"}, {"format", "html"}}},
        // The whole ledger in HTML, as `zhaoshang report --type ledger --format html` writes it.
        {"ledger   html all", {{"type", "ledger"}, {"format", "html"}}, App::LedgerHtml::kWhole},
    };
    // The province-sized city's last page (10^5 projects: page 200 of 500 rows), the deepest offset.
    if (scale >= 250) {
        cases.push_back({"ledger   html p200", {{"type", "ledger"}, {"format", "html"}, {"page", "200"}}});
    }
    const double target = scale <= 1 ? 200.0 : 2000.0;
    int misses = 0;
    for (const auto& c : cases) {
        if (!opt.only.empty() && std::string(c.label).find(opt.only) == std::string::npos) continue;
        std::size_t bytes = 0;
        const double ms = TimeMedian(runs, [&] {
            FileBytes file = app.RenderReport(system, c.query, c.html);
            bytes = file.bytes.size();
            if (!opt.save_dir.empty()) {
                std::string name = c.label;
                std::replace(name.begin(), name.end(), ' ', '_');
                name.erase(std::unique(name.begin(), name.end(), [](char a, char b) { return a == '_' && b == '_'; }),
                           name.end());
                std::ofstream(fs::path(opt.save_dir) / ("scale" + std::to_string(scale) + "-" + name), std::ios::binary)
                    << file.bytes;
            }
        });
        const bool pass = ms < target;
        misses += pass ? 0 : 1;
        std::printf("  %-18s %9.2f ms  %6.1fx reference  %9zu bytes  %s (< %.0f ms)\n", c.label, ms, ms / reference,
                    bytes, pass ? "PASS" : "MISS", target);
    }
    if (!keep) fs::remove_all(dir);
    return misses;
}

}  // namespace
}  // namespace zs::bench

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    // As the server: ZS_TODAY pins the day, so a kept city renders the same documents on another day.
    if (const char* today = std::getenv("ZS_TODAY"); today != nullptr && *today != '\0') {
        if (auto d = zs::Date::Parse(today)) zs::SetTodayOverride(d);
    }
    // bench_reports [--keep DIR] [--only TEXT] [--save DIR] [scale…]; scales 1 and 250 by default.
    zs::bench::Options opt;
    std::vector<int> scales;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--keep" || arg == "--only" || arg == "--save") && i + 1 < argc) {
            (arg == "--keep" ? opt.keep_dir : arg == "--only" ? opt.only : opt.save_dir) = argv[++i];
        } else {
            scales.push_back(std::atoi(argv[i]));
        }
    }
    if (scales.empty()) scales = {1, 250};
    int misses = 0;
    for (int scale : scales) misses += zs::bench::Run(scale, scale <= 1 ? 15 : 3, opt);
    return misses == 0 ? 0 : 1;
}
