// Import and export benchmark (issue 5 §4, not part of `make test`): a 50,000-row project ledger
// read and validated (target < 2 s), committed on SQLite (< 5 s), and the 50,000-and-more projects
// exported back to .xlsx (< 0.5 s) — each through the same App call the API uses, on a demo city
// (scale 1). The reference run, in the same process on the same database, is the dashboard's
// statistics call (GET /api/stats), so the ratios say what an import costs next to a page load.
// Usage: bench_imports [rows] (default 50000).
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "service/columns.hpp"
#include "sheet/sheet.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace zs::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A ledger of `rows` new projects spread over the city's units, in the template's layout: names,
// units, categories, amounts in 万元 with decimals, and the first node dates.
std::string Ledger(const std::vector<Unit>& units, int rows) {
    const auto defs = ImportColumns(ImportKind::kProjects);
    sheet::OutSheet s;
    s.name = "项目台账";
    std::vector<int> col;
    for (const auto& d : defs) s.columns.push_back({d.header, d.width, NumberFormat(d.type)});
    auto at = [&](std::string_view key) {
        for (std::size_t i = 0; i < defs.size(); ++i) {
            if (defs[i].key == key) return i;
        }
        std::abort();
    };
    std::mt19937 rng(42);
    const Date today = Date::Today();
    for (int i = 0; i < rows; ++i) {
        std::vector<sheet::OutCell> r(defs.size());
        r[at("name")] = sheet::OutCell::Text("基准导入项目" + std::to_string(i + 1));
        r[at("unit")] = sheet::OutCell::Text(units[static_cast<std::size_t>(i) % units.size()].name);
        r[at("category")] = sheet::OutCell::Text(i % 3 == 0 ? "服务业" : "工业");
        const int64_t total = 1'000'000 + static_cast<int64_t>(rng() % 5'000'000'000ULL);
        r[at("total_investment")] = MoneyOut(total);
        r[at("fixed_asset_investment")] = MoneyOut(total / 2);
        r[at("land_area_mu")] = MuOut(static_cast<int64_t>(rng() % 100000));
        r[at("leader_in_charge")] = sheet::OutCell::Text("张三");
        r[at("is_key")] = BoolOut(i % 10 == 0);
        r[at("node.lead.actual")] = DateOut(today.AddDays(-200 - static_cast<int>(rng() % 100)));
        r[at("node.negotiating.actual")] = DateOut(today.AddDays(-100 - static_cast<int>(rng() % 50)));
        r[at("node.signed.planned")] = DateOut(today.AddDays(static_cast<int>(rng() % 200)));
        s.rows.push_back(std::move(r));
    }
    return sheet::WriteXlsx({s});
}

void Report(const char* label, double ms, double reference, double target_ms) {
    std::printf("  %-34s %9.1f ms  %7.1fx reference  %s (< %.0f ms)\n", label, ms, ms / reference,
                ms < target_ms ? "PASS" : "MISS", target_ms);
}

int Run(int rows) {
    const fs::path dir = fs::temp_directory_path() / ("zs-bench-imports-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string db = (dir / "city.db").string();
    {
        auto store = OpenSqliteStore(db, 2);
        store->Migrate();
        EnsureReferenceData(*store, fs::path());
        GenerateDemoCity(*store, DemoOptions{});
    }
    auto store = OpenSqliteStore(db, 4);
    AppConfig config;
    config.data_dir = dir;
    App app(*store, config);
    const Actor admin{0, "system", Role::kAdmin, std::nullopt, ""};
    const Date today = Date::Today();
    const std::string y = std::to_string(today.year());

    auto reference_run = [&] {
        app.Stats(admin, Query{{"year", y}, {"month", std::to_string(today.month())}});  // warm
        const auto t0 = Clock::now();
        app.Stats(admin, Query{{"year", y}, {"month", std::to_string(today.month())}});
        return Ms(Clock::now() - t0);
    };
    const double reference = reference_run();
    std::printf("reference: GET /api/stats on the demo city %.2f ms\n", reference);

    std::vector<Unit> units = store->BeginRead()->ListUnits();
    const std::string file = Ledger(units, rows);
    std::printf("ledger: %d rows, %.1f MB\n", rows, static_cast<double>(file.size()) / 1e6);

    auto t0 = Clock::now();
    App::Progressing started = app.StartImport(admin, Query{{"kind", "projects"}, {"name", "bench.xlsx"}}, file, 600'000);
    const double validate_ms = Ms(Clock::now() - t0);
    const auto& out = started.body;
    if (!started.finished || out.at("state") != "ready" || out.at("error_count").as_int64() != 0 ||
        out.at("inserts").as_int64() != rows) {
        std::fprintf(stderr, "unexpected preview: %s\n", boost::json::serialize(out).substr(0, 2000).c_str());
        return 1;
    }
    const int64_t id = out.at("id").as_int64();
    t0 = Clock::now();
    App::Progressing committed = app.CommitImport(admin, id, boost::json::object{}, 600'000);
    const double commit_ms = Ms(Clock::now() - t0);
    if (!committed.finished || committed.body.at("state") != "committed") {
        std::fprintf(stderr, "commit failed: %s\n", boost::json::serialize(committed.body).substr(0, 2000).c_str());
        return 1;
    }
    app.Stats(admin, Query{{"year", y}, {"month", std::to_string(today.month())}});  // the engine catches up with the new projects before the export
    t0 = Clock::now();
    FileBytes exported = app.ExportProjects(admin, Query{});
    const double export_ms = Ms(Clock::now() - t0);

    std::printf("import of %d projects (validation and commit include reading the file again):\n", rows);
    Report("upload: read + validate (preview)", validate_ms, reference, 2000);
    Report("commit: validate again + write", commit_ms, reference, 5000);
    char label[64];
    std::snprintf(label, sizeof label, "export all projects (%.1f MB)", static_cast<double>(exported.bytes.size()) / 1e6);
    Report(label, export_ms, reference, 500);
    if (std::getenv("ZS_BENCH_KEEP") != nullptr) {
        std::printf("kept: %s\n", db.c_str());
    } else {
        fs::remove_all(dir);
    }
    return 0;
}

}  // namespace
}  // namespace zs::bench

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
    return zs::bench::Run(rows);
}
