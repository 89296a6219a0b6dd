// Sockets and threads: the acceptor, one Connection object per socket (on its own strand), timeouts,
// limits, and the graceful shutdown. Everything about a request's meaning is in handler.cpp.
#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/handler.hpp"

namespace zs {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using http::Clock;
using http::Response;

namespace {

class Connection;

// What every session shares with the server.
struct ServerState {
    ServerState(App& app, HttpConfig cfg) : config(std::move(cfg)), handler(app, config) {}
    HttpConfig config;
    http::RequestHandler handler;
    std::atomic<bool> stopping{false};
    std::mutex mu;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> sessions;
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket&& socket, ServerState& state) : stream_(std::move(socket)), state_(state) {}

    ~Connection() {
        std::lock_guard lock(state_.mu);
        state_.sessions.erase(this);
    }

    void Start() {
        {
            std::lock_guard lock(state_.mu);
            state_.sessions.emplace(this, weak_from_this());
        }
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::DoIdle, shared_from_this()));
    }

    // From any thread: finish the request in flight, if any, then close.
    void Shutdown() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            if (self->idle_) self->stream_.cancel();
        });
    }

private:
    // Wait for the first byte of the next request under the idle timeout.
    void DoIdle() {
        if (state_.stopping) return DoClose();
        if (buffer_.size() > 0) return DoReadHeader();  // a pipelined request is already here
        idle_ = true;
        stream_.expires_after(std::chrono::seconds(state_.config.idle_timeout_seconds));
        stream_.async_read_some(buffer_.prepare(4096),
                                beast::bind_front_handler(&Connection::OnIdle, shared_from_this()));
    }

    void OnIdle(beast::error_code ec, std::size_t n) {
        idle_ = false;
        buffer_.commit(n);
        // A request that has begun arriving is served even while stopping (with Connection: close).
        if (n == 0) return DoClose();
        DoReadHeader();
    }

    void DoReadHeader() {
        start_ = Clock::now();
        limit_ = 0;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(state_.config.max_header_bytes));
        // No body limit yet, or a large Content-Length would fail the header read itself; the
        // route's limit is checked and set once the header is known.
        parser_->body_limit(boost::none);
        stream_.expires_after(std::chrono::seconds(state_.config.read_timeout_seconds));
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t) {
        if (ec) return OnReadError(ec);
        const auto& req = parser_->get();
        const std::size_t limit = state_.handler.BodyLimit(req.method(), req.target());
        limit_ = limit;
        const auto length = parser_->content_length();
        if (length && *length > limit) return Reject(TooLarge());
        parser_->body_limit(limit);
        // Slow links get more time for large bodies: at least 64 KiB/s on top of the read timeout.
        const auto expected = length ? *length : (parser_->chunked() ? limit : 0);
        stream_.expires_after(std::chrono::seconds(state_.config.read_timeout_seconds + expected / 65536));
        if (!parser_->is_done() && boost::algorithm::iequals(req[bhttp::field::expect], "100-continue")) {
            auto cont = std::make_shared<http::EmptyResponse>(bhttp::status::continue_, req.version());
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                if (wec) return self->DoClose();
                self->DoReadBody();
            });
            return;
        }
        DoReadBody();
    }

    void DoReadBody() {
        bhttp::async_read(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
    }

    void OnBody(beast::error_code ec, std::size_t) {
        if (ec) return OnReadError(ec);
        const bool keep_alive = parser_->get().keep_alive();
        http::Request req = parser_->release();
        parser_.reset();
        res_ = state_.handler.Handle(std::move(req), start_);
        const bool close = !keep_alive || state_.stopping;
        std::visit([close](auto& r) { r.keep_alive(!close); }, res_);
        DoWrite(close);
    }

    void OnReadError(beast::error_code ec) {
        if (ec == bhttp::error::body_limit) return Reject(TooLarge());
        if (ec == bhttp::error::header_limit) return Reject(MakeError(ErrorCode::kBadRequest, "请求头过大"));
        const bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
        if (parse_error) return Reject(MakeError(ErrorCode::kBadRequest, "请求格式错误"));
        // Closed, reset or timed out: nobody to answer.
        if (ec != bhttp::error::end_of_stream && ec != net::error::eof && ec != net::error::operation_aborted) {
            spdlog::debug("connection dropped: {}", ec.message());
        }
        DoClose();
    }

    Error TooLarge() const {
        const std::string cap = limit_ >= 1024 * 1024 ? fmt::format("{} MiB", limit_ / (1024 * 1024))
                                                      : fmt::format("{} KiB", limit_ / 1024);
        return MakeError(ErrorCode::kTooLarge, fmt::format("请求体过大（上限 {}）", cap));
    }

    // Answers a request that could not be read and closes: the rest of it is never read.
    void Reject(const Error& error) {
        bhttp::request_header<> header;
        if (parser_ && parser_->is_header_done()) header = parser_->get().base();
        res_ = state_.handler.Reject(header, error, start_);
        std::visit([](auto& r) { r.keep_alive(false); }, res_);
        linger_ = true;
        DoWrite(true);
    }

    void DoWrite(bool close) {
        stream_.expires_after(std::chrono::seconds(state_.config.write_timeout_seconds));
        std::visit(
            [&](auto& r) {
                bhttp::async_write(stream_, r,
                                   beast::bind_front_handler(&Connection::OnWrite, shared_from_this(), close));
            },
            res_);
    }

    void OnWrite(bool close, beast::error_code ec, std::size_t) {
        res_ = http::EmptyResponse{};  // releases an open file
        if (ec || close) return DoClose();
        DoIdle();
    }

    // Half-close. After a rejected request the client may still be sending (an upload over the
    // limit): drain for a moment so that it reads our answer instead of a reset.
    void DoClose() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec || !linger_) {
            stream_.socket().close(ec);
            return;
        }
        stream_.expires_after(std::chrono::seconds(2));
        Drain();
    }

    void Drain() {
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                beast::error_code ignored;
                self->stream_.socket().close(ignored);
                return;
            }
            self->Drain();
        });
    }

    beast::tcp_stream stream_;
    ServerState& state_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Response res_;
    Clock::time_point start_ = Clock::now();
    std::size_t limit_ = 0;  // body limit of the request being read
    bool idle_ = false;
    bool linger_ = false;  // drain before closing: the request was not read to its end
};

}  // namespace

class HttpServer::Impl {
public:
    Impl(App& app, HttpConfig config)
        : state_(app, std::move(config)),
          ioc_(std::max(1, state_.config.threads)),
          strand_(net::make_strand(ioc_)),
          acceptor_(strand_),
          poll_(strand_) {
        const tcp::endpoint endpoint = Resolve();
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
        port_ = acceptor_.local_endpoint().port();
    }

    void Run() {
        signals_.emplace(strand_, SIGINT, SIGTERM);
        signals_->async_wait([this](beast::error_code ec, int sig) {
            if (ec) return;
            spdlog::info("signal {} received, shutting down", sig);
            BeginShutdown();
        });
        net::post(strand_, [this] { Accept(); });
        const auto address = acceptor_.local_endpoint().address();
        spdlog::info("listening on http://{}:{}",
                     address.is_v6() ? "[" + address.to_string() + "]" : address.to_string(), port_);
        const int extra = std::max(1, state_.config.threads) - 1;
        std::vector<std::thread> threads;
        threads.reserve(extra);
        for (int i = 0; i < extra; ++i) threads.emplace_back([this] { ioc_.run(); });
        ioc_.run();
        for (auto& t : threads) t.join();
        signals_.reset();
        spdlog::info("server stopped");
    }

    void Stop() {
        net::post(strand_, [this] { BeginShutdown(); });
    }

    unsigned short port() const { return port_; }

private:
    tcp::endpoint Resolve() {
        const auto& host = state_.config.host;
        beast::error_code ec;
        auto address = net::ip::make_address(host, ec);
        if (!ec) return {address, state_.config.port};
        tcp::resolver resolver(ioc_);
        auto results = resolver.resolve(host, std::to_string(state_.config.port));
        return results.begin()->endpoint();
    }

    void Accept() {
        if (state_.stopping) return;
        acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
            if (state_.stopping || !acceptor_.is_open()) return;
            if (ec) {
                // Out of descriptors and the like: breathe, then try again.
                spdlog::warn("accept failed: {}", ec.message());
                poll_.expires_after(std::chrono::milliseconds(100));
                poll_.async_wait([this](beast::error_code) { Accept(); });
                return;
            }
            std::make_shared<Connection>(std::move(socket), state_)->Start();
            Accept();
        });
    }

    void BeginShutdown() {
        if (state_.stopping.exchange(true)) return;
        beast::error_code ec;
        acceptor_.close(ec);
        if (signals_) signals_->cancel(ec);
        poll_.cancel();
        std::vector<std::shared_ptr<Connection>> live;
        {
            std::lock_guard lock(state_.mu);
            for (auto& [ptr, weak] : state_.sessions) {
                if (auto s = weak.lock()) live.push_back(std::move(s));
            }
        }
        for (auto& s : live) s->Shutdown();
        live.clear();
        deadline_ = Clock::now() + std::chrono::seconds(state_.config.shutdown_grace_seconds);
        PollDrained();
    }

    // Stops the io_context once every connection is gone, or when the grace period is over.
    void PollDrained() {
        std::size_t open = 0;
        {
            std::lock_guard lock(state_.mu);
            open = state_.sessions.size();
        }
        if (open == 0 || Clock::now() >= deadline_) {
            if (open != 0) spdlog::warn("shutdown grace period over; {} connection(s) cut", open);
            ioc_.stop();
            return;
        }
        poll_.expires_after(std::chrono::milliseconds(50));
        poll_.async_wait([this](beast::error_code) { PollDrained(); });
    }

    // Order matters: sessions unregister from state_ while ioc_ is being destroyed.
    ServerState state_;
    net::io_context ioc_;
    net::strand<net::io_context::executor_type> strand_;
    tcp::acceptor acceptor_;
    net::steady_timer poll_;
    std::optional<net::signal_set> signals_;
    Clock::time_point deadline_;
    unsigned short port_ = 0;
};

HttpServer::HttpServer(App& app, HttpConfig config) : impl_(std::make_unique<Impl>(app, std::move(config))) {}
HttpServer::~HttpServer() = default;
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Stop() { impl_->Stop(); }
unsigned short HttpServer::port() const { return impl_->port(); }

}  // namespace zs
