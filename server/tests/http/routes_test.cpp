// The route table against the contract: every call docs/api.md lists must be routed.
#include "http/routes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace zs::http {
namespace {

using bhttp::verb;

// The handlers capture the App by reference and are never called here, so no App is built.
Router BuildTable() {
    alignas(App) static unsigned char storage[sizeof(App)];
    Router r;
    AddApiRoutes(r, *reinterpret_cast<App*>(storage), "9.9.9");
    return r;
}

std::string ReadApiDoc() {
    const auto path = std::filesystem::path(__FILE__).parent_path() / "../../../docs/api.md";
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "`PUT /api/projects/{id}/nodes/{node}`" → PUT "/api/projects/1/nodes/1".
std::vector<std::pair<std::string, std::string>> DocumentedCalls(const std::string& doc) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::regex call("`(GET|POST|PUT|DELETE|PATCH) (/api/[^`?\\s]*)");
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), call); it != std::sregex_iterator(); ++it) {
        std::string path = std::regex_replace((*it)[2].str(), std::regex("\\{[^}]*\\}"), "1");
        out.emplace_back((*it)[1].str(), path);
    }
    return out;
}

TEST(Routes, EveryDocumentedCallIsRouted) {
    const std::string doc = ReadApiDoc();
    ASSERT_FALSE(doc.empty()) << "docs/api.md not found";
    auto calls = DocumentedCalls(doc);
    // Written as "… → `200`; `DELETE` → `204`" after the PUT of the same path.
    calls.emplace_back("DELETE", "/api/projects/1/problems/1");
    ASSERT_GT(calls.size(), 30u);
    const Router r = BuildTable();
    for (const auto& [method, path] : calls) {
        auto m = r.Match(bhttp::string_to_verb(method), path);
        EXPECT_EQ(m.status, MatchStatus::kFound) << method << " " << path;
    }
}

TEST(Routes, EveryRouteIsDocumented) {
    const std::string doc = ReadApiDoc();
    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& c : DocumentedCalls(doc)) documented.insert(c);
    documented.emplace("DELETE", "/api/projects/1/problems/1");
    const Router r = BuildTable();
    for (const auto& route : r.routes()) {
        std::string path = std::regex_replace(route.pattern, std::regex("\\{[^}]*\\}"), "1");
        EXPECT_TRUE(documented.count({std::string(bhttp::to_string(route.method)), path}))
            << route.pattern << " is not in docs/api.md";
    }
}

TEST(Routes, OnlyLoginHealthAndVersionArePublic) {
    const Router r = BuildTable();
    std::set<std::string> open;
    for (const auto& route : r.routes()) {
        if (route.access == Access::kPublic)
            open.insert(std::string(bhttp::to_string(route.method)) + " " + route.pattern);
    }
    EXPECT_EQ(open, (std::set<std::string>{"POST /api/auth/login", "GET /api/health", "GET /api/meta/version"}));
}

TEST(Routes, OnlyTheUploadsTakeLargeRawBodies) {
    const Router r = BuildTable();
    for (const auto& route : r.routes()) {
        // An evidence file and a spreadsheet to import.
        const bool upload = route.method == verb::post &&
                            (route.pattern == "/api/projects/{id:int}/files" || route.pattern == "/api/imports");
        EXPECT_EQ(route.size == BodySize::kUpload, upload) << route.pattern;
        EXPECT_EQ(route.body == BodyKind::kRaw, upload) << route.pattern;
    }
}

TEST(Routes, WritesWithABodyParseJson) {
    const Router r = BuildTable();
    for (const auto& route : r.routes()) {
        if (route.method == verb::put) {
            EXPECT_EQ(route.body, BodyKind::kJson) << route.pattern;
        }
        if (route.method == verb::get || route.method == verb::delete_) {
            EXPECT_EQ(route.body, BodyKind::kNone) << route.pattern;
        }
    }
}

TEST(Routes, VersionIsAnsweredWithoutTheApp) {
    const Router r = BuildTable();
    auto m = r.Match(verb::get, "/api/meta/version");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    RequestContext ctx;
    Reply reply = m.route->handler(ctx);
    ASSERT_TRUE(reply.json.has_value());
    EXPECT_EQ(reply.json->at("name").as_string(), "zhaoshang");
    EXPECT_EQ(reply.json->at("version").as_string(), "9.9.9");
}

}  // namespace
}  // namespace zs::http
