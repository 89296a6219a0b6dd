// The transaction of both SQL stores (store.hpp's Tx) and the pooled session it holds while it lives.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "store/sql/db.hpp"
#include "store/store.hpp"

namespace zs::sqldb {

// One session leased from the pool (with its statement cache), given back when the lease is destroyed.
class Lease {
public:
    // Waits up to timeout_ms for a free session; throws std::runtime_error when none frees up.
    // conns[i] wraps pool.at(i).
    Lease(soci::connection_pool& pool, std::vector<std::unique_ptr<Conn>>& conns, int timeout_ms);
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(other.conn_), pos_(other.pos_) { other.pool_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Conn& conn() { return *conn_; }

private:
    soci::connection_pool* pool_;
    Conn* conn_ = nullptr;
    std::size_t pos_ = 0;
};

enum class TxKind { kRead, kWrite, kBookkeeping };

// Starts the transaction on the leased session with the dialect's begin statements (a write
// transaction waits for the writers before it; see Store::BeginBookkeepingWrite for the third kind).
std::unique_ptr<Tx> BeginTx(Lease lease, TxKind kind);

}  // namespace zs::sqldb
