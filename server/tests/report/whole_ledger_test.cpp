// The whole ledger's .xlsx (and the HTML the `report` command writes) through the whole stack (a
// real SQLite file, the service, the report layer): read in slices on a second thread while the
// slices before are written, it is the same file, byte for byte, as the ledger read in one slice,
// for every filter, order and role. (That one
// slice gives the file of the ledger composed at once is compose_ledger_test's.)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "demo_city_fixture.hpp"
#include "sheet/sheet.hpp"

namespace zs {
namespace {

class WholeLedgerTest : public testing::DemoCityTest {
protected:
    WholeLedgerTest() : DemoCityTest("whole-ledger") {}
    void SetUp() override {
        DemoCityTest::SetUp();
        AppConfig config = Config();
        config.ledger_slice = 1'000'000;  // every project in one slice
        at_once_ = std::make_unique<App>(*store_, config);
        config.ledger_slice = 7;  // the demo city's 400 projects in 58 slices
        sliced_ = std::make_unique<App>(*store_, config);
    }
    void TearDown() override {
        sliced_.reset();
        at_once_.reset();
        DemoCityTest::TearDown();
    }

    static Query Ledger(Query q) {
        q["type"] = "ledger";
        q["format"] = "xlsx";
        return q;
    }

    std::unique_ptr<App> at_once_;
    std::unique_ptr<App> sliced_;
};

TEST_F(WholeLedgerTest, SlicesReadAheadGiveTheFileOfOneSlice) {
    int64_t unit = 0;
    int64_t projects = 0;
    {
        auto tx = store_->BeginRead();
        unit = tx->ListUnits().at(1).id;
        ProjectFilter all;
        all.today = Date::Today();
        projects = tx->ListProjects(all, Page{0, 0}).total;
    }
    ASSERT_GT(projects, 7 * 3);  // several slices
    const std::vector<Query> filters = {
        {},
        {{"sort", "name"}},
        {{"sort", "-total_investment"}, {"unit_id", std::to_string(unit)}},
        {{"stage", "signed"}, {"sort", "code"}},
        {{"q", "no project is called this"}},
    };
    for (const Query& filter : filters) {
        std::string label;
        for (const auto& [k, v] : filter) label += k + "=" + v + " ";
        SCOPED_TRACE(label);
        const FileBytes once = at_once_->RenderReport(admin_, Ledger(filter));
        const FileBytes sliced = sliced_->RenderReport(admin_, Ledger(filter));
        EXPECT_EQ(sliced.bytes, once.bytes);
        EXPECT_EQ(sliced.name, once.name);
        EXPECT_EQ(sliced.content_type, once.content_type);
        EXPECT_EQ(once.bytes.substr(0, 2), "PK");
        // The whole ledger as the `report` command writes it in HTML.
        Query html = Ledger(filter);
        html["format"] = "html";
        const FileBytes page = at_once_->RenderReport(admin_, html, App::LedgerHtml::kWhole);
        EXPECT_EQ(sliced_->RenderReport(admin_, html, App::LedgerHtml::kWhole).bytes, page.bytes);
        EXPECT_EQ(page.content_type.substr(0, 9), "text/html");
    }
    // The orders differ, so the files do: the comparison above is not of equal inputs only.
    EXPECT_NE(sliced_->RenderReport(admin_, Ledger({{"sort", "name"}})).bytes,
              sliced_->RenderReport(admin_, Ledger({})).bytes);

    // Each row carries its own project's open problems, in every slice: the last column of the
    // row whose code is the project's.
    std::map<std::string, std::string> problems_of;  // project code → the ledger's problem cell
    {
        const sheet::Sheet read = sheet::ReadXlsx(sliced_->RenderReport(admin_, Ledger({})).bytes);
        ASSERT_EQ(static_cast<int64_t>(read.rows.size()), projects + 1);  // the header and one row each
        for (std::size_t r = 1; r < read.rows.size(); ++r) {
            const auto& cells = read.rows[r].cells;
            if (cells.size() == 43) problems_of[cells[0].text] = cells[42].text;
        }
    }
    int open_checked = 0;
    {
        auto tx = store_->BeginRead();
        ProjectFilter all;
        all.today = Date::Today();
        all.sort = "id";
        for (const Project& p : tx->ListProjects(all, Page{0, 100000}).items) {
            for (const Problem& pr : tx->ListProblems(p.id)) {
                if (pr.status != "open") continue;
                EXPECT_NE(problems_of[p.code].find(pr.description), std::string::npos) << p.code;
                ++open_checked;
            }
        }
    }
    EXPECT_GT(open_checked, 3);  // the demo city has open problems across slices

    // A reporter's ledger: its unit's projects only, sliced or not.
    const Actor reporter{0, "reporter", Role::kReporter, unit, ""};
    const FileBytes own = sliced_->RenderReport(reporter, Ledger({}));
    EXPECT_EQ(own.bytes, at_once_->RenderReport(reporter, Ledger({})).bytes);
    EXPECT_EQ(own.bytes, at_once_->RenderReport(admin_, Ledger({{"unit_id", std::to_string(unit)}})).bytes);
}

}  // namespace
}  // namespace zs
