#include "http/routes.hpp"

#include "http/cookies.hpp"
#include "http/request.hpp"

namespace zs::http {

namespace {

using bhttp::verb;

}  // namespace

void AddApiRoutes(Router& r, App& app, const std::string& version) {
    auto add = [&r](verb method, std::string pattern, Access access, BodyKind body, Handler handler) {
        Route route;
        route.method = method;
        route.pattern = std::move(pattern);
        route.access = access;
        route.body = body;
        route.handler = std::move(handler);
        r.Add(std::move(route));
    };
    constexpr auto kPublic = Access::kPublic;
    constexpr auto kSession = Access::kSession;
    constexpr auto kJson = BodyKind::kJson;
    constexpr auto kNone = BodyKind::kNone;

    // --- auth
    add(verb::post, "/api/auth/login", kPublic, kJson, [&app](RequestContext& c) {
        LoginOutcome out = app.Login(c.body, c.session_token);  // the old session dies: rotation
        Reply reply = Reply::Json(std::move(out.user));
        reply.headers.emplace_back(bhttp::field::set_cookie,
                                   SessionCookie(out.token, app.SessionAbsoluteSeconds(), c.secure));
        return reply;
    });
    add(verb::post, "/api/auth/logout", kSession, kNone, [&app](RequestContext& c) {
        app.Logout(c.session_token);
        Reply reply = Reply::NoContent();
        reply.headers.emplace_back(bhttp::field::set_cookie, ClearSessionCookie(c.secure));
        return reply;
    });
    add(verb::get, "/api/auth/me", kSession, kNone, [&app](RequestContext& c) { return Reply::Json(app.Me(c.Who())); });
    add(verb::post, "/api/auth/password", kSession, kJson, [&app](RequestContext& c) {
        app.ChangePassword(c.Who(), c.body);
        return Reply::NoContent();
    });

    // --- reference data
    add(verb::get, "/api/units", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListUnits(c.Who())); });
    add(verb::post, "/api/units", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateUnit(c.Who(), c.body)); });
    add(verb::put, "/api/units/{id:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateUnit(c.Who(), c.Id("id"), c.body)); });
    add(verb::get, "/api/chains", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListChains(c.Who())); });
    add(verb::get, "/api/industries", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListIndustries(c.Who())); });
    add(verb::get, "/api/regions", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListRegions(c.Who())); });
    add(verb::get, "/api/meta/lifecycle", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.Lifecycle(c.Who())); });
    add(verb::put, "/api/meta/lifecycle/{category}/{node}", kSession, kJson, [&app](RequestContext& c) {
        return Reply::Json(app.UpdateRule(c.Who(), c.Param("category"), c.Param("node"), c.body));
    });
    add(verb::get, "/api/meta/version", kPublic, kNone, [version](RequestContext&) {
        return Reply::Json(boost::json::object{{"name", "zhaoshang"}, {"version", version}});
    });
    add(verb::get, "/api/health", kPublic, kNone, [&app](RequestContext&) { return Reply::Json(app.Health()); });

    // --- users
    add(verb::get, "/api/users", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListUsers(c.Who(), c.query)); });
    add(verb::post, "/api/users", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateUser(c.Who(), c.body)); });
    add(verb::put, "/api/users/{id:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateUser(c.Who(), c.Id("id"), c.body)); });

    // --- investors
    add(verb::get, "/api/investors", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListInvestors(c.Who(), c.query)); });
    add(verb::post, "/api/investors", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateInvestor(c.Who(), c.body)); });
    add(verb::get, "/api/investors/{id:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetInvestor(c.Who(), c.Id("id"))); });
    add(verb::put, "/api/investors/{id:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateInvestor(c.Who(), c.Id("id"), c.body)); });
    add(verb::delete_, "/api/investors/{id:int}", kSession, kNone, [&app](RequestContext& c) {
        app.DeleteInvestor(c.Who(), c.Id("id"));
        return Reply::NoContent();
    });

    // --- projects
    add(verb::get, "/api/projects", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListProjects(c.Who(), c.query)); });
    add(verb::post, "/api/projects", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateProject(c.Who(), c.body)); });
    add(verb::get, "/api/projects/{id:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetProject(c.Who(), c.Id("id"))); });
    add(verb::put, "/api/projects/{id:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateProject(c.Who(), c.Id("id"), c.body)); });
    add(verb::delete_, "/api/projects/{id:int}", kSession, kNone, [&app](RequestContext& c) {
        app.DeleteProject(c.Who(), c.Id("id"));
        return Reply::NoContent();
    });
    add(verb::put, "/api/projects/{id:int}/nodes/{node}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.SetNode(c.Who(), c.Id("id"), c.Param("node"), c.body)); });
    add(verb::post, "/api/projects/{id:int}/schedule", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.Schedule(c.Who(), c.Id("id"), c.body)); });
    add(verb::get, "/api/projects/{id:int}/audit", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ProjectAudit(c.Who(), c.Id("id"))); });

    // --- problems
    add(verb::get, "/api/projects/{id:int}/problems", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListProblems(c.Who(), c.Id("id"))); });
    add(verb::post, "/api/projects/{id:int}/problems", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateProblem(c.Who(), c.Id("id"), c.body)); });
    add(verb::put, "/api/projects/{id:int}/problems/{pid:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateProblem(c.Who(), c.Id("id"), c.Id("pid"), c.body)); });
    add(verb::delete_, "/api/projects/{id:int}/problems/{pid:int}", kSession, kNone, [&app](RequestContext& c) {
        app.DeleteProblem(c.Who(), c.Id("id"), c.Id("pid"));
        return Reply::NoContent();
    });

    // --- evidence files
    add(verb::get, "/api/projects/{id:int}/files", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListFiles(c.Who(), c.Id("id"))); });
    {
        Route upload;
        upload.method = verb::post;
        upload.pattern = "/api/projects/{id:int}/files";
        upload.access = kSession;
        upload.body = BodyKind::kRaw;
        upload.size = BodySize::kUpload;
        upload.handler = [&app](RequestContext& c) {
            const std::string type = MediaType((*c.request)[bhttp::field::content_type]);
            return Reply::Created(app.UploadFile(c.Who(), c.Id("id"), c.query, type, c.request->body()));
        };
        r.Add(std::move(upload));
    }
    add(verb::get, "/api/projects/{id:int}/files/{fid:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::File(app.DownloadFile(c.Who(), c.Id("id"), c.Id("fid"))); });
    add(verb::delete_, "/api/projects/{id:int}/files/{fid:int}", kSession, kNone, [&app](RequestContext& c) {
        app.DeleteFile(c.Who(), c.Id("id"), c.Id("fid"));
        return Reply::NoContent();
    });

    // --- monthly figures
    add(verb::get, "/api/figures", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetFigures(c.Who(), c.query)); });
    add(verb::put, "/api/figures", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.SaveFigures(c.Who(), c.body)); });
    add(verb::post, "/api/figures/submit", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.SubmitFigures(c.Who(), c.body)); });
    add(verb::post, "/api/figures/review", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.ReviewFigures(c.Who(), c.body)); });
    add(verb::post, "/api/figures/lock", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.LockFigures(c.Who(), c.body)); });
    add(verb::get, "/api/figures/history", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.FigureHistory(c.Who(), c.query)); });
    add(verb::get, "/api/figures/submissions", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListSubmissions(c.Who(), c.query)); });

    // --- targets, indicator settings, statistics
    add(verb::get, "/api/targets", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetTargets(c.Who(), c.query)); });
    add(verb::put, "/api/targets", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.SaveTargets(c.Who(), c.body)); });
    add(verb::get, "/api/stats/indicators", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.Indicators(c.Who(), c.query)); });
    add(verb::put, "/api/stats/settings/{year:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateIndicatorSettings(c.Who(), c.Id("year"), c.body)); });
    add(verb::get, "/api/stats", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.Stats(c.Who(), c.query)); });
    add(verb::get, "/api/stats/trend", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.StatsTrend(c.Who(), c.query)); });
    add(verb::get, "/api/stats/funnel", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.StatsFunnel(c.Who(), c.query)); });
    add(verb::get, "/api/stats/alerts", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.StatsAlerts(c.Who(), c.query)); });

    // --- activities and weekly reports
    add(verb::get, "/api/activities", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListActivities(c.Who(), c.query)); });
    add(verb::post, "/api/activities", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.CreateActivity(c.Who(), c.body)); });
    add(verb::get, "/api/activities/{id:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetActivity(c.Who(), c.Id("id"))); });
    add(verb::put, "/api/activities/{id:int}", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.UpdateActivity(c.Who(), c.Id("id"), c.body)); });
    add(verb::delete_, "/api/activities/{id:int}", kSession, kNone, [&app](RequestContext& c) {
        app.DeleteActivity(c.Who(), c.Id("id"));
        return Reply::NoContent();
    });
    add(verb::get, "/api/weekly-reports", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListWeeklyReports(c.Who(), c.query)); });
    add(verb::put, "/api/weekly-reports/{unit:int}/{year:int}/{week:int}", kSession, kJson, [&app](RequestContext& c) {
        return Reply::Json(app.SaveWeeklyReport(c.Who(), c.Id("unit"), c.Id("year"), c.Id("week"), c.body));
    });

    // --- reports
    add(verb::get, "/api/reports/draft", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ReportDraft(c.Who(), c.query)); });
    add(verb::put, "/api/reports/draft", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.SaveReportDraft(c.Who(), c.body)); });
    add(verb::get, "/api/reports/render", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.RenderReport(c.Who(), c.query)); });
    add(verb::post, "/api/reports/publish", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Created(app.PublishReport(c.Who(), c.body)); });
    add(verb::get, "/api/reports", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListReports(c.Who(), c.query)); });
    add(verb::get, "/api/reports/{id:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetReport(c.Who(), c.Id("id"))); });
    add(verb::get, "/api/reports/{id:int}/download", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.DownloadReport(c.Who(), c.Id("id"), c.query)); });

    // --- imports: the upload and the commit answer 202 while the worker is still at it
    auto progressing = [](App::Progressing p, bhttp::status done) {
        return Reply::Json(std::move(p.body), p.finished ? done : bhttp::status::accepted);
    };
    {
        Route upload;
        upload.method = verb::post;
        upload.pattern = "/api/imports";
        upload.access = kSession;
        upload.body = BodyKind::kRaw;
        upload.size = BodySize::kUpload;
        upload.handler = [&app, progressing](RequestContext& c) {
            return progressing(app.StartImport(c.Who(), c.query, c.request->body()), bhttp::status::created);
        };
        r.Add(std::move(upload));
    }
    add(verb::get, "/api/imports", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.ListImports(c.Who(), c.query)); });
    add(verb::get, "/api/imports/template", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ImportTemplate(c.Who(), c.query)); });
    add(verb::get, "/api/imports/{id:int}", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.GetImport(c.Who(), c.Id("id"))); });
    add(verb::put, "/api/imports/{id:int}/mapping", kSession, kJson,
        [&app](RequestContext& c) { return Reply::Json(app.MapImport(c.Who(), c.Id("id"), c.body)); });
    add(verb::post, "/api/imports/{id:int}/commit", kSession, kJson, [&app, progressing](RequestContext& c) {
        return progressing(app.CommitImport(c.Who(), c.Id("id"), c.body), bhttp::status::ok);
    });
    add(verb::post, "/api/imports/{id:int}/cancel", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Json(app.CancelImport(c.Who(), c.Id("id"))); });
    add(verb::get, "/api/imports/{id:int}/file", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ImportFile(c.Who(), c.Id("id"))); });
    add(verb::get, "/api/imports/{id:int}/rejected", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ImportRejected(c.Who(), c.Id("id"))); });

    // --- exports
    add(verb::get, "/api/exports/projects", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ExportProjects(c.Who(), c.query)); });
    add(verb::get, "/api/exports/investors", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ExportInvestors(c.Who(), c.query)); });
    add(verb::get, "/api/exports/monthly", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ExportMonthly(c.Who(), c.query)); });
    add(verb::get, "/api/exports/targets", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ExportTargets(c.Who(), c.query)); });
    add(verb::get, "/api/exports/province-monthly", kSession, kNone,
        [&app](RequestContext& c) { return Reply::Bytes(app.ExportProvinceMonthly(c.Who(), c.query)); });
}

}  // namespace zs::http
