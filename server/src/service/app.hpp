// The service facade: every use case of the product, with authorization, validation,
// transactions and audit. The http layer calls exactly one method per request and renders the
// answer; request bodies come in as parsed JSON and are validated here (unknown fields, types
// and values, each error naming its field). Errors are thrown as ApiError.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"
#include "store/store.hpp"

namespace zs {

using Query = std::map<std::string, std::string>;  // decoded query parameters

struct Actor {
    int64_t user_id = 0;
    std::string username;
    Role role = Role::kLeader;
    std::optional<int64_t> unit_id;
    std::string token_hash;  // of the session the request came with
};

// The server itself as the actor of what no user did (the demo city, expiries, commands run from
// the shell); audited as user 0, "system".
inline const Actor kSystemActor{0, "system", Role::kAdmin, std::nullopt, ""};

class ReportWriter;
class ImportJobs;  // service/imports.hpp

struct AppConfig {
    std::filesystem::path data_dir = "var/data";  // evidence files go to data_dir/files
    int64_t max_upload_bytes = 20 * 1024 * 1024;
    // The report layer (report/writer.hpp), plugged in by main.cpp; report calls answer 500 without it.
    const ReportWriter* reports = nullptr;
    // The whole ledger's .xlsx is read in slices of this many projects, each read while the one
    // before is written (docs/performance.md); at least 1.
    std::size_t ledger_slice = 2000;
};

struct LoginOutcome {
    boost::json::object user;  // as GET /api/auth/me
    std::string token;         // the new session token, for the cookie
};

// A generated or stored document, sent as an attachment.
struct FileBytes {
    std::string bytes;
    std::string content_type;
    std::string name;  // "<title>.docx"
};

struct FileDownload {
    std::filesystem::path path;
    std::string content_type;
    std::string name;
    int64_t size = 0;
};

class App {
public:
    App(Store& store, AppConfig config);
    ~App();

    // --- auth (docs/api.md "Auth")
    // `old_token` is the session cookie the request came with, if any: it is destroyed (rotation).
    LoginOutcome Login(const boost::json::value& body, const std::string& old_token = {});
    void Logout(const std::string& token);
    // The actor behind a session token; throws 401 when missing, expired (idle or absolute)
    // or the user is disabled. Touches the session.
    Actor Authenticate(const std::string& token);
    boost::json::object Me(const Actor& a);
    void ChangePassword(const Actor& a, const boost::json::value& body);
    // Idle and absolute session limits in seconds (settings), for the cookie's Max-Age.
    int64_t SessionAbsoluteSeconds();

    // --- reference data
    boost::json::object ListUnits(const Actor& a);
    boost::json::object CreateUnit(const Actor& a, const boost::json::value& body);
    boost::json::object UpdateUnit(const Actor& a, int64_t id, const boost::json::value& body);
    boost::json::object ListChains(const Actor& a);
    boost::json::object ListIndustries(const Actor& a);
    boost::json::object ListRegions(const Actor& a);
    boost::json::object Lifecycle(const Actor& a);
    boost::json::object UpdateRule(const Actor& a, const std::string& category, const std::string& node,
                                   const boost::json::value& body);
    boost::json::object Health();  // throws internal when the database does not answer

    // --- users (admin)
    boost::json::object ListUsers(const Actor& a, const Query& q);
    boost::json::object CreateUser(const Actor& a, const boost::json::value& body);
    boost::json::object UpdateUser(const Actor& a, int64_t id, const boost::json::value& body);

    // --- investors
    boost::json::object ListInvestors(const Actor& a, const Query& q);
    boost::json::object GetInvestor(const Actor& a, int64_t id);
    boost::json::object CreateInvestor(const Actor& a, const boost::json::value& body);
    boost::json::object UpdateInvestor(const Actor& a, int64_t id, const boost::json::value& body);
    void DeleteInvestor(const Actor& a, int64_t id);

    // --- projects
    boost::json::object ListProjects(const Actor& a, const Query& q);
    boost::json::object GetProject(const Actor& a, int64_t id);
    boost::json::object CreateProject(const Actor& a, const boost::json::value& body);
    boost::json::object UpdateProject(const Actor& a, int64_t id, const boost::json::value& body);
    void DeleteProject(const Actor& a, int64_t id);
    boost::json::object SetNode(const Actor& a, int64_t id, const std::string& node, const boost::json::value& body);
    boost::json::object Schedule(const Actor& a, int64_t id, const boost::json::value& body);
    boost::json::object ProjectAudit(const Actor& a, int64_t id);

    // --- problems
    boost::json::object ListProblems(const Actor& a, int64_t project_id);
    boost::json::object CreateProblem(const Actor& a, int64_t project_id, const boost::json::value& body);
    boost::json::object UpdateProblem(const Actor& a, int64_t project_id, int64_t problem_id,
                                      const boost::json::value& body);
    void DeleteProblem(const Actor& a, int64_t project_id, int64_t problem_id);

    // --- evidence files
    boost::json::object ListFiles(const Actor& a, int64_t project_id);
    // `q` carries node, kind, name; the body is the raw file.
    boost::json::object UploadFile(const Actor& a, int64_t project_id, const Query& q, const std::string& content_type,
                                   const std::string& bytes);
    FileDownload DownloadFile(const Actor& a, int64_t project_id, int64_t file_id);
    void DeleteFile(const Actor& a, int64_t project_id, int64_t file_id);

    // --- monthly figures (docs/api.md "Monthly figures")
    boost::json::object GetFigures(const Actor& a, const Query& q);
    boost::json::object SaveFigures(const Actor& a, const boost::json::value& body);
    boost::json::object SubmitFigures(const Actor& a, const boost::json::value& body);
    boost::json::object ReviewFigures(const Actor& a, const boost::json::value& body);
    boost::json::object LockFigures(const Actor& a, const boost::json::value& body);
    boost::json::object FigureHistory(const Actor& a, const Query& q);
    boost::json::object ListSubmissions(const Actor& a, const Query& q);

    // --- targets and indicator settings
    boost::json::object GetTargets(const Actor& a, const Query& q);
    boost::json::object SaveTargets(const Actor& a, const boost::json::value& body);
    boost::json::object Indicators(const Actor& a, const Query& q);
    boost::json::object UpdateIndicatorSettings(const Actor& a, int64_t year, const boost::json::value& body);

    // --- statistics
    boost::json::object Stats(const Actor& a, const Query& q);
    boost::json::object StatsTrend(const Actor& a, const Query& q);
    boost::json::object StatsFunnel(const Actor& a, const Query& q);
    boost::json::object StatsAlerts(const Actor& a, const Query& q);

    // --- activities (docs/api.md "Activities")
    boost::json::object ListActivities(const Actor& a, const Query& q);
    boost::json::object GetActivity(const Actor& a, int64_t id);
    boost::json::object CreateActivity(const Actor& a, const boost::json::value& body);
    boost::json::object UpdateActivity(const Actor& a, int64_t id, const boost::json::value& body);
    void DeleteActivity(const Actor& a, int64_t id);

    // --- weekly reports (docs/api.md "Weekly reports")
    boost::json::object ListWeeklyReports(const Actor& a, const Query& q);
    boost::json::object SaveWeeklyReport(const Actor& a, int64_t unit_id, int64_t year, int64_t week,
                                         const boost::json::value& body);

    // --- reports (docs/api.md "Reports"; docs/reports.md)
    boost::json::object ReportDraft(const Actor& a, const Query& q);
    boost::json::object SaveReportDraft(const Actor& a, const boost::json::value& body);
    // What an HTML ledger without `page`/`page_size` is: its first page (the API's preview) or every
    // row (the CLI's file).
    enum class LedgerHtml { kFirstPage, kWhole };
    FileBytes RenderReport(const Actor& a, const Query& q, LedgerHtml unpaged = LedgerHtml::kFirstPage);
    boost::json::object PublishReport(const Actor& a, const boost::json::value& body);
    boost::json::object ListReports(const Actor& a, const Query& q);
    boost::json::object GetReport(const Actor& a, int64_t id);
    FileBytes DownloadReport(const Actor& a, int64_t id, const Query& q);

    // --- imports (docs/api.md "Imports"; docs/imports.md). Reading and validating a file, and
    // committing it, run on a worker thread; the call waits up to `wait_ms` for it (`finished`
    // false: the answer is the import in progress, 202).
    struct Progressing {
        boost::json::object body;
        bool finished = true;
    };
    Progressing StartImport(const Actor& a, const Query& q, const std::string& bytes, int wait_ms = 1000);
    boost::json::object GetImport(const Actor& a, int64_t id);
    boost::json::object ListImports(const Actor& a, const Query& q);
    boost::json::object MapImport(const Actor& a, int64_t id, const boost::json::value& body);
    Progressing CommitImport(const Actor& a, int64_t id, const boost::json::value& body, int wait_ms = 1000);
    boost::json::object CancelImport(const Actor& a, int64_t id);
    FileBytes ImportFile(const Actor& a, int64_t id);
    FileBytes ImportRejected(const Actor& a, int64_t id);
    FileBytes ImportTemplate(const Actor& a, const Query& q);

    // --- exports (docs/api.md "Exports"): .xlsx of what a list shows
    FileBytes ExportProjects(const Actor& a, const Query& q);
    FileBytes ExportInvestors(const Actor& a, const Query& q);
    FileBytes ExportMonthly(const Actor& a, const Query& q);
    FileBytes ExportTargets(const Actor& a, const Query& q);
    FileBytes ExportProvinceMonthly(const Actor& a, const Query& q);

    Store& store() { return store_; }
    const AppConfig& config() const { return config_; }

private:
    const ReportWriter& Writer() const;  // throws (500) when main.cpp plugged none in
    // The engine's snapshot, refreshed (RefreshSnapshot) when the store's data version has moved.
    std::shared_ptr<const EngineSnapshot> Snapshot();

    Store& store_;
    AppConfig config_;
    std::mutex snapshot_mutex_;
    std::shared_ptr<const EngineSnapshot> snapshot_;
    // Imports being read, validated or committed (service/imports.cpp); joined by the destructor.
    std::shared_ptr<ImportJobs> import_jobs_;
};

}  // namespace zs
