// The server over a real socket: transport limits, headers on every answer, CSRF, sessions, static
// files, shutdown. Business behaviour is the API tests' job (tests/api).
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <thread>

#include "core/domain.hpp"
#include "service/admin.hpp"
#include "service/app.hpp"
#include "store/store.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Response = bhttp::response<bhttp::string_body>;

constexpr const char* kPassword = "Zs-http-test-2026";
const std::string kCsp = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// A blocking HTTP/1.1 client speaking raw text, so tests can send what a browser never would.
class Client {
public:
    explicit Client(unsigned short port) : port_(port), stream_(ioc_) {
        stream_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }

    std::string Host() const { return "127.0.0.1:" + std::to_string(port_); }
    std::string Origin() const { return "http://" + Host(); }

    void SendRaw(const std::string& text) { net::write(stream_.socket(), net::buffer(text)); }

    Response Read(bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(head);  // Beast: an answer to HEAD has headers only (a parser flag, not a skipped test)
        stream_.expires_after(std::chrono::seconds(10));
        bhttp::read(stream_, buffer_, parser);
        return parser.release();
    }

    // Builds and sends one request. `csrf` adds the headers a same-origin XHR carries.
    Response Do(const std::string& method, const std::string& target, const std::string& body = {}, bool csrf = true,
                const std::string& extra = {}) {
        std::string text = method + " " + target + " HTTP/1.1\r\nHost: " + Host() + "\r\n";
        if (csrf) text += "X-Requested-With: XMLHttpRequest\r\nOrigin: " + Origin() + "\r\n";
        if (!cookie_.empty()) text += "Cookie: zs_session=" + cookie_ + "\r\n";
        text += extra;
        if (!body.empty() || method == "POST" || method == "PUT") {
            text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        }
        text += "\r\n" + body;
        SendRaw(text);
        return Read(method == "HEAD");
    }

    // True when the server has closed the connection.
    bool Closed() {
        stream_.expires_after(std::chrono::seconds(5));
        char c;
        beast::error_code ec;
        stream_.read_some(net::buffer(&c, 1), ec);
        return ec == net::error::eof || ec == net::error::connection_reset;
    }

    std::string cookie_;

private:
    unsigned short port_;
    net::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

boost::json::value Json(const Response& r) { return boost::json::parse(r.body()); }

class ServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() / ("zs_http_server_test_" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        fs::create_directories(*dir_ / "site" / "assets");
        fs::create_directories(*dir_ / "data" / "files");
        std::ofstream(*dir_ / "site" / "index.html") << "<!doctype html><title>招商</title>";
        std::ofstream(*dir_ / "site" / "assets" / "app-1a2b.js") << "console.log(1)";
        std::ofstream(*dir_ / "secret.txt") << "top secret";

        store_ = OpenSqliteStore((*dir_ / "zs.db").string(), 4).release();
        store_->Migrate();
        AddUser(*store_, "admin1", Role::kAdmin, std::nullopt, "管理员", kPassword);
        AppConfig ac;
        ac.data_dir = *dir_ / "data";
        app_ = new App(*store_, ac);

        HttpConfig hc;
        hc.port = 0;
        hc.web_root = *dir_ / "site";
        hc.default_max_body = 64 * 1024;
        hc.max_header_bytes = 8 * 1024;
        hc.version = "1.2.3";
        server_ = new HttpServer(*app_, hc);
        run_ = new std::thread([] { server_->Run(); });
    }

    static void TearDownTestSuite() {
        server_->Stop();
        run_->join();
        delete run_;
        delete server_;
        delete app_;
        delete store_;
        fs::remove_all(*dir_);
        delete dir_;
    }

    static Client Connect() { return Client(server_->port()); }

    static void ExpectSecurityHeaders(const Response& r) {
        EXPECT_EQ(r["Content-Security-Policy"], kCsp);
        EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
        EXPECT_EQ(r["Referrer-Policy"], "same-origin");
        EXPECT_EQ(r["X-Frame-Options"], "DENY");
    }

    static void ExpectError(const Response& r, int status, const std::string& code) {
        EXPECT_EQ(r.result_int(), status) << r.body();
        EXPECT_EQ(r[bhttp::field::content_type], "application/json; charset=utf-8");
        auto j = Json(r);
        EXPECT_EQ(j.at("error").at("code").as_string(), code) << r.body();
        EXPECT_FALSE(j.at("error").at("message").as_string().empty());
        ExpectSecurityHeaders(r);
    }

    static Response Login(Client& c) {
        auto r =
            c.Do("POST", "/api/auth/login", R"({"username":"admin1","password":")" + std::string(kPassword) + "\"}");
        const std::string set = std::string(r[bhttp::field::set_cookie]);
        auto start = set.find('=') + 1;
        c.cookie_ = set.substr(start, set.find(';') - start);
        return r;
    }

    static fs::path* dir_;
    static Store* store_;
    static App* app_;
    static HttpServer* server_;
    static std::thread* run_;
};

fs::path* ServerTest::dir_ = nullptr;
Store* ServerTest::store_ = nullptr;
App* ServerTest::app_ = nullptr;
HttpServer* ServerTest::server_ = nullptr;
std::thread* ServerTest::run_ = nullptr;

TEST_F(ServerTest, HealthAndVersionAreAnonymous) {
    Client c = Connect();
    auto h = c.Do("GET", "/api/health");
    EXPECT_EQ(h.result_int(), 200);
    EXPECT_EQ(Json(h).at("status").as_string(), "ok");
    EXPECT_EQ(h[bhttp::field::cache_control], "no-store");
    ExpectSecurityHeaders(h);
    auto v = c.Do("GET", "/api/meta/version");
    EXPECT_EQ(Json(v).at("version").as_string(), "1.2.3");
    EXPECT_EQ(Json(v).at("name").as_string(), "zhaoshang");
}

TEST_F(ServerTest, UnknownRouteWrongMethodAndBadId) {
    Client c = Connect();
    ExpectError(c.Do("GET", "/api/nothing"), 404, "not_found");
    ExpectError(c.Do("GET", "/api"), 404, "not_found");
    auto m = c.Do("DELETE", "/api/health");
    ExpectError(m, 405, "bad_request");
    EXPECT_EQ(m[bhttp::field::allow], "GET, HEAD");
    EXPECT_EQ(m[bhttp::field::cache_control], "no-store");
    ExpectError(c.Do("GET", "/api/projects/abc"), 404, "not_found");
    ExpectError(c.Do("GET", "/api/projects/0"), 404, "not_found");
}

TEST_F(ServerTest, AnonymousIs401) {
    Client c = Connect();
    ExpectError(c.Do("GET", "/api/auth/me"), 401, "unauthorized");
    ExpectError(c.Do("GET", "/api/projects"), 401, "unauthorized");
    ExpectError(c.Do("POST", "/api/auth/logout"), 401, "unauthorized");
    c.cookie_ = "not-a-real-token";
    ExpectError(c.Do("GET", "/api/auth/me"), 401, "unauthorized");
}

TEST_F(ServerTest, WritesWithoutCsrfHeadersAre403) {
    Client c = Connect();
    const std::string body = R"({"username":"admin1","password":"x"})";
    auto none = c.Do("POST", "/api/auth/login", body, false);
    ExpectError(none, 403, "forbidden");
    EXPECT_EQ(Json(none).at("error").at("message").as_string(), "跨站请求被拒绝");
    ExpectError(c.Do("POST", "/api/auth/login", body, false, "X-Requested-With: XMLHttpRequest\r\n"), 403, "forbidden");
    ExpectError(c.Do("POST", "/api/auth/login", body, false,
                     "X-Requested-With: XMLHttpRequest\r\nOrigin: http://evil.example\r\n"),
                403, "forbidden");
    // Same-origin: the password is wrong, so the App answers.
    ExpectError(c.Do("POST", "/api/auth/login", body), 401, "unauthorized");
}

TEST_F(ServerTest, BadJsonIs400WithoutField) {
    Client c = Connect();
    auto r = c.Do("POST", "/api/auth/login", R"({"username":)");
    ExpectError(r, 400, "bad_request");
    EXPECT_FALSE(Json(r).at("error").as_object().contains("field"));
    ExpectError(c.Do("POST", "/api/auth/login", "[1,2]"), 400, "bad_request");
    ExpectError(c.Do("POST", "/api/auth/login", ""), 400, "bad_request");
}

TEST_F(ServerTest, LoginSessionLogout) {
    Client c = Connect();
    auto login = Login(c);
    ASSERT_EQ(login.result_int(), 200) << login.body();
    EXPECT_EQ(Json(login).at("username").as_string(), "admin1");
    const std::string set = std::string(login[bhttp::field::set_cookie]);
    EXPECT_EQ(set.rfind("zs_session=", 0), 0u) << set;
    EXPECT_NE(set.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(set.find("; Path=/"), std::string::npos);
    EXPECT_NE(set.find("; Max-Age="), std::string::npos);
    EXPECT_EQ(set.find("Secure"), std::string::npos);  // not behind a TLS proxy
    EXPECT_FALSE(c.cookie_.empty());

    auto me = c.Do("GET", "/api/auth/me");
    EXPECT_EQ(me.result_int(), 200) << me.body();
    EXPECT_EQ(Json(me).at("role").as_string(), "admin");

    auto out = c.Do("POST", "/api/auth/logout");
    EXPECT_EQ(out.result_int(), 204);
    EXPECT_TRUE(out.body().empty());
    EXPECT_EQ(out[bhttp::field::content_length], "");
    EXPECT_NE(std::string(out[bhttp::field::set_cookie]).find("Max-Age=0"), std::string::npos);
    ExpectSecurityHeaders(out);
    ExpectError(c.Do("GET", "/api/auth/me"), 401, "unauthorized");
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
    Client c = Connect();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Do("GET", "/api/health").result_int(), 200);
    // Pipelined: both answers come back in order.
    const std::string req = "GET /api/meta/version HTTP/1.1\r\nHost: " + c.Host() + "\r\n\r\n";
    c.SendRaw(req + req);
    EXPECT_EQ(c.Read().result_int(), 200);
    EXPECT_EQ(c.Read().result_int(), 200);
}

TEST_F(ServerTest, OversizedJsonBodyIs413AndCloses) {
    Client c = Connect();
    const std::string big(100 * 1024, ' ');
    auto r = c.Do("POST", "/api/auth/login", "{" + big + "}");
    ExpectError(r, 413, "too_large");
    EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, OversizedUploadWithExpectContinueIsRefusedBeforeTheBody) {
    Client c = Connect();
    c.SendRaw("POST /api/projects/1/files?node=signed&kind=contract&name=a.pdf HTTP/1.1\r\nHost: " + c.Host() +
              "\r\nX-Requested-With: XMLHttpRequest\r\nOrigin: " + c.Origin() +
              "\r\nContent-Type: application/pdf\r\nContent-Length: 31457280\r\nExpect: 100-continue\r\n\r\n");
    ExpectError(c.Read(), 413, "too_large");
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
    Client c = Connect();
    std::string text = "POST /api/auth/login HTTP/1.1\r\nHost: " + c.Host() +
                       "\r\nX-Requested-With: XMLHttpRequest\r\nOrigin: " + c.Origin() +
                       "\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk(16 * 1024, 'a');
    for (int i = 0; i < 5; ++i) text += "4000\r\n" + chunk + "\r\n";
    text += "0\r\n\r\n";
    c.SendRaw(text);
    ExpectError(c.Read(), 413, "too_large");
}

TEST_F(ServerTest, HugeHeaderIs400) {
    Client c = Connect();
    c.SendRaw("GET /api/health HTTP/1.1\r\nHost: " + c.Host() + "\r\nX-Big: " + std::string(16 * 1024, 'x') +
              "\r\n\r\n");
    ExpectError(c.Read(), 400, "bad_request");
}

TEST_F(ServerTest, GarbageIs400) {
    Client c = Connect();
    c.SendRaw("HELLO\r\n\r\n");
    auto r = c.Read();
    EXPECT_EQ(r.result_int(), 400);
    ExpectSecurityHeaders(r);
}

TEST_F(ServerTest, StaticFilesAndSpaFallback) {
    Client c = Connect();
    auto index = c.Do("GET", "/");
    EXPECT_EQ(index.result_int(), 200);
    EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(index[bhttp::field::cache_control], "no-cache");
    EXPECT_NE(index.body().find("招商"), std::string::npos);
    ExpectSecurityHeaders(index);

    auto js = c.Do("GET", "/assets/app-1a2b.js");
    EXPECT_EQ(js.result_int(), 200);
    EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_EQ(js[bhttp::field::cache_control], "public, max-age=31536000, immutable");
    EXPECT_EQ(js.body(), "console.log(1)");

    auto page = c.Do("GET", "/projects/12?tab=nodes");
    EXPECT_EQ(page.result_int(), 200);
    EXPECT_EQ(page.body(), index.body());

    auto head = c.Do("HEAD", "/assets/app-1a2b.js");
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[bhttp::field::content_length], "14");
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(c.Do("GET", "/api/health").result_int(), 200);  // the connection survived the HEAD
}

TEST_F(ServerTest, StaticTraversalNeverLeavesTheRoot) {
    for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                               "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/index.html%00"}) {
        Client c = Connect();
        auto r = c.Do("GET", target);
        EXPECT_EQ(r.body().find("top secret"), std::string::npos) << target;
        EXPECT_EQ(r.result_int(), 404) << target;
        ExpectSecurityHeaders(r);
    }
}

TEST_F(ServerTest, StaticRejectsWrites) {
    Client c = Connect();
    ExpectError(c.Do("POST", "/index.html", "{}", false), 403, "forbidden");
    auto r = c.Do("POST", "/index.html", "{}");
    ExpectError(r, 405, "bad_request");
}

TEST(ServerNoWebApp, ExplainsThatTheWebAppIsNotBuilt) {
    const fs::path dir = fs::temp_directory_path() / ("zs_http_noweb_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        auto store = OpenSqliteStore((dir / "zs.db").string(), 2);
        store->Migrate();
        AppConfig ac;
        ac.data_dir = dir / "data";
        App app(*store, ac);
        HttpConfig hc;
        hc.port = 0;
        hc.web_root = dir / "missing";
        HttpServer server(app, hc);
        std::thread run([&] { server.Run(); });
        {
            Client c(server.port());
            auto r = c.Do("GET", "/projects");
            EXPECT_EQ(r.result_int(), 404);
            EXPECT_EQ(r[bhttp::field::content_type], "text/plain; charset=utf-8");
            EXPECT_NE(r.body().find("not built"), std::string::npos);
            EXPECT_EQ(r["X-Frame-Options"], "DENY");
            EXPECT_EQ(c.Do("GET", "/api/health").result_int(), 200);
        }
        server.Stop();
        run.join();
    }
    fs::remove_all(dir);
}

TEST(ServerShutdown, StopWaitsForTheRequestInFlightAndClosesIdleConnections) {
    const fs::path dir = fs::temp_directory_path() / ("zs_http_stop_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        auto store = OpenSqliteStore((dir / "zs.db").string(), 2);
        store->Migrate();
        AppConfig ac;
        ac.data_dir = dir / "data";
        App app(*store, ac);
        HttpConfig hc;
        hc.port = 0;
        hc.web_root = dir;
        HttpServer server(app, hc);
        auto done = std::async(std::launch::async, [&] { server.Run(); });

        Client idle(server.port());
        EXPECT_EQ(idle.Do("GET", "/api/health").result_int(), 200);
        Client busy(server.port());
        // Half a request is in flight when the stop comes; it is still answered, with Connection: close.
        busy.SendRaw("GET /api/health HTTP/1.1\r\nHost: " + busy.Host() + "\r\n");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        server.Stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        busy.SendRaw("\r\n");
        auto r = busy.Read();
        EXPECT_EQ(r.result_int(), 200);
        EXPECT_FALSE(r.keep_alive());
        EXPECT_TRUE(idle.Closed());
        EXPECT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace zs
