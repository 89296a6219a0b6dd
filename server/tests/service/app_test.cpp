// Service-layer tests on a real SQLite file: authorization per role, gates, optimistic
// concurrency and the audit row written in the same transaction as each change.
#include "service/app.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <random>

#include "core/crypto.hpp"
#include "service/admin.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

Actor MakeActor(int64_t id, std::string name, Role role, std::optional<int64_t> unit = std::nullopt) {
    Actor a;
    a.user_id = id;
    a.username = std::move(name);
    a.role = role;
    a.unit_id = unit;
    return a;
}

class AppTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zs_app_test_" + RandomToken().substr(0, 12));
        fs::create_directories(dir_);
        store_ = OpenSqliteStore((dir_ / "zs.db").string(), 2);
        store_->Migrate();
        EnsureReferenceData(*store_, "");
        AppConfig cfg;
        cfg.data_dir = dir_ / "data";
        app_ = std::make_unique<App>(*store_, cfg);
        admin_ = MakeActor(AddUser(*store_, "admin", Role::kAdmin, std::nullopt, "", kPassword), "admin", Role::kAdmin);
        unit_a_ = app_->CreateUnit(admin_, json::parse(R"({"code":"A","name":"甲镇","kind":"town"})"))["id"].as_int64();
        unit_b_ = app_->CreateUnit(admin_, json::parse(R"({"code":"B","name":"乙镇","kind":"town"})"))["id"].as_int64();
        reporter_a_ =
            MakeActor(AddUser(*store_, "ra", Role::kReporter, unit_a_, "", kPassword), "ra", Role::kReporter, unit_a_);
        reporter_b_ =
            MakeActor(AddUser(*store_, "rb", Role::kReporter, unit_b_, "", kPassword), "rb", Role::kReporter, unit_b_);
        leader_ =
            MakeActor(AddUser(*store_, "leader", Role::kLeader, std::nullopt, "", kPassword), "leader", Role::kLeader);
        reviewer_ =
            MakeActor(AddUser(*store_, "rev", Role::kReviewer, std::nullopt, "", kPassword), "rev", Role::kReviewer);
    }
    void TearDown() override {
        app_.reset();
        store_.reset();
        fs::remove_all(dir_);
    }

    json::object NewProject(const Actor& a, int64_t unit) {
        json::object body{{"name", "测试项目"}, {"unit_id", unit}, {"category", "industry"}};
        return app_->CreateProject(a, body);
    }
    int64_t AuditCount() { return store_->BeginRead()->CountAudit(); }

    static ErrorCode CodeOf(const std::function<void()>& f) {
        try {
            f();
        } catch (const ApiError& e) {
            return e.error().code;
        }
        return ErrorCode::kInternal;  // "no error" is never what these tests expect
    }

    static constexpr const char* kPassword = "Zs-test-Pass-2026!";
    fs::path dir_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<App> app_;
    Actor admin_, reporter_a_, reporter_b_, leader_, reviewer_;
    int64_t unit_a_ = 0, unit_b_ = 0;
};

TEST_F(AppTest, ReporterSeesOnlyOwnUnit) {
    auto pa = NewProject(reporter_a_, unit_a_);
    auto pb = NewProject(reporter_b_, unit_b_);
    auto list = app_->ListProjects(reporter_a_, {});
    EXPECT_EQ(list["total"].as_int64(), 1);
    EXPECT_EQ(list["items"].as_array()[0].as_object().at("id").as_int64(), pa["id"].as_int64());
    // Asking for the other unit explicitly yields nothing rather than the other unit's rows.
    auto other = app_->ListProjects(reporter_a_, {{"unit_id", std::to_string(unit_b_)}});
    EXPECT_EQ(other["total"].as_int64(), 0);
    int64_t id_b = pb["id"].as_int64();
    EXPECT_EQ(CodeOf([&] { app_->GetProject(reporter_a_, id_b); }), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf([&] {
                  app_->UpdateProject(reporter_a_, id_b, json::object{{"name", "x"}, {"version", 1}});
              }),
              ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf([&] { NewProject(reporter_a_, unit_b_); }), ErrorCode::kForbidden);
}

TEST_F(AppTest, LeaderReadsButNeverWrites) {
    auto p = NewProject(admin_, unit_a_);
    int64_t id = p["id"].as_int64();
    EXPECT_EQ(app_->GetProject(leader_, id)["id"].as_int64(), id);
    EXPECT_EQ(app_->ListProjects(leader_, {})["total"].as_int64(), 1);
    int64_t before = AuditCount();
    EXPECT_EQ(CodeOf([&] {
                  app_->UpdateProject(leader_, id, json::object{{"name", "x"}, {"version", 1}});
              }),
              ErrorCode::kForbidden);
    EXPECT_EQ(CodeOf([&] { app_->DeleteProject(leader_, id); }), ErrorCode::kForbidden);
    EXPECT_EQ(CodeOf([&] { NewProject(leader_, unit_a_); }), ErrorCode::kForbidden);
    EXPECT_EQ(AuditCount(), before);
}

TEST_F(AppTest, SessionsDoNotMoveTheDataVersion) {
    int64_t before = store_->BeginRead()->DataVersion();
    auto out = app_->Login(json::object{{"username", "ra"}, {"password", kPassword}});
    app_->Authenticate(out.token);
    EXPECT_EQ(CodeOf([&] { app_->Login(json::object{{"username", "ra"}, {"password", "wrong-password"}}); }),
              ErrorCode::kUnauthorized);
    app_->Logout(out.token);
    EXPECT_EQ(store_->BeginRead()->DataVersion(), before);
    NewProject(reporter_a_, unit_a_);
    EXPECT_EQ(store_->BeginRead()->DataVersion(), before + 1);
}

TEST_F(AppTest, ReviewerSeesNoProjectYet) {
    auto p = NewProject(admin_, unit_a_);
    EXPECT_EQ(app_->ListProjects(reviewer_, {})["total"].as_int64(), 0);
    EXPECT_EQ(CodeOf([&] { app_->GetProject(reviewer_, p["id"].as_int64()); }), ErrorCode::kNotFound);
}

TEST_F(AppTest, SignedGateListsEveryMissingItemThenPasses) {
    auto p = NewProject(reporter_a_, unit_a_);
    int64_t id = p["id"].as_int64();
    try {
        app_->SetNode(reporter_a_, id, "signed", json::object{{"actual_date", "2025-03-01"}, {"version", 1}});
        FAIL() << "gate should fail";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kUnprocessable);
        std::set<std::string> names;
        for (const auto& d : e.error().details) names.insert(d.name);
        EXPECT_TRUE(names.count("investor_id"));
        EXPECT_TRUE(names.count("total_investment"));
        EXPECT_TRUE(names.count("contract"));
        EXPECT_TRUE(names.count("prereview"));
    }
    auto inv = app_->CreateInvestor(reporter_a_, json::parse(R"({"name":"上海某科技有限公司",
        "uscc":"91350100M000100Y43","province_code":"310000"})"));
    int64_t version = app_->UpdateProject(reporter_a_, id,
                                          json::object{{"investor_id", inv["id"].as_int64()},
                                                       {"total_investment", 150000000},
                                                       {"industry_code", "C3011"},
                                                       {"version", 1}})["version"]
                          .as_int64();
    for (const char* node : {"lead", "negotiating"}) {
        version = app_->SetNode(reporter_a_, id, node,
                                json::object{{"actual_date", "2025-01-10"}, {"version", version}})["version"]
                      .as_int64();
    }
    version = app_->SetNode(reporter_a_, id, "prereview",
                            json::object{{"actual_date", "2025-02-01"}, {"version", version}})["version"]
                  .as_int64();
    app_->UploadFile(reporter_a_, id, {{"node", "signed"}, {"kind", "contract"}, {"name", "合同.pdf"}},
                     "application/pdf", "%PDF-1.4\n%%EOF\n");
    auto signed_project =
        app_->SetNode(reporter_a_, id, "signed", json::object{{"actual_date", "2025-03-01"}, {"version", version}});
    EXPECT_EQ(signed_project["stage"].as_string(), "signed");
    EXPECT_EQ(signed_project["signed_date"].as_string(), "2025-03-01");
    // Clearing 预审 now would leave 签约 before a missing predecessor.
    EXPECT_EQ(CodeOf([&] {
                  app_->SetNode(reporter_a_, id, "prereview",
                                json::object{{"actual_date", nullptr}, {"version", signed_project["version"]}});
              }),
              ErrorCode::kUnprocessable);
}

TEST_F(AppTest, StaleVersionIsRefusedAndNothingChanges) {
    auto p = NewProject(admin_, unit_a_);
    int64_t id = p["id"].as_int64();
    app_->UpdateProject(admin_, id, json::object{{"name", "第一次"}, {"version", 1}});
    int64_t audits = AuditCount();
    try {
        app_->UpdateProject(admin_, id, json::object{{"name", "过期修改"}, {"version", 1}});
        FAIL() << "stale version accepted";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kConflict);
        auto current = json::parse(e.error().current_json).as_object();
        EXPECT_EQ(current["name"].as_string(), "第一次");
        EXPECT_EQ(current["version"].as_int64(), 2);
    }
    EXPECT_EQ(app_->GetProject(admin_, id)["name"].as_string(), "第一次");
    EXPECT_EQ(AuditCount(), audits);
}

TEST_F(AppTest, EveryChangeWritesOneAuditRow) {
    int64_t n = AuditCount();
    auto p = NewProject(admin_, unit_a_);
    int64_t id = p["id"].as_int64();
    EXPECT_EQ(AuditCount(), n + 1);
    app_->UpdateProject(admin_, id, json::object{{"is_key", true}, {"version", 1}});
    EXPECT_EQ(AuditCount(), n + 2);
    app_->SetNode(admin_, id, "lead", json::object{{"planned_date", "2026-01-01"}, {"version", 2}});
    EXPECT_EQ(AuditCount(), n + 3);
    auto pr = app_->CreateProblem(admin_, id, json::parse(R"({"category":"land_quota","description":"等待土地指标"})"));
    EXPECT_EQ(AuditCount(), n + 4);
    app_->DeleteProblem(admin_, id, pr["id"].as_int64());
    EXPECT_EQ(AuditCount(), n + 5);
    auto history = app_->ProjectAudit(admin_, id);
    EXPECT_EQ(history["total"].as_int64(), 5);
    EXPECT_EQ(history["items"].as_array()[0].as_object().at("action").as_string(), "delete");
}

TEST_F(AppTest, InvalidInputNamesTheFieldAndWritesNothing) {
    int64_t audits = AuditCount();
    auto field_of = [&](const json::object& body) -> std::string {
        try {
            app_->CreateProject(admin_, body);
        } catch (const ApiError& e) {
            return e.error().field;
        }
        return "(accepted)";
    };
    json::object base{{"name", "项目"}, {"unit_id", unit_a_}, {"category", "industry"}};
    auto with = [&](const char* k, json::value v) {
        json::object o = base;
        o[k] = std::move(v);
        return o;
    };
    EXPECT_EQ(field_of(with("total_investment", -1)), "total_investment");
    EXPECT_EQ(field_of(with("total_investment", 1e20)), "total_investment");
    EXPECT_EQ(field_of(with("total_investment", "100")), "total_investment");
    EXPECT_EQ(field_of(with("category", "mining")), "category");
    EXPECT_EQ(field_of(with("colour", "red")), "colour");
    EXPECT_EQ(field_of(with("terminated", true)), "termination_reason");
    EXPECT_EQ(field_of(with("land_area_mu", 1.234)), "land_area_mu");
    json::object fixed = with("total_investment", 100);
    fixed["fixed_asset_investment"] = 200;
    EXPECT_EQ(field_of(fixed), "fixed_asset_investment");
    EXPECT_EQ(AuditCount(), audits);
    EXPECT_EQ(app_->ListProjects(admin_, {})["total"].as_int64(), 0);
}

TEST_F(AppTest, ReverseSchedulingFillsPlannedDatesBackwards) {
    auto p = NewProject(admin_, unit_a_);
    auto out = app_->Schedule(admin_, p["id"].as_int64(),
                              json::object{{"target_node", "started"}, {"target_date", "2026-09-30"}, {"version", 1}});
    const auto& nodes = out["nodes"].as_array();
    auto planned = [&](int i) { return std::string(nodes[i].as_object().at("planned_date").as_string()); };
    EXPECT_EQ(planned(6), "2026-09-30");  // 开工
    // 供地 is 60 days before 开工 by default; 签约 is before 注册 and 供地 in the chain.
    EXPECT_EQ(planned(5), "2026-08-01");
}

}  // namespace
}  // namespace zs
