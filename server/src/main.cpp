// Composition root: parses the command line, wires store, service and http, nothing else.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "core/date.hpp"
#include "core/error.hpp"
#include "http/server.hpp"
#include "report/writer.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace {

fs::path ExeDir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path();
}

// A SQLite file (created with its folder when missing) or a PostgreSQL database (which must exist),
// migrated, with the reference data loaded.
std::unique_ptr<zs::Store> OpenStore(const std::string& db, int pool, const fs::path& regions) {
    if (db.rfind("sqlite://", 0) != 0 && !zs::IsPostgresUrl(db)) {
        auto parent = fs::path(db).parent_path();
        if (!parent.empty()) fs::create_directories(parent);
    }
    auto store = zs::OpenStore(db, pool);
    store->Migrate();
    zs::EnsureReferenceData(*store, regions);
    return store;
}

// The indicator tables (GET /api/stats) of a store for each of `periods` (year, month), as the
// city's administrator.
std::vector<std::string> IndicatorTables(zs::Store& store, const std::vector<std::pair<int, int>>& periods) {
    zs::App app(store, zs::AppConfig{});
    const zs::Actor& system = zs::kSystemActor;
    std::vector<std::string> out;
    for (auto [year, month] : periods) {
        zs::Query q{{"year", std::to_string(year)}, {"month", std::to_string(month)}};
        out.push_back(boost::json::serialize(app.Stats(system, q)));
    }
    return out;
}

std::string ReadPasswordStdin() {
    std::string pw;
    std::getline(std::cin, pw);
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
}

std::string RoleZh(zs::Role r) {
    switch (r) {
        case zs::Role::kAdmin:
            return "系统管理员";
        case zs::Role::kDispatcher:
            return "招商中心";
        case zs::Role::kReporter:
            return "单位填报员";
        case zs::Role::kLeader:
            return "领导";
        case zs::Role::kReviewer:
            return "预审成员单位";
    }
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    if (const char* today = std::getenv("ZS_TODAY"); today != nullptr && *today != '\0') {
        auto d = zs::Date::Parse(today);
        if (!d) {
            std::cerr << "ZS_TODAY must be YYYY-MM-DD\n";
            return 2;
        }
        zs::SetTodayOverride(d);
    }

    CLI::App cli{"招商调度平台 Zhaoshang"};
    cli.require_subcommand(1);
    std::string db;
    fs::path regions = ExeDir() / "regions.tsv";

    auto* serve = cli.add_subcommand("serve", "Serve the web app and the API");
    std::string listen = "127.0.0.1:8080";
    std::string data_dir = "var/data";
    std::string web_root = (ExeDir().parent_path() / "web" / "dist").string();
    int threads = 2;
    bool behind_tls = false;
    serve->add_option("--db", db, "SQLite database file, or postgresql://… URL of an existing database")->required();
    serve->add_option("--listen", listen, "HOST:PORT");
    serve->add_option("--data", data_dir, "Folder for uploaded files");
    serve->add_option("--web", web_root, "Folder of the built web app");
    serve->add_option("--threads", threads, "HTTP worker threads")->check(CLI::Range(1, 64));
    serve->add_option("--regions", regions, "Region TSV to load into an empty database");
    serve->add_flag("--behind-tls-proxy", behind_tls, "Trust X-Forwarded-Proto: https for Secure cookies");

    auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database");
    migrate->add_option("--db", db)->required();
    migrate->add_option("--regions", regions);

    auto* demo = cli.add_subcommand("demo", "Create the demo city in an empty database");
    zs::DemoOptions demo_options;
    demo->add_option("--db", db)->required();
    demo->add_option("--scale", demo_options.scale, "Multiply the ~400 projects")->check(CLI::Range(1, 10000));
    demo->add_option("--seed", demo_options.seed);
    demo->add_option("--data", demo_options.data_dir, "Evidence folder, as serve --data: reached nodes get files");
    demo->add_option("--regions", regions);

    auto* user = cli.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "Add a user; the password is read from stdin");
    std::string username, role_key, display_name;
    int64_t unit_id = 0;
    bool password_stdin = false;
    user_add->add_option("--db", db)->required();
    user_add->add_option("--username", username)->required();
    user_add->add_option("--role", role_key)->required();
    user_add->add_option("--unit", unit_id, "Unit id (reporters)");
    user_add->add_option("--display-name", display_name);
    user_add->add_flag("--password-stdin", password_stdin)->required();
    auto* user_passwd = user->add_subcommand("passwd", "Set a user's password, read from stdin");
    user_passwd->add_option("--db", db)->required();
    user_passwd->add_option("--username", username)->required();
    user_passwd->add_flag("--password-stdin", password_stdin)->required();

    auto* setting = cli.add_subcommand("setting", "Change a setting");
    setting->require_subcommand(1);
    auto* setting_set = setting->add_subcommand("set", "Set KEY to VALUE");
    std::string key, value;
    setting_set->add_option("--db", db)->required();
    setting_set->add_option("--key", key)->required();
    setting_set->add_option("--value", value)->required();

    auto* backup = cli.add_subcommand("backup", "Online backup, checked and fsynced");
    std::string out;
    backup->add_option("--db", db)->required();
    backup->add_option("--out", out)->required();

    auto* copy = cli.add_subcommand("copy", "Copy a city's data into an empty database (SQLite ⇄ PostgreSQL), verified");
    std::string copy_from, copy_to;
    copy->add_option("--from", copy_from, "Source database (SQLite file or postgresql://… URL)")->required();
    copy->add_option("--to", copy_to, "Target database, migrated here, with no units, users or projects")->required();

    auto* report = cli.add_subcommand("report", "Write a report (as the system, with live data and the saved edits)");
    std::string report_type, report_format, report_out;
    int report_year = 0, report_month = 0, report_week = 0, report_quarter = 0;
    int64_t report_unit = 0;
    std::optional<int64_t> report_page, report_page_size;
    report->add_option("--db", db)->required();
    report->add_option("--type", report_type, "summary|monthly|weekly|quarterly|ledger")->required();
    report->add_option("--year", report_year);
    report->add_option("--month", report_month);
    report->add_option("--week", report_week, "ISO week");
    report->add_option("--quarter", report_quarter);
    report->add_option("--unit", report_unit, "Unit id (weekly report, ledger)");
    report->add_option("--format", report_format, "docx|xlsx|html")->required();
    report->add_option("--page", report_page, "Ledger as HTML: this page only (1-based; default: every row)");
    report->add_option("--page-size", report_page_size, "Ledger as HTML: rows per page (default 500, max 2000)");
    report->add_option("--out", report_out, "Output file")->required();

    CLI11_PARSE(cli, argc, argv);
    const zs::DocumentWriter writer;

    try {
        if (serve->parsed()) {
            auto colon = listen.rfind(':');
            if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT");
            auto store = OpenStore(db, threads + 2, regions);
            zs::AppConfig config;
            config.data_dir = data_dir;
            config.reports = &writer;
            fs::create_directories(config.data_dir / "files");
            zs::App app(*store, config);
            zs::HttpConfig http;
            http.host = listen.substr(0, colon);
            http.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
            http.threads = threads;
            http.web_root = web_root;
            http.behind_tls_proxy = behind_tls;
            http.version = ZS_VERSION;
            zs::HttpServer server(app, http);
            server.Run();
            spdlog::info("stopped");
        } else if (migrate->parsed()) {
            auto store = OpenStore(db, 1, regions);
            std::cout << "schema version " << store->SchemaVersion() << "\n";
        } else if (demo->parsed()) {
            auto store = OpenStore(db, 1, regions);
            auto logins = zs::GenerateDemoCity(*store, demo_options);
            std::cout << "演示数据已生成 / Demo city created: " << db << "\n\n"
                      << "演示账号 (请登录后修改密码 / change these passwords after logging in):\n";
            for (const auto& l : logins) {
                std::cout << "  " << l.username << "\t" << l.password << "\t" << RoleZh(l.role)
                          << (l.unit_name.empty() ? "" : " · " + l.unit_name) << "\n";
            }
        } else if (user_add->parsed()) {
            auto role = zs::ParseRole(role_key);
            if (!role) throw zs::ApiError(zs::ErrorCode::kUnprocessable, "角色无效 / unknown role", "role");
            auto store = OpenStore(db, 1, regions);
            std::optional<int64_t> unit;
            if (unit_id > 0) unit = unit_id;
            int64_t id = zs::AddUser(*store, username, *role, unit, display_name, ReadPasswordStdin());
            std::cout << "user " << username << " created, id " << id << "\n";
        } else if (user_passwd->parsed()) {
            auto store = OpenStore(db, 1, regions);
            zs::SetUserPassword(*store, username, ReadPasswordStdin());
            std::cout << "password of " << username << " changed\n";
        } else if (setting_set->parsed()) {
            auto store = OpenStore(db, 1, regions);
            zs::SetSetting(*store, key, value);
            std::cout << key << " = " << value << "\n";
        } else if (report->parsed()) {
            auto store = OpenStore(db, 2, regions);
            zs::AppConfig config;
            config.reports = &writer;
            zs::App app(*store, config);
            // The same parameters as GET /api/reports/render; the CLI acts as the system administrator.
            zs::Query q{{"type", report_type}, {"format", report_format}};
            auto put = [&q](const char* name, int64_t v) {
                if (v != 0) q[name] = std::to_string(v);
            };
            put("year", report_year);
            put("month", report_month);
            put("week", report_week);
            put("quarter", report_quarter);
            put("unit_id", report_unit);
            if (report_page) q["page"] = std::to_string(*report_page);
            if (report_page_size) q["page_size"] = std::to_string(*report_page_size);
            const zs::Actor& system = zs::kSystemActor;
            // A file is the whole ledger unless --page or --page-size asks for one page of the preview.
            zs::FileBytes file = app.RenderReport(system, q, zs::App::LedgerHtml::kWhole);
            std::ofstream f(report_out, std::ios::binary | std::ios::trunc);
            f.write(file.bytes.data(), static_cast<std::streamsize>(file.bytes.size()));
            f.close();
            if (!f) throw std::runtime_error("cannot write " + report_out);
            std::cout << report_out << " (" << file.bytes.size() << " bytes): " << file.name << "\n";
        } else if (copy->parsed()) {
            auto from = zs::OpenStore(copy_from, 2);
            const int version = from->SchemaVersion();
            auto to = OpenStore(copy_to, 2, regions);
            if (version != to->SchemaVersion()) {
                throw std::runtime_error("the source is at schema version " + std::to_string(version) +
                                         ", this program at " + std::to_string(to->SchemaVersion()) +
                                         "; run `zhaoshang migrate --db SOURCE` first");
            }
            const zs::Date today = zs::Date::Today();
            const std::vector<std::pair<int, int>> periods{{today.year(), today.month()}, {today.year() - 1, 12}};
            const std::vector<std::string> before = IndicatorTables(*from, periods);
            auto counts = zs::CopyStore(*from, *to, [](const std::string& table, int64_t rows) {
                std::cout << "  " << table << ": " << rows << "\n" << std::flush;
            });
            const std::vector<std::string> after = IndicatorTables(*to, periods);
            for (std::size_t i = 0; i < periods.size(); ++i) {
                if (after[i] != before[i]) {
                    throw std::runtime_error("the indicator table of " + std::to_string(periods[i].first) + "-" +
                                             std::to_string(periods[i].second) + " differs after the copy");
                }
            }
            int64_t rows = 0;
            for (const auto& [table, n] : counts) rows += n;
            std::cout << "copied " << counts.size() << " tables, " << rows
                      << " rows; row counts and the indicator tables agree\n";
        } else if (backup->parsed()) {
            auto store = OpenStore(db, 1, regions);
            store->Backup(out);
            std::cout << "backup written and checked: " << out << "\n";
        }
    } catch (const zs::ApiError& e) {
        std::cerr << "error: " << e.error().message << (e.error().field.empty() ? "" : " (" + e.error().field + ")")
                  << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
