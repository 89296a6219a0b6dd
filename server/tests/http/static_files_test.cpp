#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace zs::http {
namespace {

namespace fs = std::filesystem;

// web_root = <tmp>/site with index.html and assets/app.js; <tmp>/secret.txt lies outside it.
class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("zs_static_test_" + std::to_string(::getpid()));
        fs::remove_all(base_);
        fs::create_directories(base_ / "site" / "assets");
        Write(base_ / "site" / "index.html", "<html></html>");
        Write(base_ / "site" / "assets" / "app-1a2b.js", "console.log(1)");
        Write(base_ / "site" / "assets" / "中文 name.css", "a{}");
        Write(base_ / "site" / ".env", "SECRET=1");
        Write(base_ / "secret.txt", "top secret");
        fs::create_symlink(base_ / "secret.txt", base_ / "site" / "escape.txt");
        root_ = fs::canonical(base_ / "site");
    }
    void TearDown() override { fs::remove_all(base_); }
    static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

    StaticKind Kind(std::string_view path) { return ResolveStatic(root_, path).kind; }

    fs::path base_;
    fs::path root_;
};

TEST_F(StaticFilesTest, ServesExistingFiles) {
    auto t = ResolveStatic(root_, "/assets/app-1a2b.js");
    ASSERT_EQ(t.kind, StaticKind::kFile);
    EXPECT_EQ(t.file, root_ / "assets" / "app-1a2b.js");
    EXPECT_EQ(Kind("/index.html"), StaticKind::kFile);
}

TEST_F(StaticFilesTest, PercentEncodedNamesAreDecoded) {
    auto t = ResolveStatic(root_, "/assets/%E4%B8%AD%E6%96%87%20name.css");
    ASSERT_EQ(t.kind, StaticKind::kFile);
    EXPECT_EQ(t.file.filename(), "中文 name.css");
}

TEST_F(StaticFilesTest, MissingFilesAndDirectoriesFallBackToTheApp) {
    EXPECT_EQ(Kind("/"), StaticKind::kFallback);
    EXPECT_EQ(Kind("/projects/12"), StaticKind::kFallback);
    EXPECT_EQ(Kind("/assets"), StaticKind::kFallback);
    EXPECT_EQ(Kind("/assets/"), StaticKind::kFallback);
    EXPECT_EQ(Kind("/assets/missing.js"), StaticKind::kFallback);
}

TEST_F(StaticFilesTest, TraversalIsRejected) {
    EXPECT_EQ(Kind("/../etc/passwd"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/../secret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/assets/../../secret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/%2e%2e/secret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/%2E%2E/secret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/.%2e/secret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/assets/..%2f..%2fsecret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/assets/..%2F..%2Fsecret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/%2e%2e%2fsecret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/./index.html"), StaticKind::kInvalid);
}

TEST_F(StaticFilesTest, EncodedSeparatorsAndNulAreRejected) {
    EXPECT_EQ(Kind("/assets%2fapp-1a2b.js"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/..%5c..%5csecret.txt"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/assets\\app-1a2b.js"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/index.html%00.png"), StaticKind::kInvalid);
    EXPECT_EQ(Kind(std::string_view("/index.html\0.png", 16)), StaticKind::kInvalid);
}

TEST_F(StaticFilesTest, MalformedEscapesAndRelativePathsAreRejected) {
    EXPECT_EQ(Kind("/%zz"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("/abc%2"), StaticKind::kInvalid);
    EXPECT_EQ(Kind("index.html"), StaticKind::kInvalid);
    EXPECT_EQ(Kind(""), StaticKind::kInvalid);
}

TEST_F(StaticFilesTest, HiddenFilesAreNotServed) { EXPECT_EQ(Kind("/.env"), StaticKind::kInvalid); }

TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsRejected) { EXPECT_EQ(Kind("/escape.txt"), StaticKind::kInvalid); }

TEST(PercentDecode, Strict) {
    EXPECT_EQ(PercentDecode("a%20b"), "a b");
    EXPECT_EQ(PercentDecode("a+b"), "a+b");
    EXPECT_EQ(PercentDecode("%e4%b8%ad"), "中");
    EXPECT_FALSE(PercentDecode("%").has_value());
    EXPECT_FALSE(PercentDecode("%4").has_value());
    EXPECT_FALSE(PercentDecode("%g0").has_value());
}

TEST(MimeType, KnownExtensions) {
    EXPECT_EQ(MimeType("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(MimeType("a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(MimeType("a.mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(MimeType("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(MimeType("a.svg"), "image/svg+xml");
    EXPECT_EQ(MimeType("a.png"), "image/png");
    EXPECT_EQ(MimeType("a.jpg"), "image/jpeg");
    EXPECT_EQ(MimeType("a.JPG"), "image/jpeg");
    EXPECT_EQ(MimeType("favicon.ico"), "image/x-icon");
    EXPECT_EQ(MimeType("f.woff"), "font/woff");
    EXPECT_EQ(MimeType("f.woff2"), "font/woff2");
    EXPECT_EQ(MimeType("f.ttf"), "font/ttf");
    EXPECT_EQ(MimeType("m.json"), "application/json");
    EXPECT_EQ(MimeType("a.js.map"), "application/json");
    EXPECT_EQ(MimeType("robots.txt"), "text/plain; charset=utf-8");
}

TEST(MimeType, UnknownIsOctetStream) {
    EXPECT_EQ(MimeType("a.exe"), "application/octet-stream");
    EXPECT_EQ(MimeType("Makefile"), "application/octet-stream");
}

TEST(StaticCacheControl, OnlyAssetsAreImmutable) {
    EXPECT_EQ(StaticCacheControl("/assets/app-1a2b.js", StaticKind::kFile), "public, max-age=31536000, immutable");
    EXPECT_EQ(StaticCacheControl("/index.html", StaticKind::kFile), "no-cache");
    EXPECT_EQ(StaticCacheControl("/favicon.ico", StaticKind::kFile), "no-cache");
    EXPECT_EQ(StaticCacheControl("/assets/missing.js", StaticKind::kFallback), "no-cache");
    EXPECT_EQ(StaticCacheControl("/projects", StaticKind::kFallback), "no-cache");
}

}  // namespace
}  // namespace zs::http
