// The SQLite transaction (store.hpp's Tx) and the pooled session it holds while it lives.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <memory>

#include "store/store.hpp"

namespace zs::sqlite {

// One session leased from the pool, given back when the lease is destroyed.
class Lease {
public:
    // Waits up to timeout_ms for a free session; throws std::runtime_error when none frees up.
    Lease(soci::connection_pool& pool, int timeout_ms);
    Lease(Lease&& other) noexcept : pool_(other.pool_), pos_(other.pos_) { other.pool_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    soci::session& session() { return pool_->at(pos_); }

private:
    soci::connection_pool* pool_;
    std::size_t pos_ = 0;
};

// Starts the transaction (BEGIN IMMEDIATE for a write, BEGIN for a read) on the leased session.
std::unique_ptr<Tx> BeginSqliteTx(Lease lease, bool write);

}  // namespace zs::sqlite
