// 台账: one row per project with the 22 node date columns; and the writer, which refuses a ledger
// as .docx.
#include <gtest/gtest.h>

#include "compose_fixture.hpp"
#include "report/compose.hpp"
#include "report/writer.hpp"

namespace zs {
namespace {

using namespace compose_test;  // NOLINT(google-build-using-namespace): test helpers only

ReportData LedgerData() {
    const World w = CityWorld();
    ReportData d;
    d.type = ReportType::kLedger;
    d.today = D(2026, 7, 5);
    d.to = d.today;
    d.city_name = "桐城市";
    d.issuer = "桐城市招商中心";
    d.units = w.units;
    for (const ProjectSpec& p : w.projects) d.projects.push_back(w.ToProject(p));  // terminated ones too
    d.open_problems = w.problems;
    d.province_names = {{"320000", "江苏省"}};
    return d;
}

const Table& Ledger(const Document& doc) { return BlockOf(doc, "ledger").table; }

TEST(ComposeLedgerTest, ColumnsAreTheSpecifiedOnesWithTwentyTwoNodeDates) {
    const Document doc = ComposeReport(LedgerData());
    EXPECT_EQ(doc.type, "ledger");
    EXPECT_EQ(doc.title, "桐城市招商项目台账");
    EXPECT_EQ(doc.subtitle, "（截至2026年7月5日）");
    EXPECT_TRUE(doc.landscape);
    std::vector<std::string> titles;
    for (const Column& c : Ledger(doc).columns) titles.push_back(c.title);
    const std::vector<std::string> expected = {"项目编号",
                                               "项目名称",
                                               "责任单位",
                                               "投资方",
                                               "投资方省份",
                                               "产业链",
                                               "行业",
                                               "类别",
                                               "十大新兴产业",
                                               "总投资（万元）",
                                               "固定资产投资（万元）",
                                               "用地（亩）",
                                               "包保领导",
                                               "引荐人",
                                               "招引单位",
                                               "第一引资人",
                                               "重点项目",
                                               "当前节点",
                                               "状态",
                                               "入省库",
                                               "线索计划",
                                               "线索实际",
                                               "在谈计划",
                                               "在谈实际",
                                               "预审计划",
                                               "预审实际",
                                               "签约计划",
                                               "签约实际",
                                               "注册计划",
                                               "注册实际",
                                               "供地计划",
                                               "供地实际",
                                               "开工计划",
                                               "开工实际",
                                               "入统计划",
                                               "入统实际",
                                               "投产计划",
                                               "投产实际",
                                               "入规计划",
                                               "入规实际",
                                               "达产计划",
                                               "达产实际",
                                               "未解决问题"};
    EXPECT_EQ(titles, expected);
    int dates = 0;
    for (const Column& c : Ledger(doc).columns) dates += c.kind == CellKind::kDate ? 1 : 0;
    EXPECT_EQ(dates, 22);
}

TEST(ComposeLedgerTest, OneRowPerProjectInTheFiltersOrder) {
    const ReportData data = LedgerData();
    const Document doc = ComposeReport(data);
    const Table& t = Ledger(doc);
    ASSERT_EQ(t.rows.size(), data.projects.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        EXPECT_EQ(t.rows[i].size(), t.columns.size());
        EXPECT_EQ(t.rows[i][0].text, data.projects[i].code);
    }
}

TEST(ComposeLedgerTest, ARowInFull) {
    const Document doc = ComposeReport(LedgerData());
    const std::vector<std::string> row = RowTexts(Ledger(doc), "XM101");
    ASSERT_EQ(row.size(), 43u);
    EXPECT_EQ(
        std::vector<std::string>(row.begin(), row.begin() + 20),
        (std::vector<std::string>{"XM101",     "智能输送机项目", "桐城经济开发区", "投资方101",  "江苏省",   "机电装备",
                                  "行业C3434", "工业",           "高端装备制造",   "100000.00",  "50000.00", "50.25",
                                  "包保领导",  "引荐人",         "桐城经济开发区", "第一引资人", "是",       "开工",
                                  "滞后",      "已认定"}));
    // (planned, actual) per node in order; 入统 was planned for 20 June and is overdue.
    const std::vector<std::pair<std::string, std::string>> nodes = {{"", "2025-10-01"},
                                                                    {"", "2025-11-01"},
                                                                    {"", "2026-02-20"},
                                                                    {"", "2026-03-15"},
                                                                    {"", "2026-04-01"},
                                                                    {"", "2026-04-20"},
                                                                    {"", "2026-05-20"},
                                                                    {"2026-06-20", ""},
                                                                    {"2026-12-31", ""},
                                                                    {"", ""},
                                                                    {"", ""}};
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        EXPECT_EQ(row[20 + 2 * i], nodes[i].first) << i;
        EXPECT_EQ(row[21 + 2 * i], nodes[i].second) << i;
    }
    EXPECT_EQ(row[42], "审批：环评批复待审");
    EXPECT_EQ(FactOf(doc, "ledger.101.started.actual"), "2026-05-20");
    EXPECT_EQ(FactOf(doc, "ledger.101.in_stats.planned"), "2026-06-20");
    EXPECT_FALSE(FactOf(doc, "ledger.101.in_stats.actual"));
    EXPECT_EQ(FactOf(doc, "ledger.101.total_investment"), "100000.00");
}

TEST(ComposeLedgerTest, NodesThatDoNotApplyAndTerminatedProjects) {
    const Document doc = ComposeReport(LedgerData());
    const std::vector<std::string> service = RowTexts(Ledger(doc), "XM105");
    // 供地 does not apply to a service project.
    EXPECT_EQ(service[30], "—");
    EXPECT_EQ(service[31], "—");
    EXPECT_EQ(service[7], "服务业");
    EXPECT_EQ(service[19], "未上报");
    const std::vector<std::string> ended = RowTexts(Ledger(doc), "XM111");
    EXPECT_EQ(ended[18], "终止");
    const std::vector<std::string> waiting = RowTexts(Ledger(doc), "XM102");
    EXPECT_EQ(waiting.back(), "土地指标：已签约项目等待土地指标");
}

TEST(ComposeLedgerTest, OneUnitsLedgerSaysSo) {
    ReportData d = LedgerData();
    d.unit_id = 1;
    EXPECT_EQ(ComposeReport(d).subtitle, "（桐城经济开发区，截至2026年7月5日）");
}

// The preview's page: the service gives the page's projects and the page; the rows are those
// projects' rows of the whole ledger, under a line naming the page and the count.
TEST(ComposeLedgerTest, APageHasItsProjectsRowsUnderALineNamingThePageAndTheCount) {
    const ReportData whole = LedgerData();
    const Document whole_doc = ComposeReport(whole);
    const auto n = static_cast<int64_t>(whole.projects.size());
    ASSERT_GE(n, 7);
    ReportData d = whole;
    d.projects.assign(whole.projects.begin() + 3, whole.projects.begin() + 6);
    d.ledger_page = LedgerPage{.page = 2, .page_size = 3, .total = n};
    const Document doc = ComposeReport(d);

    const int64_t pages = (n + 2) / 3;
    EXPECT_EQ(BlockIds(doc), (std::vector<std::string>{"ledger.page", "ledger"}));
    EXPECT_EQ(BlockOf(doc, "ledger.page").kind, BlockKind::kParagraph);
    EXPECT_FALSE(BlockOf(doc, "ledger.page").editable);
    EXPECT_EQ(BlockOf(doc, "ledger.page").text,
              "第2/" + std::to_string(pages) + "页，共" + std::to_string(n) + "个项目（每页3个）");
    EXPECT_EQ(FactOf(doc, "ledger.count"), std::to_string(n) + "个");
    ASSERT_EQ(Ledger(doc).rows.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(Ledger(doc).rows[i], Ledger(whole_doc).rows[3 + i]) << i;
    }
    EXPECT_EQ(Ledger(doc).columns, Ledger(whole_doc).columns);
    // The facts of the page's projects only, as in the whole ledger.
    EXPECT_EQ(FactOf(doc, "ledger." + std::to_string(d.projects[0].id) + ".total_investment"),
              FactOf(whole_doc, "ledger." + std::to_string(d.projects[0].id) + ".total_investment"));
    EXPECT_FALSE(FactOf(doc, "ledger." + std::to_string(whole.projects[0].id) + ".total_investment"));
    EXPECT_EQ(doc.title, whole_doc.title);
    EXPECT_EQ(doc.subtitle, whole_doc.subtitle);
}

TEST(ComposeLedgerTest, PagesCountUpwardAndAnEmptyLedgerIsOneEmptyPage) {
    EXPECT_EQ((LedgerPage{.page = 1, .page_size = 500, .total = 100'000}).Pages(), 200);
    EXPECT_EQ((LedgerPage{.page = 1, .page_size = 500, .total = 100'001}).Pages(), 201);
    EXPECT_EQ((LedgerPage{.page = 1, .page_size = 500, .total = 1}).Pages(), 1);
    EXPECT_EQ((LedgerPage{.page = 1, .page_size = 500, .total = 0}).Pages(), 1);

    ReportData d = LedgerData();
    d.projects.clear();
    d.open_problems.clear();
    d.ledger_page = LedgerPage{.page = 1, .page_size = 500, .total = 0};
    const Document doc = ComposeReport(d);
    EXPECT_EQ(BlockOf(doc, "ledger.page").text, "第1/1页，共0个项目（每页500个）");
    EXPECT_TRUE(Ledger(doc).rows.empty());
}

TEST(ComposeLedgerTest, TheWholeLedgerHasNoPageLine) {
    const Document doc = ComposeReport(LedgerData());
    EXPECT_EQ(BlockIds(doc), (std::vector<std::string>{"ledger"}));
    EXPECT_FALSE(FactOf(doc, "ledger.count"));
}

TEST(ComposeWriterTest, ComposesByTypeAndRefusesALedgerAsDocx) {
    const DocumentWriter writer;
    const ReportData data = LedgerData();
    const Document doc = writer.Compose(data);
    EXPECT_EQ(doc, ComposeReport(data));
    try {
        writer.Render(doc, DocFormat::kDocx);
        ADD_FAILURE() << "a ledger rendered as .docx";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kBadRequest);
        EXPECT_EQ(e.error().field, "format");
        EXPECT_EQ(e.error().message, "台账只导出 .xlsx 或 HTML");
    }
    EXPECT_FALSE(writer.Render(doc, DocFormat::kHtml).empty());
    EXPECT_FALSE(writer.Render(doc, DocFormat::kXlsx).empty());
}

// The whole ledger written slice by slice (the service reads 10^5 projects in slices) is the file
// of the ledger composed at once, byte for byte, whatever the slices, as .xlsx and as HTML.
TEST(ComposeWriterTest, TheLedgerWrittenSliceBySliceIsTheLedgerComposedAtOnce) {
    const DocumentWriter writer;
    const ReportData data = LedgerData();
    ASSERT_GE(data.projects.size(), 5u);
    ASSERT_FALSE(data.open_problems.empty());
    ReportData head = data;
    head.projects.clear();
    head.open_problems.clear();
    for (const DocFormat format : {DocFormat::kXlsx, DocFormat::kHtml}) {
        SCOPED_TRACE(std::string(DocFormatKey(format)));
        const std::string whole = writer.Render(writer.Compose(data), format);
        for (const std::size_t slice : {std::size_t{1}, std::size_t{2}, std::size_t{3}, data.projects.size()}) {
            SCOPED_TRACE("slices of " + std::to_string(slice));
            const auto file = writer.Ledger(head, format);
            EXPECT_EQ(file->Head().title, "桐城市招商项目台账");
            EXPECT_EQ(file->Head().subtitle, "（截至2026年7月5日）");
            for (std::size_t at = 0; at < data.projects.size(); at += slice) {
                const std::size_t end = std::min(at + slice, data.projects.size());
                const std::vector<Project> projects(data.projects.begin() + static_cast<std::ptrdiff_t>(at),
                                                    data.projects.begin() + static_cast<std::ptrdiff_t>(end));
                std::vector<Problem> problems;
                for (const Problem& pr : data.open_problems) {
                    for (const Project& p : projects) {
                        if (pr.project_id == p.id) problems.push_back(pr);
                    }
                }
                file->Add(projects, problems);
            }
            EXPECT_EQ(file->Finish(), whole);
        }

        // A slice's problems are its own: a problem given with another slice shows nowhere.
        const auto file = writer.Ledger(head, format);
        file->Add(data.projects, {});
        EXPECT_NE(file->Finish(), whole);

        // No project at all: the header row alone, as the empty ledger composed at once.
        const auto empty = writer.Ledger(head, format);
        EXPECT_EQ(empty->Finish(), writer.Render(writer.Compose(head), format));
    }
    // As a .docx, refused as Render refuses it.
    try {
        writer.Ledger(head, DocFormat::kDocx);
        ADD_FAILURE() << "a ledger file as .docx";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().field, "format");
        EXPECT_EQ(e.error().message, "台账只导出 .xlsx 或 HTML");
    }
}

TEST(ComposeWriterTest, OtherTypesRenderAsDocx) {
    const DocumentWriter writer;
    const Document doc = writer.Compose(CityWorld().Data(ReportType::kSummary, 2026, 6, D(2026, 7, 5)));
    EXPECT_EQ(doc.type, "summary");
    const std::string docx = writer.Render(doc, DocFormat::kDocx);
    EXPECT_EQ(docx.substr(0, 2), "PK");  // a zip container
}

}  // namespace
}  // namespace zs
