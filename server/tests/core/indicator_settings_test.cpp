#include "core/indicator_settings.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace zs {
namespace {

TEST(IndicatorSettingsTest, DefaultsFitTheSeed) {
    const IndicatorSettings s = IndicatorSettings::Defaults(2026);
    EXPECT_EQ(s.year, 2026);
    EXPECT_EQ(s.threshold_100m, 100'000'000);
    EXPECT_EQ(s.threshold_large, 1'000'000'000);
    EXPECT_EQ(s.threshold_in_stats, 5'000'000);
    ASSERT_EQ(s.signed_bands.size(), 3u);
    EXPECT_EQ(s.signed_bands[0], (SignedBand{100'000'000, 500'000'000}));
    EXPECT_EQ(s.signed_bands[1], (SignedBand{500'000'000, 1'000'000'000}));
    EXPECT_EQ(s.signed_bands[2], (SignedBand{1'000'000'000, std::nullopt}));
    ASSERT_EQ(s.emerging_industries.size(), 10u);
    EXPECT_EQ(s.emerging_industries.front(), "新一代信息技术");
    EXPECT_EQ(s.emerging_industries[4], "先进光伏和新型储能");
    EXPECT_EQ(s.emerging_industries.back(), "数字创意");
    EXPECT_EQ(s.introduced_window, IntroducedWindow::kThisYear);
    EXPECT_EQ(s.schedule_mode, ScheduleMode::kMonths);
    EXPECT_EQ(s.january_label, JanuaryLabel::kAlone);
    EXPECT_FALSE(s.Validate());
}

// The field an invalid settings value is reported against.
std::string FieldOf(const IndicatorSettings& s) {
    const auto err = s.Validate();
    if (!err) return "<valid>";
    EXPECT_EQ(err->code, ErrorCode::kUnprocessable);
    EXPECT_FALSE(err->message.empty());
    return err->field;
}

TEST(IndicatorSettingsTest, ValidateNamesTheField) {
    IndicatorSettings s = IndicatorSettings::Defaults(2026);
    s.threshold_100m = -1;
    EXPECT_EQ(FieldOf(s), "threshold_100m");

    s = IndicatorSettings::Defaults(2026);
    s.threshold_in_stats = -5;
    EXPECT_EQ(FieldOf(s), "threshold_in_stats");

    s = IndicatorSettings::Defaults(2026);
    s.threshold_large = kYuanPerYi - 1;  // below the 亿元 threshold
    EXPECT_EQ(FieldOf(s), "threshold_large");

    s = IndicatorSettings::Defaults(1899);
    EXPECT_EQ(FieldOf(s), "year");

    s = IndicatorSettings::Defaults(2026);
    s.signed_bands[1].lower = 4 * kYuanPerYi;  // overlaps [1,5)
    EXPECT_EQ(FieldOf(s), "signed_bands[1].lower");

    s = IndicatorSettings::Defaults(2026);
    std::swap(s.signed_bands[0], s.signed_bands[1]);  // unsorted
    EXPECT_EQ(FieldOf(s), "signed_bands[1].lower");

    s = IndicatorSettings::Defaults(2026);
    s.signed_bands[0].upper = s.signed_bands[0].lower;  // empty band
    EXPECT_EQ(FieldOf(s), "signed_bands[0].upper");

    s = IndicatorSettings::Defaults(2026);
    s.signed_bands[0].upper.reset();  // unbounded but not last
    EXPECT_EQ(FieldOf(s), "signed_bands[0].upper");

    s = IndicatorSettings::Defaults(2026);
    s.signed_bands[2].lower = -1;
    EXPECT_EQ(FieldOf(s), "signed_bands[2].lower");

    s = IndicatorSettings::Defaults(2026);
    s.emerging_industries[3] = "";
    EXPECT_EQ(FieldOf(s), "emerging_industries[3]");

    s = IndicatorSettings::Defaults(2026);
    s.emerging_industries.push_back("人工智能");
    EXPECT_EQ(FieldOf(s), "emerging_industries[10]");
}

TEST(IndicatorSettingsTest, ValidAlternatives) {
    IndicatorSettings s = IndicatorSettings::Defaults(2026);
    // Gaps between bands are allowed; so are the wider bands DOMAIN mentions, and no bands at all.
    s.signed_bands = {{10 * kYuanPerYi, 20 * kYuanPerYi}, {20 * kYuanPerYi, 50 * kYuanPerYi}, {50 * kYuanPerYi, {}}};
    EXPECT_FALSE(s.Validate());
    s.signed_bands = {{kYuanPerYi, 2 * kYuanPerYi}, {3 * kYuanPerYi, 4 * kYuanPerYi}};
    EXPECT_FALSE(s.Validate());
    s.signed_bands.clear();
    EXPECT_FALSE(s.Validate());
    s.threshold_in_stats = 0;
    EXPECT_FALSE(s.Validate());
}

TEST(IndicatorSettingsTest, JsonRoundTrip) {
    IndicatorSettings s = IndicatorSettings::Defaults(2025);
    s.threshold_large = 20 * kYuanPerYi;
    s.signed_bands = {{kYuanPerYi, 10 * kYuanPerYi}, {10 * kYuanPerYi, 20 * kYuanPerYi}, {20 * kYuanPerYi, {}}};
    s.emerging_industries[4] = "新能源和节能环保";
    s.introduced_window = IntroducedWindow::kThisAndLastYear;
    s.schedule_mode = ScheduleMode::kDays;
    s.january_label = JanuaryLabel::kFolded;
    const std::string text = boost::json::serialize(s.ToJson());
    const auto back = IndicatorSettings::FromJson(boost::json::parse(text));
    ASSERT_TRUE(back.ok()) << back.error().field << " " << back.error().message;
    EXPECT_EQ(back.value(), s);
    EXPECT_NE(text.find("\"upper\":null"), std::string::npos);
    EXPECT_NE(text.find("\"schedule_mode\":\"days\""), std::string::npos);

    const auto defaults = IndicatorSettings::FromJson(IndicatorSettings::Defaults(2026).ToJson());
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults.value(), IndicatorSettings::Defaults(2026));
}

// Parses `text`, replaces `key` with `replacement` (or removes it when replacement is empty), and
// returns the FromJson error.
Error JsonError(const std::string& key, const std::string& replacement) {
    boost::json::object o = IndicatorSettings::Defaults(2026).ToJson();
    if (replacement.empty()) {
        o.erase(key);
    } else {
        o[key] = boost::json::parse(replacement);
    }
    const auto r = IndicatorSettings::FromJson(o);
    EXPECT_FALSE(r.ok()) << key << " " << replacement;
    return r.ok() ? Error{} : r.error();
}

TEST(IndicatorSettingsTest, FromJsonErrorsNameTheField) {
    Error e = JsonError("threshold_100m", "\"1亿\"");
    EXPECT_EQ(e.code, ErrorCode::kBadRequest);
    EXPECT_EQ(e.field, "threshold_100m");

    e = JsonError("threshold_100m", "100000000.5");
    EXPECT_EQ(e.field, "threshold_100m");

    e = JsonError("threshold_large", "");
    EXPECT_EQ(e.code, ErrorCode::kUnprocessable);
    EXPECT_EQ(e.field, "threshold_large");

    e = JsonError("threshold_in_stats", "-1");
    EXPECT_EQ(e.code, ErrorCode::kUnprocessable);
    EXPECT_EQ(e.field, "threshold_in_stats");

    e = JsonError("surprise", "1");
    EXPECT_EQ(e.code, ErrorCode::kBadRequest);
    EXPECT_EQ(e.field, "surprise");

    e = JsonError("signed_bands", R"([{"lower":100000000,"upper":500000000},{"lower":300000000,"upper":null}])");
    EXPECT_EQ(e.code, ErrorCode::kUnprocessable);
    EXPECT_EQ(e.field, "signed_bands[1].lower");

    e = JsonError("signed_bands", R"([{"lower":100000000}])");
    EXPECT_EQ(e.field, "signed_bands[0].upper");

    e = JsonError("signed_bands", R"([{"lower":100000000,"upper":null,"name":"x"}])");
    EXPECT_EQ(e.field, "signed_bands[0].name");

    e = JsonError("signed_bands", R"({"lower":1})");
    EXPECT_EQ(e.field, "signed_bands");

    e = JsonError("emerging_industries", R"(["人工智能", 3])");
    EXPECT_EQ(e.field, "emerging_industries[1]");

    e = JsonError("schedule_mode", "\"weeks\"");
    EXPECT_EQ(e.field, "schedule_mode");

    e = JsonError("introduced_window", "\"last_year\"");
    EXPECT_EQ(e.field, "introduced_window");

    e = JsonError("january_label", "true");
    EXPECT_EQ(e.field, "january_label");

    e = JsonError("year", "1800");
    EXPECT_EQ(e.field, "year");

    const auto not_object = IndicatorSettings::FromJson(boost::json::parse("[1,2]"));
    ASSERT_FALSE(not_object.ok());
    EXPECT_EQ(not_object.error().code, ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace zs
