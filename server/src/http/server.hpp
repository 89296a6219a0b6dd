// The HTTP server: Boost.Beast over a pool of io threads, serving /api through the App facade and
// the built web app from web_root. This is the http layer's only public header.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace zs {

class App;

struct HttpConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port, see HttpServer::port()
    int threads = 2;
    std::filesystem::path web_root = "web/dist";
    // Trust X-Forwarded-Proto: https from the proxy in front: Secure cookies and an https Origin.
    bool behind_tls_proxy = false;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t default_max_body = 1024 * 1024;
    // Evidence upload: the 20 MiB file limit itself is the App's (413 too_large); this is the transport cap.
    std::size_t upload_max_body = 20 * 1024 * 1024 + 64 * 1024;
    int read_timeout_seconds = 30;    // to receive one whole request once it has started
    int idle_timeout_seconds = 60;    // keep-alive wait for the next request
    int write_timeout_seconds = 120;  // to send one response (downloads)
    int shutdown_grace_seconds = 10;  // in-flight requests get this long after SIGTERM/SIGINT/Stop()
    std::string version = "0.0.0";    // GET /api/meta/version
};

class HttpServer {
public:
    // Binds and listens at once (throws std::system_error when the address is taken).
    HttpServer(App& app, HttpConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Logs "listening on http://HOST:PORT", serves until SIGTERM/SIGINT or Stop(), then stops
    // accepting, lets in-flight requests finish (bounded by shutdown_grace_seconds) and returns.
    void Run();
    // Begins the graceful shutdown; safe from any thread, also before Run().
    void Stop();
    // The bound port (the actual one when port 0 was asked).
    unsigned short port() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zs
