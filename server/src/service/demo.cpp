// The demo city: a deterministic, realistic county-level city with its units, chains,
// investors, projects at every node, problems and one login per role.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string_view>

#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/uscc.hpp"
#include "service/admin.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;

namespace {

const Actor& kSystem = kSystemActor;

// splitmix64: small, fast and the same on every platform (std distributions are not).
class Rng {
public:
    explicit Rng(uint64_t seed) : s_(seed) {}
    uint64_t Next() {
        uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % uint64_t(hi - lo + 1)); }
    bool Chance(int percent) { return Between(1, 100) <= percent; }
    template <typename T, std::size_t N>
    const T& Pick(const T (&arr)[N]) {
        return arr[Next() % N];
    }

private:
    uint64_t s_;
};

struct UnitSeed {
    const char* code;
    const char* name;
    UnitKind kind;
};
const UnitSeed kUnits[] = {
    {"JKQ", "示范经济开发区", UnitKind::kDevZone},
    {"SXY", "双新产业园", UnitKind::kPark},
    {"GXY", "高新技术产业园", UnitKind::kPark},
    {"CGJD", "城关街道", UnitKind::kTown},
    {"LSJD", "龙山街道", UnitKind::kTown},
    {"WCJD", "文昌街道", UnitKind::kTown},
    {"XCJD", "新城街道", UnitKind::kTown},
    {"SGZ", "双港镇", UnitKind::kTown},
    {"QCZ", "青草镇", UnitKind::kTown},
    {"DGZ", "大关镇", UnitKind::kTown},
    {"KCZ", "孔城镇", UnitKind::kTown},
    {"FGZ", "范岗镇", UnitKind::kTown},
    {"JSZ", "金神镇", UnitKind::kTown},
    {"HJZ", "黄甲镇", UnitKind::kTown},
    {"XZHZ", "嬉子湖镇", UnitKind::kTown},
    {"LTZ", "吕亭镇", UnitKind::kTown},
    {"TWZ", "唐湾镇", UnitKind::kTown},
    {"FGW", "市发展改革委", UnitKind::kMunicipal},
    {"JXJ", "市经济和信息化局", UnitKind::kMunicipal},
    {"KJJ", "市科技局", UnitKind::kMunicipal},
    {"SWJ", "市商务局", UnitKind::kMunicipal},
    {"ZJJ", "市住房城乡建设局", UnitKind::kMunicipal},
    {"NYJ", "市农业农村局", UnitKind::kMunicipal},
    {"WLJ", "市文化旅游体育局", UnitKind::kMunicipal},
    {"ZRJ", "市自然资源和规划局", UnitKind::kMunicipal},
};

struct ChainSeed {
    const char* name;
    const char* kind;
    const char* industries[3];
    const char* emerging;  // 十大新兴产业 the chain's projects usually belong to ("" = none)
    const char* products[4];
};
const ChainSeed kChains[] = {
    {"绿色包装",
     "leading",
     {"C2231", "C2926", "C3333"},
     "新材料",
     {"绿色环保包装材料", "全生物降解包装制品", "高端纸制品包装", "智能包装印刷"}},
    {"机电装备",
     "leading",
     {"C3484", "C3812", "C3421"},
     "高端装备制造",
     {"智能输送装备", "精密减速机", "高效节能电机", "数控机床"}},
    {"汽车零部件",
     "advantage",
     {"C3670", "C3670", "C3823"},
     "新能源汽车和智能网联汽车",
     {"新能源汽车底盘悬架系统", "汽车轻量化零部件", "汽车电子控制单元", "动力电池结构件"}},
    {"新一代电子信息",
     "advantage",
     {"C3982", "C3976", "C3971"},
     "新一代信息技术",
     {"高密度印制电路板", "光电子器件", "智能终端模组", "半导体封装材料"}},
    {"化工建材",
     "advantage",
     {"C3011", "C3021", "C2614"},
     "新材料",
     {"新型绿色建材", "装配式建筑构件", "精细化工新材料", "高性能混凝土"}},
    {"节能环保",
     "advantage",
     {"C3591", "D4417", "C3441"},
     "先进光伏和新型储能",
     {"光伏电池封装材料", "生物质热电联产", "环保水处理装备", "储能系统集成"}},
    {"生物医药",
     "advantage",
     {"C2710", "C2720", "C2740"},
     "生命健康",
     {"原料药及制剂", "现代中药", "医疗器械", "生物制品"}},
};
const char* const kServiceIndustries[] = {"M7320", "L7212", "G5810", "H6110", "F5261"};
const char* const kServiceProducts[] = {"现代物流园", "研发中心", "文旅综合体", "商贸服务中心", "供应链管理总部"};
const char* const kAgriProducts[] = {"现代农业产业园", "设施蔬菜基地", "农产品精深加工"};

struct RegionSeed {
    const char* province;
    const char* city;
    const char* prefix;
};
const RegionSeed kOutRegions[] = {
    {"310000", "310100", "上海"}, {"320000", "320100", "南京"}, {"320000", "320500", "苏州"},
    {"330000", "330100", "杭州"}, {"330000", "330200", "宁波"}, {"440000", "440300", "深圳"},
    {"440000", "440100", "广州"}, {"110000", "110100", "北京"}, {"370000", "370200", "青岛"},
    {"350000", "350200", "厦门"}, {"420000", "420100", "武汉"}, {"320000", "320200", "无锡"},
};
const RegionSeed kInRegions[] = {
    {"340000", "340100", "合肥"}, {"340000", "340800", "安庆"}, {"340000", "340200", "芜湖"},
    {"340000", "340300", "蚌埠"}, {"340000", "341000", "黄山"},
};
const char* const kTradeNames[] = {"三德", "国茂", "凯盛", "中鼎", "汇通", "华宇", "恒信", "瑞丰", "金桥", "天成",
                                   "鸿达", "新源", "博远", "立信", "宏图", "东方", "长江", "星辰", "正泰", "嘉禾"};
const char* const kTradeKinds[] = {"科技", "智能装备", "新材料", "包装", "汽车部件",
                                   "电子", "环保",     "医药",   "实业", "控股集团"};
const char* const kLeaders[] = {"王建国", "李明华", "张卫东", "刘志强", "陈晓峰", "杨立新"};
const char* const kReferrers[] = {"周文", "吴涛", "郑凯", "孙丽", "钱宇", "冯磊", "", ""};

// A valid 统一社会信用代码 for a region: random organisation code, both check characters right.
std::string MakeUscc(Rng& rng, const std::string& region6) {
    static const char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const char kOrgAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (;;) {
        std::string base = "91" + region6;
        for (int i = 0; i < 8; ++i) base.push_back(kOrgAlphabet[rng.Next() % 31]);
        for (char org_check : std::string("0123456789X")) {
            for (int c = 0; c < 31; ++c) {
                std::string code = base + org_check + kAlphabet[c];
                UsccCheck check = CheckUscc(code);
                if (check.valid && check.warnings.empty()) return code;
            }
        }
    }
}

// Rounds yuan down to whole 万元, as units report.
int64_t Wan(int64_t yuan) { return yuan / kYuanPerWan * kYuanPerWan; }

// Monthly figures of a signed project, from its signing month to last month: funds arriving,
// fixed assets once construction started, output and tax once producing.
int64_t AddDemoFigures(Tx& tx, Rng& rng, const Project& p, bool out_of_province, Date today) {
    if (!p.signed_date) return 0;
    auto at = [&](Node n) { return p.nodes[NodeIndex(n)].actual; };
    int first = p.signed_date->year() * 12 + p.signed_date->month() - 1;
    int last = today.year() * 12 + today.month() - 2;  // last month
    int64_t funds_left = p.total_investment;
    int64_t rows = 0;
    for (int m = first; m <= last; ++m) {
        MonthlyFigure f;
        f.project_id = p.id;
        f.year = m / 12;
        f.month = m % 12 + 1;
        Date month_end = Date::FromYmd(f.year, f.month, 1)->AddDays(27);
        f.funds_in_place = rng.Chance(70) ? std::min(funds_left, Wan(p.total_investment / 1000 * rng.Between(2, 12))) : 0;
        funds_left -= f.funds_in_place;
        f.funds_out_of_province = out_of_province ? Wan(f.funds_in_place / 100 * rng.Between(80, 100)) : 0;
        if (at(Node::kStarted) && *at(Node::kStarted) <= month_end) {
            f.fixed_asset_investment = Wan(p.fixed_asset_investment / 100 * rng.Between(2, 8));
        }
        if (at(Node::kProducing) && *at(Node::kProducing) <= month_end) {
            f.output_value = Wan(p.total_investment / 100 * rng.Between(1, 4));
            f.tax = Wan(f.output_value / 100 * rng.Between(3, 6));
        }
        if (f.funds_in_place == 0 && f.fixed_asset_investment == 0 && f.output_value == 0) continue;
        f.created_at = NowUnix();
        tx.UpsertFigureDraft(f);
        ++rows;
    }
    return rows;
}

// This year's months: locked up to the month before last; last month mostly reviewed, some
// submitted, a few still drafts (late once the deadline has passed).
void AddDemoSubmissions(Tx& tx, Rng& rng, const std::vector<Unit>& units, Date today) {
    for (const auto& u : units) {
        for (int month = 1; month < today.month(); ++month) {
            MonthlySubmission s;
            s.unit_id = u.id;
            s.year = today.year();
            s.month = month;
            int64_t at = NowUnix();
            if (month < today.month() - 1) {
                s.state = SubmissionState::kLocked;
                s.submitted_at = s.reviewed_at = s.locked_at = at;
            } else {
                int roll = static_cast<int>(rng.Between(1, 100));
                s.state = roll <= 70 ? SubmissionState::kReviewed
                                     : (roll <= 85 ? SubmissionState::kSubmitted : SubmissionState::kDraft);
                if (s.state != SubmissionState::kDraft) s.submitted_at = at;
                if (s.state == SubmissionState::kReviewed) s.reviewed_at = at;
            }
            tx.UpsertSubmission(s, 0);
        }
    }
}

// The year's targets: the city's from the prefecture, and each unit's by its weight.
void AddDemoTargets(Tx& tx, const std::vector<Unit>& units, int year) {
    struct CityTarget {
        const char* indicator;
        int64_t value;
    };
    const CityTarget kCity[] = {
        {"provincial_funds", 60 * kYuanPerYi}, {"prov_db_new", 80},          {"prov_db_new_large", 14},
        {"emerging_signed", 36},               {"signed_100m", 100},         {"signed_100m_industry", 66},
        {"in_stats", 70},                      {"new_fixed_asset", 5 * kYuanPerYi},
    };
    auto weight = [](UnitKind k) {  // per mille of the city's target
        switch (k) {
            case UnitKind::kDevZone: return 250;
            case UnitKind::kPark: return 120;
            case UnitKind::kTown: return 30;
            case UnitKind::kMunicipal: return 10;
        }
        return 0;
    };
    for (const auto& c : kCity) {
        Target t;
        t.year = year;
        t.indicator = c.indicator;
        t.value = c.value;
        t.updated_at = NowUnix();
        tx.UpsertTarget(t, 0);
        for (const auto& u : units) {
            Target ut = t;
            ut.scope_unit_id = u.id;
            // Round counts up so that every unit has something to reach; money to whole 万元.
            int64_t share = c.value * weight(u.kind);
            ut.value = c.value >= kYuanPerWan ? Wan(share / 1000) : (share + 999) / 1000;
            if (ut.value > 0) tx.UpsertTarget(ut, 0);
        }
    }
}

const char* const kExpoNames[] = {"中国国际橡塑展", "中国生物降解材料高峰论坛", "长三角汽车零部件产业对接会",
                                   "中国国际工业博览会", "深圳高交会", "中国国际包装工业展"};
const char* const kExpoPlaces[] = {"上海", "深圳", "杭州", "苏州", "广州", "南京"};
const char* const kDestinations[] = {"上海市", "江苏省苏州市", "浙江省杭州市", "广东省深圳市", "江苏省无锡市", "浙江省宁波市"};

// The activity log of one unit from `first` to `today`: trips and visits every month or so,
// exhibitions now and then (the development zone and the parks more often). By date.
std::vector<Activity> AddDemoActivities(Tx& tx, Rng& rng, const Unit& unit, Date first, Date today) {
    std::vector<Activity> out;
    const bool big = unit.kind == UnitKind::kDevZone || unit.kind == UnitKind::kPark;
    for (Date d = first; d <= today; d = d.AddDays(static_cast<int32_t>(rng.Between(big ? 5 : 10, big ? 14 : 30)))) {
        Activity a;
        a.unit_id = unit.id;
        a.date = d;
        int roll = static_cast<int>(rng.Between(0, 99));
        if (roll < 45) {
            a.kind = ActivityKind::kTrip;
            a.leader = rng.Pick(kLeaders);
            a.destination = rng.Pick(kDestinations);
            a.end_date = d.AddDays(static_cast<int32_t>(rng.Between(1, 3)));
            a.companies = std::string(rng.Pick(kTradeNames)) + rng.Pick(kTradeKinds) + "、" + rng.Pick(kTradeNames) +
                          rng.Pick(kTradeKinds) + "等" + std::to_string(rng.Between(2, 8)) + "家企业";
            a.outcome = rng.Chance(50) ? "达成初步投资意向" : "交流产业布局，保持跟踪";
        } else if (roll < (big ? 88 : 95)) {
            a.kind = ActivityKind::kVisit;
            a.company = std::string(rng.Pick(kTradeNames)) + rng.Pick(kTradeKinds) + "有限公司";
            a.persons = rng.Between(1, 8);
            a.outcome = rng.Chance(40) ? "来访考察，洽谈项目落地" : "介绍投资环境";
        } else {
            a.kind = ActivityKind::kExhibition;
            a.title = rng.Pick(kExpoNames);
            a.place = rng.Pick(kExpoPlaces);
            a.end_date = d.AddDays(static_cast<int32_t>(rng.Between(1, 3)));
            a.brochures = rng.Between(2, 30) * 50;
            a.enterprises_visited = rng.Between(20, 200);
            a.key_talks = rng.Between(3, 30);
            a.contacts = rng.Between(10, 120);
            a.follow_ups = rng.Between(1, 15);
            a.outcome = "推介本地产业，收集项目线索";
        }
        if (a.end_date && today < *a.end_date) a.end_date = today;
        a.created_at = a.updated_at = NowUnix();
        a.id = tx.InsertActivity(a);
        out.push_back(a);
    }
    return out;
}

// Weekly reports of this year's past weeks: most units report on time, a few forget. The current
// week is left for the units to write.
void AddDemoWeeklyReports(Tx& tx, Rng& rng, const std::vector<Unit>& units, Date today) {
    IsoWeek now = IsoWeekOf(today);
    for (int w = 1; w < now.week; ++w) {
        for (const auto& u : units) {
            if (!rng.Chance(92)) continue;
            WeeklyReport r;
            r.unit_id = u.id;
            r.year = now.year;
            r.week = w;
            r.progress = "本周跟踪在谈项目" + std::to_string(rng.Between(1, 6)) + "个，对接客商" +
                         std::to_string(rng.Between(1, 10)) + "批次。";
            r.problems = rng.Chance(30) ? "项目用地指标紧张。" : "";
            r.submitted = true;
            r.submitted_at = r.updated_at = NowUnix();
            tx.UpsertWeeklyReport(r, 0);
        }
    }
}

std::string DemoPassword() { return "Zs" + RandomToken().substr(0, 10) + "!"; }

}  // namespace

namespace {

// The smallest files each type's viewers open: a one-page PDF and a 1×1 PNG.
constexpr std::string_view kDemoPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
constexpr unsigned char kDemoPng[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
    0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0xA7,
    0x35, 0x81, 0x84, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

// Evidence for the reached nodes of `p` whose rule requires it, written to data_dir/files as an
// upload would be: most nodes have all of theirs, about one in ten misses them (as after an import),
// so the project pages show both. Answers the number of files.
int AddDemoEvidence(Tx& tx, Rng& rng, const Project& p, const LifecycleRules& rules,
                    const std::filesystem::path& data_dir) {
    int files = 0;
    for (const NodeEntry& e : p.nodes) {
        const NodeRule& rule = rules.Rule(p.category, e.node);
        if (!rule.applies || !e.actual || rule.required_evidence.empty() || rng.Chance(10)) continue;
        for (const std::string& kind : rule.required_evidence) {
            const bool photo = kind == "site_photo";
            const std::string bytes =
                photo ? std::string(reinterpret_cast<const char*>(kDemoPng), sizeof kDemoPng) : std::string(kDemoPdf);
            EvidenceFile f;
            f.project_id = p.id;
            f.node = e.node;
            f.kind = kind;
            const auto* known = FindEvidenceKind(kind);
            f.name =
                std::string(known != nullptr ? known->name_zh : std::string_view(kind)) + (photo ? ".png" : ".pdf");
            f.content_type = photo ? "image/png" : "application/pdf";
            f.size = static_cast<int64_t>(bytes.size());
            f.sha256 = Sha256Hex(bytes);
            f.uploaded_at = NowUnix();
            const std::string year = std::to_string(LocalDateOfUnix(f.uploaded_at).year());
            f.storage_name = year + "/" + RandomToken() + (photo ? ".png" : ".pdf");
            std::filesystem::create_directories(data_dir / "files" / year);
            std::ofstream out(data_dir / "files" / f.storage_name, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out.flush()) {
                throw std::runtime_error("demo: cannot write " + (data_dir / "files" / f.storage_name).string());
            }
            tx.InsertFile(f);
            ++files;
        }
    }
    return files;
}

}  // namespace

std::vector<DemoLogin> GenerateDemoCity(Store& store, const DemoOptions& options) {
    Rng rng(options.seed);
    Date today = Date::Today();
    auto tx = store.BeginWrite();
    {
        ProjectFilter any;
        any.today = today;
        if (tx->ListProjects(any, Page{0, 1}).total > 0) {
            throw ApiError(ErrorCode::kConflict, "数据库中已有项目，演示数据只能写入空库");
        }
    }
    LifecycleRules rules = LoadRules(*tx);
    // Evidence draws from a sequence of its own, so the city is the same with or without files.
    Rng evidence_rng(options.seed ^ 0x5EEDF11E5ULL);
    int files = 0;
    std::string city_province = tx->GetSetting("city_province_code").value_or("340000");

    // Units
    std::vector<Unit> units;
    int order = 0;
    for (const auto& s : kUnits) {
        Unit u;
        u.code = s.code;
        u.name = s.name;
        u.kind = s.kind;
        u.sort_order = ++order * 10;
        u.id = tx->InsertUnit(u);
        units.push_back(u);
    }
    if (!tx->GetSetting("city_name")) tx->SetSetting("city_name", "示范市");
    // The activity log, before the projects so that leads can come from it.
    std::map<int64_t, std::vector<Activity>> activities;
    // The demo's history starts on 1 January of last year, so this year has a same period last year.
    const Date first = *Date::FromYmd(today.year() - 1, 1, 1);
    for (const auto& u : units) activities[u.id] = AddDemoActivities(*tx, rng, u, first, today);
    // Chains
    std::vector<int64_t> chain_ids;
    for (const auto& c : kChains) chain_ids.push_back(tx->InsertChain(Chain{0, c.name, c.kind}));

    // Investors: about 60% registered outside the province.
    std::vector<Investor> investors;
    int investor_count = 150 * std::max(1, options.scale);
    for (int i = 0; i < investor_count; ++i) {
        bool out = rng.Between(1, 100) <= 60;
        const RegionSeed& r = out ? rng.Pick(kOutRegions) : rng.Pick(kInRegions);
        Investor inv;
        inv.name = std::string(r.prefix) + rng.Pick(kTradeNames) + rng.Pick(kTradeKinds) + "有限公司";
        if (i >= 20 * static_cast<int>(std::size(kTradeNames))) inv.name += "(" + std::to_string(i) + ")";
        inv.uscc = MakeUscc(rng, r.city);
        inv.province_code = r.province;
        inv.city_code = tx->GetRegion(r.city) ? r.city : "";
        if (rng.Chance(70))
            inv.tags.push_back("private");
        else if (rng.Chance(50))
            inv.tags.push_back("state_owned");
        else
            inv.tags.push_back("central_soe");
        if (rng.Chance(15)) inv.tags.push_back("listed");
        if (rng.Chance(10)) inv.tags.push_back("industry_leader");
        if (rng.Chance(3)) inv.tags.push_back("fortune500");
        if (rng.Chance(5)) inv.tags.push_back("foreign");
        std::sort(inv.tags.begin(), inv.tags.end());
        inv.created_at = inv.updated_at = NowUnix();
        try {
            inv.id = tx->InsertInvestor(inv);
        } catch (const UniqueViolation&) {
            --i;  // a repeated random code: draw again
            continue;
        }
        investors.push_back(inv);
    }

    // Projects at every node, 2025 to today.
    int project_count = 400 * std::max(1, options.scale);
    const int64_t kBoundaries[] = {kYuanPerYi, 5 * kYuanPerYi, 10 * kYuanPerYi, 500 * kYuanPerWan};
    static const int kStageWeights[kNodeCount] = {10, 15, 8, 15, 5, 5, 15, 8, 10, 5, 4};
    int problems = 0;
    int64_t figure_rows = 0;
    for (int i = 0; i < project_count; ++i) {
        Project p;
        // Larger projects go to the development zone and the parks more often.
        int unit_roll = static_cast<int>(rng.Between(0, 99));
        const Unit& unit = unit_roll < 25   ? units[0]
                           : unit_roll < 45 ? units[1 + rng.Between(0, 1)]
                           : unit_roll < 85 ? units[3 + rng.Between(0, 13)]
                                            : units[17 + rng.Between(0, 7)];
        p.unit_id = unit.id;
        int cat_roll = static_cast<int>(rng.Between(0, 99));
        p.category = cat_roll < 70   ? Category::kIndustry
                     : cat_roll < 90 ? Category::kService
                     : cat_roll < 97 ? Category::kAgriculture
                                     : Category::kOther;
        const Investor& inv = investors[rng.Next() % investors.size()];
        p.investor_id = inv.id;
        std::string short_name = inv.name.substr(0, inv.name.find("有限公司"));
        std::string product;
        if (p.category == Category::kIndustry) {
            std::size_t ci = rng.Next() % std::size(kChains);
            const ChainSeed& chain = kChains[ci];
            p.chain_id = chain_ids[ci];
            p.industry_code = chain.industries[rng.Next() % 3];
            product = chain.products[rng.Next() % 4];
            if (rng.Chance(60)) p.emerging_industry = chain.emerging;
        } else if (p.category == Category::kService) {
            p.industry_code = rng.Pick(kServiceIndustries);
            product = rng.Pick(kServiceProducts);
        } else {
            p.industry_code = "A0141";
            product = rng.Pick(kAgriProducts);
        }
        // Amounts across the bands, with exact boundary values now and then.
        int band = static_cast<int>(rng.Between(0, 99));
        int64_t wan = band < 25   ? rng.Between(500, 9999)
                      : band < 60 ? rng.Between(10000, 49999)
                      : band < 80 ? rng.Between(50000, 99999)
                                  : rng.Between(100000, 800000);
        p.total_investment = wan * kYuanPerWan;
        if (i % 29 == 0) p.total_investment = kBoundaries[(i / 29) % 4];
        p.fixed_asset_investment = p.total_investment / 100 * rng.Between(60, 90) / kYuanPerWan * kYuanPerWan;
        if (p.category != Category::kService) {
            int64_t intensity_wan = rng.Between(300, 500);  // 投资强度 万元/亩
            p.land_mu_hundredths = p.fixed_asset_investment / kYuanPerWan * 100 / intensity_wan;
        }
        p.name = short_name +
                 (p.total_investment >= kYuanPerYi ? "年产" + std::to_string(rng.Between(1, 50)) + "万套" : "") +
                 product + "项目";
        p.is_key = p.total_investment >= 10 * kYuanPerYi || rng.Chance(8);
        p.leader_in_charge = p.is_key ? rng.Pick(kLeaders) : "";
        p.referrer = rng.Pick(kReferrers);
        p.introducing_unit = unit.name;

        // The ledger: walk forward from the lead date to a drawn stage, never past today.
        int target = 0;
        for (int roll = static_cast<int>(rng.Between(0, 99)), acc = 0; target < kNodeCount; ++target) {
            acc += kStageWeights[target];
            if (roll < acc) break;
        }
        Date date = first.AddDays(static_cast<int32_t>(rng.Between(0, std::max(1, today.days() - first.days() - 30))));
        p.nodes = EmptyLedger();
        bool stopped = false;
        for (int n = 0; n < kNodeCount; ++n) {
            const NodeRule& rule = rules.Rule(p.category, kAllNodes[n]);
            if (!rule.applies) continue;
            int days = rule.standard_days == 0
                           ? 0
                           : static_cast<int>(rng.Between(rule.standard_days / 2, rule.standard_days * 3 / 2));
            Date next = date.AddDays(days);
            NodeEntry& e = p.nodes[n];
            if (!stopped && n <= target && next <= today) {
                e.planned = date.AddDays(rule.standard_days);
                e.actual = next;
                date = next;
            } else {
                // Plan the following nodes from now on; about a fifth of the projects let the
                // next plan slip past (overdue).
                if (!stopped) {
                    bool slipped = rng.Chance(20);
                    if (slipped) {
                        next = std::min(next, today).AddDays(-static_cast<int>(rng.Between(5, 60)));
                    } else if (next <= today) {
                        next = today.AddDays(static_cast<int>(rng.Between(15, 120)));
                    }
                }
                e.planned = next;
                date = next;
                stopped = true;
            }
        }
        if (rng.Chance(3)) {
            p.terminated = true;
            p.termination_reason = "投资方战略调整，项目终止";
        }
        RefreshDerived(p, rules);
        // Some leads come from an activity of their unit in the month before.
        if (const auto& lead = p.nodes[0].actual; lead && rng.Chance(40)) {
            for (auto it = activities[p.unit_id].rbegin(); it != activities[p.unit_id].rend(); ++it) {
                if (it->date <= *lead) {
                    if (lead->days() - it->date.days() <= 30) p.activity_id = it->id;
                    break;
                }
            }
        }
        // Statistical events: most signed 亿元 projects go to the provincial database.
        if (p.signed_date && p.total_investment >= kYuanPerYi && rng.Chance(85)) {
            Date reported = p.signed_date->AddDays(static_cast<int32_t>(rng.Between(10, 40)));
            if (reported <= today) {
                p.prov_db_status = ProvDbStatus::kPending;
                p.prov_db_reported_date = reported;
                Date confirmed = reported.AddDays(static_cast<int32_t>(rng.Between(15, 60)));
                if (confirmed <= today && rng.Chance(90)) {
                    p.prov_db_status = rng.Chance(6) ? ProvDbStatus::kRejected : ProvDbStatus::kConfirmed;
                    if (p.prov_db_status == ProvDbStatus::kConfirmed) p.prov_db_confirmed_date = confirmed;
                }
            }
        }
        if (p.nodes[NodeIndex(Node::kAboveScale)].actual) {
            p.above_scale_route = rng.Chance(50) ? AboveScaleRoute::kUpgrade : AboveScaleRoute::kNewProduction;
        }
        int year = p.nodes[0].actual ? p.nodes[0].actual->year() : today.year();
        char code[32];
        std::snprintf(code, sizeof code, "XM%d%04lld", year, static_cast<long long>(tx->NextProjectSeq(year)));
        p.code = code;
        p.created_at = p.updated_at = NowUnix();
        p.id = tx->InsertProject(p);
        figure_rows += AddDemoFigures(*tx, rng, p, inv.province_code != city_province, today);
        if (!options.data_dir.empty()) files += AddDemoEvidence(*tx, evidence_rng, p, rules, options.data_dir);

        // Problems: signed projects waiting for land, approvals, funding.
        if (p.stage && NodeIndex(*p.stage) >= NodeIndex(Node::kSigned) && rng.Chance(15)) {
            Problem pr;
            pr.project_id = p.id;
            bool no_land = !p.nodes[NodeIndex(Node::kLand)].actual && p.category == Category::kIndustry;
            pr.category = no_land ? "land_quota" : (rng.Chance(50) ? "approval" : "funding");
            pr.description = no_land ? "已签约项目等待土地指标"
                                     : (pr.category == "approval" ? "环评及能评审批进度偏慢" : "项目建设资金到位不足");
            pr.department =
                no_land ? "市自然资源和规划局" : (pr.category == "approval" ? "市生态环境分局" : "市财政局");
            pr.deadline = today.AddDays(static_cast<int32_t>(rng.Between(-45, 90)));
            if (rng.Chance(25)) {
                pr.status = "resolved";
                pr.resolution = "经协调已解决";
            }
            pr.created_at = pr.updated_at = NowUnix();
            tx->InsertProblem(pr);
            ++problems;
        }
    }

    AddDemoSubmissions(*tx, rng, units, today);
    AddDemoWeeklyReports(*tx, rng, units, today);
    AddDemoTargets(*tx, units, today.year());

    // One login per role, with generated passwords printed once.
    struct UserSeed {
        const char* username;
        const char* display;
        Role role;
        int unit_index;  // -1: none
    };
    const UserSeed kUsers[] = {
        {"admin", "系统管理员", Role::kAdmin, -1},           {"zhaoshang", "招商中心调度员", Role::kDispatcher, -1},
        {"jkq", "经开区填报员", Role::kReporter, 0},         {"sxy", "双新产业园填报员", Role::kReporter, 1},
        {"chengguan", "城关街道填报员", Role::kReporter, 3}, {"lingdao", "市领导", Role::kLeader, -1},
        {"yushen", "预审成员单位", Role::kReviewer, -1},
    };
    std::vector<DemoLogin> logins;
    for (const auto& s : kUsers) {
        User u;
        u.username = s.username;
        u.display_name = s.display;
        u.role = s.role;
        if (s.unit_index >= 0) u.unit_id = units[s.unit_index].id;
        std::string password = DemoPassword();
        CreateUserIn(*tx, kSystem, std::move(u), password);
        logins.push_back(DemoLogin{s.username, password, s.role, s.unit_index >= 0 ? units[s.unit_index].name : ""});
    }
    Audit(*tx, kSystem, "demo", 0, 0, "create", nullptr,
          json::object{{"units", units.size()},
                       {"investors", investors.size()},
                       {"projects", project_count},
                       {"problems", problems},
                       {"figure_rows", figure_rows},
                       {"files", files},
                       {"seed", options.seed},
                       {"scale", options.scale}});
    tx->Commit();
    return logins;
}

}  // namespace zs
