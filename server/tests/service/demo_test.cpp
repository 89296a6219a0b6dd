// The demo city's evidence files (`zhaoshang demo --data`): written where `serve --data` finds them,
// downloadable as uploads are, most reached nodes complete and about one in ten flagged as missing
// its evidence; and the city itself the same with or without them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class DemoTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zs_demo_test_" + RandomToken().substr(0, 12));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::unique_ptr<Store> NewCity(const std::string& name, const fs::path& data_dir) {
        auto store = OpenSqliteStore((dir_ / name).string(), 2);
        store->Migrate();
        EnsureReferenceData(*store, "");
        DemoOptions options;
        options.seed = 7;
        options.data_dir = data_dir;
        GenerateDemoCity(*store, options);
        return store;
    }

    static std::vector<Project> Projects(Store& store) {
        auto tx = store.BeginRead();
        ProjectFilter all;
        all.today = Date::Today();
        all.sort = "id";
        std::vector<Project> out = tx->ListProjects(all, Page{0, 100000}).items;
        tx->LoadLedgers(out);
        return out;
    }

    fs::path dir_;
    Actor admin_{0, "system", Role::kAdmin, std::nullopt, ""};
};

TEST_F(DemoTest, ReachedNodesHaveTheirEvidenceFilesButAboutOneInTen) {
    const fs::path data = dir_ / "data";
    auto store = NewCity("with.db", data);
    AppConfig config;
    config.data_dir = data;
    App app(*store, config);

    int complete = 0, missing = 0, files = 0;
    for (const Project& p : Projects(*store)) {
        const json::object got = app.GetProject(admin_, p.id);
        for (const auto& n : got.at("nodes").as_array()) {
            const auto& node = n.as_object();
            if (node.at("actual_date").is_null() || !node.at("applies").as_bool()) continue;
            const NodeRule& rule = LifecycleRules::Defaults().Rule(p.category, *ParseNode(node.at("node").as_string()));
            if (rule.required_evidence.empty()) continue;
            // A node has all of its files or none of them.
            const auto& gaps = node.at("missing_evidence").as_array();
            ASSERT_TRUE(gaps.empty() || gaps.size() == rule.required_evidence.size()) << p.code;
            (gaps.empty() ? complete : missing) += 1;
        }
        const json::object listed = app.ListFiles(admin_, p.id);
        for (const auto& item : listed.at("items").as_array()) {
            const int64_t id = item.at("id").as_int64();
            const FileDownload f = app.DownloadFile(admin_, p.id, id);
            ASSERT_TRUE(fs::exists(f.path)) << f.path;
            std::ifstream in(f.path, std::ios::binary);
            const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            EXPECT_EQ(static_cast<int64_t>(bytes.size()), f.size);
            EXPECT_EQ(Sha256Hex(bytes), std::string(item.at("sha256").as_string()));
            EXPECT_TRUE(bytes.rfind("%PDF-", 0) == 0 || bytes.rfind("\x89PNG", 0) == 0) << f.name;
            ++files;
        }
    }
    EXPECT_GT(complete, 200);
    EXPECT_GT(missing, 5);             // some flagged, as after an import
    EXPECT_LT(missing * 5, complete);  // most complete
    EXPECT_GE(files, complete);        // one file per required kind
}

TEST_F(DemoTest, TheCityIsTheSameWithOrWithoutFiles) {
    auto with = NewCity("with.db", dir_ / "data");
    auto without = NewCity("without.db", fs::path());
    const std::vector<Project> a = Projects(*with);
    const std::vector<Project> b = Projects(*without);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].code, b[i].code);
        EXPECT_EQ(a[i].name, b[i].name);
        EXPECT_EQ(a[i].total_investment, b[i].total_investment);
        for (std::size_t n = 0; n < a[i].nodes.size(); ++n) {
            EXPECT_EQ(a[i].nodes[n].actual, b[i].nodes[n].actual) << a[i].code;
        }
    }
    auto tx = without->BeginRead();
    for (const Project& p : b) EXPECT_TRUE(tx->ListFiles(p.id).empty());
    EXPECT_FALSE(fs::is_empty(dir_ / "data" / "files"));  // while the other city's went there
}

}  // namespace
}  // namespace zs
