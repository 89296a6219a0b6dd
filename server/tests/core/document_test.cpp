#include "core/document.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace zs {
namespace {

Document Sample() {
    Document d;
    d.type = "summary";
    d.title = "桐城市招商中心2026年上半年招商引资工作总结";
    d.subtitle = "(2026年1-6月)";
    d.issuer = "桐城市招商中心";
    d.date_line = "2026年7月5日";
    d.landscape = true;
    d.blocks.push_back({BlockKind::kParagraph, "preamble", "现将有关情况总结如下:", true, {}});
    d.blocks.push_back({BlockKind::kHeading1, "h1", "一、上半年招商实绩完成情况", false, {}});
    d.blocks.push_back({BlockKind::kHeading2, "h1.1", "1、实际利用省外资金情况", false, {}});
    d.blocks.push_back({BlockKind::kCaption, "c1", "表1 实际利用省外资金", false, {}});
    Block t;
    t.kind = BlockKind::kTable;
    t.id = "t1";
    t.table.columns = {{"单位", CellKind::kText, 12},         {"完成(万元)", CellKind::kYuanWan, 10},
                       {"完成(亿元)", CellKind::kYuanYi, 10}, {"项目", CellKind::kCount, 6},
                       {"完成率", CellKind::kPercent, 8},     {"日期", CellKind::kDate, 11}};
    t.table.rows.push_back({TextCell("全市"), WanCell(123'456'789), YiCell(2'350'000'000), CountCell(31),
                            PercentCell(Ratio{2, 3}), TextCell("2026-06-30")});
    t.table.rows.push_back({TextCell("=HYPERLINK(\"x\")"), WanCell(-5'000), YiCell(0), CountCell(0),
                            PercentCell(std::nullopt), TextCell("—")});
    d.blocks.push_back(t);
    d.blocks.push_back({BlockKind::kParagraph, "s2.1", "今年第2季度集中开工项目3个。", true, {}});
    d.facts = {{"provincial_funds.city.actual", "实际利用省外资金(全市)", "23.5"},
               {"signed_100m.city.count", "新签约亿元以上项目(全市)", "12"}};
    return d;
}

std::string FieldOfBadJson(std::string_view json) {
    try {
        DocumentFromJson(boost::json::parse(json));
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kBadRequest) << json;
        EXPECT_FALSE(e.error().message.empty());
        return e.error().field;
    }
    return "<accepted>";
}

TEST(DocumentTest, KindKeysRoundTrip) {
    for (const CellKind k : {CellKind::kText, CellKind::kYuanWan, CellKind::kYuanYi, CellKind::kCount,
                             CellKind::kPercent, CellKind::kDate}) {
        EXPECT_EQ(ParseCellKind(CellKindKey(k)), k);
    }
    EXPECT_EQ(CellKindKey(CellKind::kYuanWan), "wan");
    EXPECT_EQ(CellKindKey(CellKind::kPercent), "percent");
    EXPECT_FALSE(ParseCellKind("Wan"));
    EXPECT_FALSE(ParseCellKind(""));
    for (const BlockKind k :
         {BlockKind::kHeading1, BlockKind::kHeading2, BlockKind::kParagraph, BlockKind::kCaption, BlockKind::kTable}) {
        EXPECT_EQ(ParseBlockKind(BlockKindKey(k)), k);
    }
    EXPECT_EQ(BlockKindKey(BlockKind::kHeading2), "h2");
    EXPECT_EQ(BlockKindKey(BlockKind::kCaption), "caption");
    EXPECT_FALSE(ParseBlockKind("h3"));
}

TEST(DocumentTest, CellsPrintTheirValues) {
    EXPECT_EQ(WanCell(123'456'789).text, "12345.68");
    EXPECT_EQ(WanCell(123'456'789).number, 123'456'789);
    EXPECT_EQ(WanCell(50).text, "0.01");  // half away from zero
    EXPECT_EQ(WanCell(-5'000).text, "-0.50");
    EXPECT_EQ(WanCell(0).text, "0.00");
    EXPECT_EQ(YiCell(2'350'000'000).text, "23.50");
    EXPECT_EQ(YiCell(2'350'000'000).number, 2'350'000'000);
    EXPECT_EQ(CountCell(31).text, "31");
    EXPECT_EQ(CountCell(31).number, 31);
    EXPECT_FALSE(CountCell(31).ratio);

    const Cell p = PercentCell(Ratio{2, 3});
    EXPECT_EQ(p.text, "66.7%");
    EXPECT_EQ(p.ratio, (Ratio{2, 3}));
    EXPECT_FALSE(p.number);
    EXPECT_EQ(PercentCell(Ratio{1, 8}).text, "12.5%");
    EXPECT_EQ(PercentCell(Ratio{3, 2}).text, "150.0%");
    const Cell none = PercentCell(std::nullopt);
    EXPECT_EQ(none.text, "—");
    EXPECT_FALSE(none.ratio);

    const Cell t = TextCell("经开区");
    EXPECT_EQ(t.text, "经开区");
    EXPECT_FALSE(t.number);
    EXPECT_FALSE(t.ratio);
}

TEST(DocumentTest, JsonRoundTripIsExact) {
    const Document d = Sample();
    const boost::json::object j = DocumentToJson(d);
    // Through text, as it is stored.
    const Document back = DocumentFromJson(boost::json::parse(boost::json::serialize(j)));
    EXPECT_EQ(back, d);
    EXPECT_EQ(DocumentToJson(back), j);

    // The documented shape: "table" only on tables, optional number/ratio absent when unset.
    const auto& blocks = j.at("blocks").as_array();
    EXPECT_FALSE(blocks[0].as_object().contains("table"));
    EXPECT_EQ(blocks[0].at("kind"), "p");
    EXPECT_EQ(blocks[0].at("editable"), true);
    const auto& table = blocks[4].at("table").as_object();
    EXPECT_EQ(table.at("columns").as_array()[1].at("kind"), "wan");
    EXPECT_EQ(table.at("columns").as_array()[0].at("width"), 12);
    const auto& row0 = table.at("rows").as_array()[0].as_array();
    EXPECT_EQ(row0[1].at("number"), 123'456'789);
    EXPECT_EQ(row0[4].at("ratio"), (boost::json::array{2, 3}));
    EXPECT_FALSE(row0[0].as_object().contains("number"));
    EXPECT_FALSE(row0[0].as_object().contains("ratio"));
    EXPECT_EQ(j.at("landscape"), true);
    EXPECT_EQ(j.at("facts").as_array()[1].at("value"), "12");
}

TEST(DocumentTest, FromJsonNamesTheBadField) {
    const std::string good = boost::json::serialize(DocumentToJson(Sample()));
    auto with = [&](auto edit) {
        boost::json::value v = boost::json::parse(good);
        edit(v.as_object());
        return FieldOfBadJson(boost::json::serialize(v));
    };
    EXPECT_EQ(FieldOfBadJson("[]"), "");
    EXPECT_EQ(with([](auto& o) { o.erase("title"); }), "title");
    EXPECT_EQ(with([](auto& o) { o["landscape"] = "yes"; }), "landscape");
    EXPECT_EQ(with([](auto& o) { o["extra"] = 1; }), "extra");
    EXPECT_EQ(with([](auto& o) { o["blocks"] = 3; }), "blocks");
    EXPECT_EQ(with([](auto& o) { o["blocks"].as_array()[2].as_object()["kind"] = "h3"; }), "blocks[2].kind");
    EXPECT_EQ(with([](auto& o) { o["blocks"].as_array()[1].as_object()["editable"] = 1; }), "blocks[1].editable");
    EXPECT_EQ(with([](auto& o) { o["blocks"].as_array()[0].as_object()["table"] = boost::json::object{}; }),
              "blocks[0].table");
    EXPECT_EQ(with([](auto& o) { o["blocks"].as_array()[4].as_object().erase("table"); }), "blocks[4].table");
    auto table = [](boost::json::object& o) -> boost::json::object& {
        return o["blocks"].as_array()[4].as_object()["table"].as_object();
    };
    EXPECT_EQ(with([&](auto& o) { table(o)["rows"].as_array()[0].as_array()[1].as_object()["text"] = 5; }),
              "blocks[4].table.rows[0][1].text");
    EXPECT_EQ(with([&](auto& o) { table(o)["rows"].as_array()[1].as_array()[3].as_object()["number"] = 1.5; }),
              "blocks[4].table.rows[1][3].number");
    EXPECT_EQ(with([&](auto& o) {
                  table(o)["rows"].as_array()[0].as_array()[4].as_object()["ratio"] = {1, 0};
              }),
              "blocks[4].table.rows[0][4].ratio[1]");
    EXPECT_EQ(with([&](auto& o) { table(o)["rows"].as_array()[0].as_array()[4].as_object()["ratio"] = {1}; }),
              "blocks[4].table.rows[0][4].ratio");
    EXPECT_EQ(with([&](auto& o) { table(o)["rows"].as_array()[1].as_array().pop_back(); }), "blocks[4].table.rows[1]");
    EXPECT_EQ(with([&](auto& o) { table(o)["columns"].as_array()[2].as_object()["kind"] = "euro"; }),
              "blocks[4].table.columns[2].kind");
    EXPECT_EQ(with([&](auto& o) { table(o)["columns"].as_array()[0].as_object()["width"] = 0; }),
              "blocks[4].table.columns[0].width");
    EXPECT_EQ(with([](auto& o) { o["facts"].as_array()[1].as_object().erase("label"); }), "facts[1].label");
    EXPECT_EQ(FieldOfBadJson(good), "<accepted>");
}

TEST(DocumentTest, ApplyEditsReplacesEditableTextOnly) {
    Document d = Sample();
    EXPECT_FALSE(ApplyEdits(d, {{"s2.1", "改写后的段落。"}, {"preamble", "第一行\r\n第二行\r第三行"}}));
    EXPECT_EQ(d.blocks[5].text, "改写后的段落。");
    EXPECT_EQ(d.blocks[0].text, "第一行\n第二行\n第三行");

    const Document before = d;
    auto err = ApplyEdits(d, {{"s2.1", "不会写入"}, {"h1", "标题不可改"}});
    ASSERT_TRUE(err);
    EXPECT_EQ(err->code, ErrorCode::kUnprocessable);
    EXPECT_EQ(err->field, "edits.h1");
    EXPECT_EQ(d, before);  // nothing applied when one edit is rejected

    err = ApplyEdits(d, {{"nope", "x"}});
    ASSERT_TRUE(err);
    EXPECT_EQ(err->field, "edits.nope");

    std::string long_text;
    for (int i = 0; i < 20'000; ++i) long_text += "字";
    EXPECT_FALSE(ApplyEdits(d, {{"s2.1", long_text}}));  // 20000 characters (60000 bytes) is the limit
    err = ApplyEdits(d, {{"s2.1", long_text + "a"}});
    ASSERT_TRUE(err);
    EXPECT_EQ(err->code, ErrorCode::kUnprocessable);
    EXPECT_EQ(err->field, "edits.s2.1");

    err = ApplyEdits(d, {{"preamble", std::string("a\x01") + "b"}});
    ASSERT_TRUE(err);
    EXPECT_EQ(err->field, "edits.preamble");
    err = ApplyEdits(d, {{"preamble", "\xE5\xAD"}});  // truncated UTF-8
    ASSERT_TRUE(err);
    EXPECT_EQ(err->field, "edits.preamble");
}

TEST(DocumentTest, TextListsEveryPrintedLine) {
    Document d = Sample();
    EXPECT_EQ(DocumentText(d),
              "桐城市招商中心2026年上半年招商引资工作总结\n"
              "(2026年1-6月)\n"
              "现将有关情况总结如下:\n"
              "一、上半年招商实绩完成情况\n"
              "1、实际利用省外资金情况\n"
              "表1 实际利用省外资金\n"
              "单位\t完成(万元)\t完成(亿元)\t项目\t完成率\t日期\n"
              "全市\t12345.68\t23.50\t31\t66.7%\t2026-06-30\n"
              "=HYPERLINK(\"x\")\t-0.50\t0.00\t0\t—\t—\n"
              "今年第2季度集中开工项目3个。\n"
              "桐城市招商中心\n"
              "2026年7月5日\n");
    d.subtitle.clear();
    d.issuer.clear();
    d.date_line.clear();
    d.blocks.resize(1);
    EXPECT_EQ(DocumentText(d), "桐城市招商中心2026年上半年招商引资工作总结\n现将有关情况总结如下:\n");
}

TEST(DocumentTest, CompareFactsListsChangedAndMissing) {
    const std::vector<Fact> published = {{"a", "甲", "1.0"}, {"b", "乙", "2"}, {"c", "丙", "3"}};
    const std::vector<Fact> current = {{"c", "丙", "3"}, {"a", "甲", "1.1"}, {"d", "丁", "9"}};
    const auto changes = CompareFacts(published, current);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].key, "a");
    EXPECT_EQ(changes[0].label, "甲");
    EXPECT_EQ(changes[0].published, "1.0");
    EXPECT_EQ(changes[0].current, "1.1");
    EXPECT_EQ(changes[1].key, "b");
    EXPECT_FALSE(changes[1].current);
    EXPECT_TRUE(CompareFacts(published, published).empty());
}

}  // namespace
}  // namespace zs
