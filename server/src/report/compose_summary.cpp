// 工作总结 (type summary): section 一 in the seed's own wording with every figure from the
// indicator engine, sections 二–四 as editable paragraphs prefilled with what the system holds.
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {
namespace {

constexpr int kMaxIndustryNames = 4;
constexpr int kMaxKeyProjectNames = 5;
constexpr int kMaxExhibitions = 5;

// What the summary needs of one period, computed once.
struct SummaryContext {
    const ReportData& data;
    DocumentBuilder& b;
    std::string period;       // P: "1-6月" (January "1月")
    std::string month_label;  // "6月份"
    std::string period_word;  // W: 上半年 / 全年 / 1-M月
    std::string yi;           // H: "亿元"
    std::string large;        // L: "10亿元"
    Date year_start;
};

std::string PeriodWord(int month, const std::string& period) {
    if (month == 6) return "上半年";
    if (month == 12) return "全年";
    return period;
}

// Records and prints a count: "12个" in the text, "12个" as the fact.
std::string Count(SummaryContext& c, const std::string& key, const std::string& label, int64_t n) {
    return c.b.Fact(key, label, std::to_string(n) + "个");
}

std::string Ahead(SummaryContext& c, const std::string& key, const std::string& label, const Figure& f) {
    return c.b.Fact(key, label + "超（落后）序时进度", AheadPhrase(f, 1));
}

// "{n}个，{A}" for one count indicator of the cumulative table, recording both.
std::string CountWithAhead(SummaryContext& c, const std::string& key, const std::string& label) {
    const Figure& f = CityFigure(c.data.cumulative, key);
    const std::string base = "s1." + key + ".city.";
    return Count(c, base + "actual", label, f.actual) + "，" + Ahead(c, base + "ahead", label, f);
}

void Section1Funds(SummaryContext& c) {
    const IndicatorTable& cum = c.data.cumulative;
    const IndicatorTable& single = c.data.single;
    const Figure& funds = CityFigure(cum, "provincial_funds");
    const Figure& large = CityFigure(cum, "prov_db_new_large");
    const std::string large_label = "新入省库" + c.large + "以上项目";

    std::string t = c.period + "，我市实际利用省外资金";
    t += c.b.Fact("s1.provincial_funds.city.actual", "实际利用省外资金", FormatYi(funds.actual, 1) + "亿元");
    t += "，" + c.b.Fact("s1.provincial_funds.city.yoy", "实际利用省外资金同比", YoyPhrase(funds, 1));
    t += "，" + Ahead(c, "s1.provincial_funds.city.ahead", "实际利用省外资金", funds);
    t += "；新入省库项目" + CountWithAhead(c, "prov_db_new", "新入省库项目");
    t += "；其中" + c.large + "以上项目" + Count(c, "s1.prov_db_new_large.city.actual", large_label, large.actual) +
         "，";
    if (large.completion) {
        t += "完成全年任务数的" +
             c.b.Fact("s1.prov_db_new_large.city.completion", large_label + "完成率",
                      FormatPercent(*large.completion, 1) + "%") +
             "，";
    }
    t += Ahead(c, "s1.prov_db_new_large.city.ahead", large_label, large);
    t += "；新引进" + c.yi + "以上十大新兴产业项目" +
         CountWithAhead(c, "emerging_signed", "新引进" + c.yi + "以上十大新兴产业项目") + "。";

    t += c.month_label + "，上报实际利用省外资金";
    t += c.b.Fact("s1.provincial_funds.single.actual", c.month_label + "上报实际利用省外资金",
                  FormatYi(CityFigure(single, "provincial_funds").actual, 2) + "亿元");
    t += "，新入省库项目" + Count(c, "s1.prov_db_reported.single.actual", c.month_label + "上报新入省库项目",
                                  CityFigure(single, "prov_db_reported").actual);
    t += "，其中" + c.large + "以上项目" +
         Count(c, "s1.prov_db_reported_large.single.actual", c.month_label + "上报新入省库" + c.large + "以上项目",
               CityFigure(single, "prov_db_reported_large").actual);
    t += "，待审核。";

    c.b.Heading2("s1.1.h", "1、实际利用省外资金情况");
    c.b.Paragraph("s1.1", t);
}

void Section1Signed(SummaryContext& c) {
    const std::vector<SignedBand>& bands = c.data.settings.signed_bands;
    std::string t =
        c.period + "，我市新签约" + c.yi + "以上项目" + CountWithAhead(c, "signed_100m", "新签约" + c.yi + "以上项目");
    t += "；其中" + c.yi + "以上工业项目" + CountWithAhead(c, "signed_100m_industry", "新签约" + c.yi + "以上工业项目");
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const std::string band = SignedBandText(bands[i]);
        t += "；" + band + "项目" + CountWithAhead(c, "signed_band_" + std::to_string(i + 1), "新签约" + band + "项目");
    }
    t += "。";

    t += c.month_label + "拟上报新签约" + c.yi + "以上工业项目" +
         Count(c, "s1.to_report.single.actual", c.month_label + "拟上报新签约" + c.yi + "以上工业项目",
               CityFigure(c.data.single, "to_report").actual);
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const std::string key = "to_report_band_" + std::to_string(i + 1);
        const std::string band = SignedBandText(bands[i]);
        t += i == 0 ? "，其中" : "，";
        t += band + "项目" +
             Count(c, "s1." + key + ".single.actual", c.month_label + "拟上报" + band + "工业项目",
                   CityFigure(c.data.single, key).actual);
    }
    t += "。";

    c.b.Heading2("s1.2.h", "2、新签约" + c.yi + "以上项目情况");
    c.b.Paragraph("s1.2", t);
}

void Section1Stats(SummaryContext& c) {
    const std::string lead = std::to_string(c.data.year) + "年" + c.period + "份";
    std::string t = lead + "，入统项目" + CountWithAhead(c, "in_stats", "入统项目");
    t += "；" + lead + "小升规项目" +
         Count(c, "s1.upgrade_above_scale.city.actual", "小升规项目",
               CityFigure(c.data.cumulative, "upgrade_above_scale").actual);
    t += "，新投产入规项目" + Count(c, "s1.new_production_above_scale.city.actual", "新投产入规项目",
                                    CityFigure(c.data.cumulative, "new_production_above_scale").actual);
    t += "。";
    c.b.Heading2("s1.3.h", "3、项目入统入规情况");
    c.b.Paragraph("s1.3", t);
}

// "{v,2}亿元，完成任务{c,2}%，{超|落后}序时{x,2}个百分点" (or "…，未下达目标任务", "与序时持平").
std::string FixedAssetClause(SummaryContext& c, const std::string& key, const std::string& label, int64_t actual,
                             const std::optional<Ratio>& completion, const std::optional<Ratio>& ahead) {
    std::string t = c.b.Fact(key + ".actual", label + "新引进项目新增固定资产投资", FormatYi(actual, 2) + "亿元");
    if (!completion || !ahead) return t + "，未下达目标任务";
    t += "，完成任务" +
         c.b.Fact(key + ".completion", label + "新引进项目新增固定资产投资完成率", FormatPercent(*completion, 2) + "%");
    const AheadText a = DescribeAhead(*ahead, 2);
    const std::string phrase = a.word == "持平" ? "与序时持平" : a.word + "序时" + a.points + "个百分点";
    return t + "，" + c.b.Fact(key + ".ahead", label + "新引进项目新增固定资产投资超（落后）序时进度", phrase);
}

struct KindInfo {
    UnitKind kind;
    std::string_view label;  // several units
    std::string_view short_label;
};
constexpr std::array<KindInfo, 4> kKinds = {{
    {UnitKind::kDevZone, "经开区", "经开区"},
    {UnitKind::kPark, "园区", "园区"},
    {UnitKind::kTown, "镇（街道）", "镇（街道）"},
    {UnitKind::kMunicipal, "市直单位", "市直"},
}};

void Section1FixedAsset(SummaryContext& c) {
    const Figure& city = CityFigure(c.data.cumulative, "new_fixed_asset");
    std::string t = std::to_string(c.data.year) + "年" + c.period + "份，全市新引进项目新增固定资产投资";
    t += FixedAssetClause(c, "s1.new_fixed_asset.city", "全市", city.actual, city.completion, city.ahead) + "。";

    std::vector<std::string> with_actual;
    std::string without_actual;
    for (const KindInfo& k : kKinds) {
        std::vector<const Unit*> units;
        for (const Unit& u : c.data.units) {
            if (u.kind == k.kind) units.push_back(&u);
        }
        if (units.empty()) continue;
        int64_t actual = 0;
        int64_t target = 0;
        bool has_target = false;
        for (const Unit* u : units) {
            const Figure* f = UnitFigureOf(c.data.cumulative, "new_fixed_asset", u->id);
            if (f == nullptr) continue;
            actual += f->actual;
            if (f->target) {
                target += *f->target;
                has_target = true;
            }
        }
        const std::string key = "s1.new_fixed_asset.kind." + std::string(UnitKindKey(k.kind));
        if (actual == 0) {
            // The fact is what was printed, so a later report from this kind shows as a change.
            without_actual +=
                std::string(k.short_label) +
                c.b.Fact(key + ".actual", std::string(k.label) + "新引进项目新增固定资产投资", "暂未有上报") +
                "新引进项目新增固定资产投资单位。";
            continue;
        }
        const std::string label = units.size() == 1 ? units.front()->name : std::string(k.label);
        std::optional<Ratio> completion;
        std::optional<Ratio> ahead;
        if (has_target && target > 0) {
            completion = MakeRatio(actual, target);
            ahead = SubtractRatio(*completion, city.schedule);
        }
        with_actual.push_back(label + "新引进项目新增固定资产投资" +
                              FixedAssetClause(c, key, label, actual, completion, ahead));
    }
    if (!with_actual.empty()) t += Join(with_actual, "；") + "。";
    t += without_actual;

    c.b.Heading2("s1.4.h", "4、新引进项目新增固定资产投资情况");
    c.b.Paragraph("s1.4", t);
}

// The industry a project counts for in s2.1: its chain, else its GB/T 4754 门类.
std::string IndustryOf(const ReportData& data, const Project& p) {
    if (!p.chain_name.empty()) return p.chain_name;
    if (p.industry_code.empty()) return "";
    const auto it = data.industry_sections.find(p.industry_code.substr(0, 1));
    if (it != data.industry_sections.end()) return it->second;
    return p.industry_name;
}

// Names by total investment (largest first, then id), at most `limit`, 、-joined.
std::string TopNames(std::vector<const Project*> projects, int limit) {
    std::sort(projects.begin(), projects.end(), [](const Project* a, const Project* b) {
        return std::tuple(-a->total_investment, a->id) < std::tuple(-b->total_investment, b->id);
    });
    std::vector<std::string> names;
    for (const Project* p : projects) {
        if (static_cast<int>(names.size()) == limit) break;
        names.push_back(p->name);
    }
    return Join(names, "、");
}

std::string StartedInQuarter(SummaryContext& c) {
    const int quarter = (c.data.month - 1) / 3 + 1;
    const std::string lead = "今年第" + QuarterNumeral(quarter) + "季度";
    const Date from = *Date::FromYmd(c.data.year, quarter * 3 - 2, 1);
    int64_t count = 0;
    int64_t total = 0;
    std::map<std::string, int64_t> by_industry;
    for (const Project& p : c.data.projects) {
        if (!ActualIn(p, Node::kStarted, from, c.data.to)) continue;
        ++count;
        total += p.total_investment;
        const std::string industry = IndustryOf(c.data, p);
        if (!industry.empty()) by_industry[industry] += p.total_investment;
    }
    if (count == 0) {
        return lead + c.b.Fact("s2.1.count", lead + "集中开工项目", "暂无") + "集中开工项目。";
    }
    std::vector<std::pair<std::string, int64_t>> industries(by_industry.begin(), by_industry.end());
    std::stable_sort(industries.begin(), industries.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string t = lead + "集中开工项目" + Count(c, "s2.1.count", lead + "集中开工项目", count);
    if (!industries.empty()) {
        std::vector<std::string> names;
        for (const auto& [name, sum] : industries) {
            if (static_cast<int>(names.size()) == kMaxIndustryNames) break;
            names.push_back(name);
        }
        t +=
            "，涉及" + c.b.Fact("s2.1.industries", lead + "集中开工项目涉及产业", Join(names, "、")) + "等" +
            c.b.Fact("s2.1.industry_count", lead + "集中开工项目涉及产业数", std::to_string(industries.size()) + "个") +
            "产业";
    }
    t += "，总投资达" + c.b.Fact("s2.1.total_investment", lead + "集中开工项目总投资", FormatYi(total, 2) + "亿元") +
         "。";
    return t;
}

std::string KeyProjects(SummaryContext& c) {
    struct Part {
        Node node;
        std::string_view key;
        std::string_view label;
        std::string_view suffix;
    };
    static constexpr Part kParts[] = {{Node::kSigned, "signed", "重点项目签约", "成功签约"},
                                      {Node::kStarted, "started", "重点项目开工", "等相继开工建设"},
                                      {Node::kProducing, "producing", "重点项目投产", "等项目全面投产"}};
    std::vector<std::string> parts;
    for (const Part& part : kParts) {
        std::vector<const Project*> projects;
        for (const Project& p : c.data.projects) {
            const bool key = p.is_key || p.total_investment >= c.data.settings.threshold_large;
            if (key && ActualIn(p, part.node, c.year_start, c.data.to)) projects.push_back(&p);
        }
        if (projects.empty()) continue;
        const std::string names = TopNames(std::move(projects), kMaxKeyProjectNames);
        parts.push_back(c.b.Fact("s2.2." + std::string(part.key), std::string(part.label), names) +
                        std::string(part.suffix));
    }
    if (parts.empty()) return c.period_word + "暂无重点项目签约、开工或投产。";
    return Join(parts, "，") + "。";
}

std::string Activities(SummaryContext& c) {
    int64_t trips = 0, persons = 0, exhibitions = 0, brochures = 0, visited = 0, talks = 0, contacts = 0,
            follow_ups = 0;
    std::vector<const Activity*> shows;
    for (const Activity& a : c.data.activities) {
        if (a.date < c.year_start || a.date > c.data.to) continue;
        if (a.kind == ActivityKind::kTrip) ++trips;
        if (a.kind == ActivityKind::kExhibition) {
            ++exhibitions;
            shows.push_back(&a);
        }
        persons += a.persons;
        brochures += a.brochures;
        visited += a.enterprises_visited;
        talks += a.key_talks;
        contacts += a.contacts;
        follow_ups += a.follow_ups;
    }
    auto n = [&](const char* key, const char* label, int64_t v) {
        return c.b.Fact(std::string("s2.3.") + key, label, std::to_string(v));
    };
    std::string t = c.period_word + "，全市共开展外出招商" + n("trips", "外出招商（次）", trips) +
                    "次，接待、拜访客商" + n("persons", "接待、拜访客商（人）", persons) + "人；参加展会和推介活动" +
                    n("exhibitions", "参加展会和推介活动（场）", exhibitions) + "场，发放招商宣传册" +
                    n("brochures", "发放招商宣传册（份）", brochures) + "份，走访企业" +
                    n("enterprises_visited", "走访企业（家）", visited) + "家，重点对接洽谈企业" +
                    n("key_talks", "重点对接洽谈企业（家）", talks) + "家，新增联系客商" +
                    n("contacts", "新增联系客商（家）", contacts) + "家，达成来访考察意向" +
                    n("follow_ups", "达成来访考察意向（家）", follow_ups) + "家。";
    if (!shows.empty()) {
        std::vector<std::string> items;
        for (const Activity* a : shows) {
            if (static_cast<int>(items.size()) == kMaxExhibitions) break;
            std::string item = DateMdText(a->date);
            if (!a->place.empty()) item += "赴" + a->place;
            item += "参加" + (a->title.empty() ? std::string("展会") : a->title);
            items.push_back(std::move(item));
        }
        t += "其中：" + Join(items, "；") + "。";
    }
    return t;
}

std::string Problems(SummaryContext& c) {
    const std::string lead = "截至" + DateYmdText(c.data.to);
    std::map<std::string, int64_t> by_category;
    int64_t total = 0;
    int64_t overdue = 0;
    for (const Problem& p : c.data.open_problems) {
        if (p.status != "open") continue;
        ++total;
        ++by_category[p.category];
        if (p.deadline && *p.deadline < c.data.to) ++overdue;
    }
    if (total == 0) {
        return lead + "，全市项目" + c.b.Fact("s3.1.count", "尚未解决的问题", "暂无") + "未解决的问题。";
    }
    // The category list's order first; a category outside it (older data) after, by key.
    std::vector<std::string> parts;
    auto add = [&](const std::string& key) {
        const auto it = by_category.find(key);
        if (it == by_category.end()) return;
        const std::string name = ProblemCategoryNameZh(key);
        parts.push_back(name + Count(c, "s3.1.category." + key, "尚未解决的" + name + "问题", it->second));
        by_category.erase(it);
    };
    for (const std::string_view key : kProblemCategories) add(std::string(key));
    while (!by_category.empty()) add(by_category.begin()->first);
    return lead + "，全市在建在谈项目中尚未解决的问题" + Count(c, "s3.1.count", "尚未解决的问题", total) + "，其中" +
           Join(parts, "、") + "；已超过解决时限" + Count(c, "s3.1.overdue", "已超过解决时限的问题", overdue) + "。";
}

}  // namespace

Document ComposeSummary(const ReportData& data) {
    if (data.month < 1 || data.month > 12) throw ApiError(ErrorCode::kBadRequest, "月份应在 1–12 之间", "month");
    const Period cumulative{data.year, data.month, true};
    const Period single{data.year, data.month, false};
    if (data.cumulative.period != cumulative || data.single.period != single) {
        throw ApiError(ErrorCode::kInternal, "报告数据的统计期与报告不一致");
    }
    const std::string period = PeriodLabel(cumulative);
    const std::string year = std::to_string(data.year) + "年";

    Document doc = DocumentShell(data);
    const std::string centre = data.city_name + "招商中心";
    if (data.month == 6) {
        doc.title = centre + year + "上半年招商引资工作总结";
    } else if (data.month == 12) {
        doc.title = centre + std::to_string(data.year) + "年度招商引资工作总结";
    } else {
        doc.title = centre + year + period + "招商引资工作总结";
    }
    DocumentBuilder b(std::move(doc));
    SummaryContext c{.data = data,
                     .b = b,
                     .period = period,
                     .month_label = PeriodLabel(single),
                     .period_word = PeriodWord(data.month, period),
                     .yi = YiThresholdText(data.settings.threshold_100m),
                     .large = YiThresholdText(data.settings.threshold_large),
                     .year_start = *Date::FromYmd(data.year, 1, 1)};

    const std::string opening = year + (data.month == 12 ? "" : c.period_word);
    b.Paragraph("preamble",
                opening + "，在市委市政府的正确领导下，市招商中心坚持把“双招双引”作为高质量发展的“第一要事”，" +
                    "围绕全年目标任务，扎实推进招商引资各项工作。现将有关情况总结如下：",
                true);

    b.Heading1("s1", "一、" + c.period_word + "招商实绩完成情况");
    Section1Funds(c);
    Section1Signed(c);
    Section1Stats(c);
    Section1FixedAsset(c);

    b.Heading1("s2", "二、工作重点和特色");
    b.Paragraph("s2.1", StartedInQuarter(c), true);
    b.Paragraph("s2.2", KeyProjects(c), true);
    b.Paragraph("s2.3", Activities(c), true);
    b.Paragraph("s2.4", "严格实行招商项目预审制度。〔待填写：预审会召开时间、预审项目数、通过数、需进一步研判数〕",
                true);

    b.Heading1("s3", "三、目前存在的问题");
    b.Paragraph("s3.1", Problems(c), true);

    b.Heading1("s4", data.month == 6 ? "四、" + year + "下半年工作打算" : std::string("四、下一步工作打算"));
    b.Paragraph("s4.1", "〔待填写：下一步工作打算〕", true);
    return std::move(b).Take();
}

}  // namespace zs
