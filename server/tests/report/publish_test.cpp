// Publishing through the whole stack (a real SQLite file, the service, the report layer): a
// published report is stored once, downloads byte-identical after the data changes, renders again
// to the same bytes from its stored document, locks the month's figures, and a correction is a new
// version with a reason.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <unistd.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/document.hpp"
#include "report/writer.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "demo_city_fixture.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class PublishTest : public testing::DemoCityTest {
protected:
    PublishTest() : DemoCityTest("publish") {}
    void SetUp() override {
        DemoCityTest::SetUp();
        app_ = std::make_unique<App>(*store_, Config());
    }
    void TearDown() override {
        app_.reset();
        DemoCityTest::TearDown();
    }

    json::object Publish(const std::string& note, int64_t version = 0) {
        json::object body{{"type", "summary"}, {"year", 2026}, {"month", 6}, {"version", version}};
        if (!note.empty()) body["note"] = note;
        return app_->PublishReport(admin_, body);
    }

    // Corrects the provincial funds of June: a new revision of the largest out-of-province figure.
    void CorrectJuneFunds() {
        auto tx = store_->BeginWrite();
        ProjectFilter f;
        f.today = Date::Today();
        for (const auto& p : tx->ListProjects(f, Page{0, 100000}).items) {
            for (const auto& unit_fig : tx->ListCurrentFigures(p.unit_id, 2026, 6)) {
                if (unit_fig.project_id != p.id || unit_fig.funds_out_of_province == 0) continue;
                MonthlyFigure next = unit_fig;
                next.funds_in_place += 123'456'789;
                next.funds_out_of_province += 123'456'789;
                next.reason = "测试更正";
                tx->InsertFigureRevision(next);
                tx->Commit();
                return;
            }
        }
        FAIL() << "the demo city has no June figure from outside the province";
    }

    std::unique_ptr<App> app_;
};

TEST_F(PublishTest, StoredFilesStayByteIdenticalAndRenderAgainExactly) {
    json::object published = Publish("");
    const int64_t id = published.at("id").as_int64();
    auto stored = store_->BeginRead()->GetPublishedReport(id, true);
    ASSERT_TRUE(stored.has_value());
    ASSERT_FALSE(stored->docx.empty());
    EXPECT_EQ(Sha256Hex(stored->docx), stored->docx_sha256);

    // The stored document renders again to the very bytes that were published.
    Document doc = DocumentFromJson(json::parse(stored->document_json));
    EXPECT_EQ(writer_.Render(doc, DocFormat::kDocx), stored->docx);
    EXPECT_EQ(writer_.Render(doc, DocFormat::kXlsx), stored->xlsx);
    EXPECT_EQ(writer_.Render(doc, DocFormat::kHtml), stored->html);

    // The month's figures are locked for every unit.
    {
        auto tx = store_->BeginRead();
        for (const auto& u : tx->ListUnits()) {
            auto s = tx->GetSubmission(u.id, 2026, 6);
            ASSERT_TRUE(s.has_value()) << u.name;
            EXPECT_EQ(s->state, SubmissionState::kLocked) << u.name;
        }
    }

    // A correction after publishing: downloads do not move, the report says what differs.
    CorrectJuneFunds();
    for (const char* format : {"docx", "xlsx", "html"}) {
        FileBytes f = app_->DownloadReport(admin_, id, Query{{"format", format}});
        const std::string& expected = std::string(format) == "docx"   ? stored->docx
                                      : std::string(format) == "xlsx" ? stored->xlsx
                                                                      : stored->html;
        EXPECT_EQ(f.bytes, expected) << format;
    }
    json::object report = app_->GetReport(admin_, id);
    const auto& changes = report.at("changes").as_object();
    EXPECT_GT(changes.at("count").as_int64(), 0);
    bool funds_changed = false;
    for (const auto& c : changes.at("items").as_array()) {
        if (c.at("key").as_string().find("provincial_funds") != json::string::npos) funds_changed = true;
    }
    EXPECT_TRUE(funds_changed) << json::serialize(changes);

    // Publishing again is a correction: a reason is required, then version 2; version 1 stays.
    try {
        Publish("");
        FAIL() << "a second publication without a reason was accepted";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kUnprocessable);
        EXPECT_EQ(e.error().field, "note");
    }
    json::object second = Publish("6月数据更正");
    EXPECT_EQ(second.at("version_no").as_int64(), 2);
    EXPECT_NE(second.at("id").as_int64(), id);
    EXPECT_EQ(app_->DownloadReport(admin_, id, Query{{"format", "docx"}}).bytes, stored->docx);
    auto v2 = store_->BeginRead()->GetPublishedReport(second.at("id").as_int64(), true);
    EXPECT_NE(v2->docx, stored->docx);  // the corrected figure is in the new version
}

TEST_F(PublishTest, TheLedgerIsNotPublishedAndFuturePeriodsAreRefused) {
    auto expect_400 = [&](json::object body, const std::string& field) {
        try {
            app_->PublishReport(admin_, body);
            FAIL() << json::serialize(body);
        } catch (const ApiError& e) {
            EXPECT_EQ(e.error().code, ErrorCode::kBadRequest) << json::serialize(body);
            EXPECT_EQ(e.error().field, field) << json::serialize(body);
        }
    };
    expect_400({{"type", "ledger"}, {"version", 0}}, "type");
    expect_400({{"type", "monthly"}, {"year", 2026}, {"month", 8}, {"version", 0}}, "month");
    expect_400({{"type", "monthly"}, {"year", 2026}, {"version", 0}}, "month");
    expect_400({{"type", "quarterly"}, {"year", 2026}, {"quarter", 4}, {"version", 0}}, "quarter");
    expect_400({{"type", "weekly"}, {"year", 2026}, {"week", 30}, {"version", 0}}, "week");
    expect_400({{"type", "yearly"}, {"year", 2026}, {"version", 0}}, "type");
    // Nothing was written.
    EXPECT_TRUE(store_->BeginRead()->ListPublishedReports("", 0).empty());
}

}  // namespace
}  // namespace zs
