// A two-stage pipeline: items produced on a thread of their own, at most `ahead` of the consumer on
// the caller's thread. For exports that read slices from the database (the producer alone uses the
// transaction while the pipeline runs) while the slices already read are written: on two cores the
// two costs overlap instead of adding up, and at most `ahead` + 1 slices are held at once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace zs {

// Calls produce(i) for i = 0 … n−1 and consume(i, item) with its result, in order. With more than
// one item, produce runs on a new thread. An exception from either side stops both and is rethrown
// here (the consumer's when both fail); the thread has ended when this returns.
template <typename Produce, typename Consume>
void RunPipelined(std::size_t n, std::size_t ahead, Produce&& produce, Consume&& consume) {
    using Item = decltype(produce(std::size_t{0}));
    if (n <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            Item item = produce(i);
            consume(i, item);
        }
        return;
    }
    if (ahead == 0) ahead = 1;
    std::mutex m;
    std::condition_variable changed;
    std::deque<Item> ready;
    bool stop = false;
    std::exception_ptr failure;
    std::thread producer([&] {
        for (std::size_t i = 0; i < n; ++i) {
            {
                std::unique_lock lock(m);
                changed.wait(lock, [&] { return stop || ready.size() < ahead; });
                if (stop) return;
            }
            std::optional<Item> item;
            try {
                item.emplace(produce(i));
            } catch (...) {
                std::lock_guard lock(m);
                failure = std::current_exception();
                changed.notify_all();
                return;
            }
            std::lock_guard lock(m);
            ready.push_back(std::move(*item));
            changed.notify_all();
        }
    });
    const auto finish = [&] {
        {
            std::lock_guard lock(m);
            stop = true;
        }
        changed.notify_all();
        producer.join();
    };
    try {
        for (std::size_t i = 0; i < n; ++i) {
            std::optional<Item> item;
            {
                std::unique_lock lock(m);
                changed.wait(lock, [&] { return failure != nullptr || !ready.empty(); });
                if (failure != nullptr) break;
                item.emplace(std::move(ready.front()));
                ready.pop_front();
            }
            changed.notify_all();
            consume(i, *item);
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
    if (failure != nullptr) std::rethrow_exception(failure);
}

}  // namespace zs
