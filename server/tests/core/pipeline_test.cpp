// RunPipelined: every item consumed once, in order, never more than `ahead` produced before they
// are consumed; a failure on either side stops both and reaches the caller.
#include "core/pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zs {
namespace {

TEST(PipelineTest, ConsumesEveryItemInOrderOnTheCallersThread) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{57}}) {
        SCOPED_TRACE("items: " + std::to_string(n));
        std::vector<std::size_t> consumed;
        std::vector<std::string> values;
        const auto caller = std::this_thread::get_id();
        RunPipelined(
            n, 2, [](std::size_t i) { return "item " + std::to_string(i); },
            [&](std::size_t i, std::string& item) {
                EXPECT_EQ(std::this_thread::get_id(), caller);
                consumed.push_back(i);
                values.push_back(item);
            });
        ASSERT_EQ(consumed.size(), n);
        for (std::size_t i = 0; i < n; ++i) {
            EXPECT_EQ(consumed[i], i);
            EXPECT_EQ(values[i], "item " + std::to_string(i));
        }
    }
}

TEST(PipelineTest, TheProducerRunsAtMostAheadItemsBeforeTheConsumer) {
    std::atomic<std::size_t> produced{0};
    std::size_t most_ahead = 0;
    RunPipelined(
        40, 2, [&](std::size_t i) { return produced.fetch_add(1) + 0 * i; },
        [&](std::size_t i, std::size_t&) {
            // Give the producer time to run ahead as far as it may.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            // Items produced and not yet consumed: those queued, plus one being made.
            most_ahead = std::max(most_ahead, produced.load() - i - 1);
        });
    EXPECT_EQ(produced.load(), 40u);
    EXPECT_LE(most_ahead, 3u);  // 2 queued + the one the producer finished before waiting
    EXPECT_GE(most_ahead, 1u);  // and it did run ahead: the two sides overlapped
}

TEST(PipelineTest, AProducerFailureStopsTheConsumerAndReachesTheCaller) {
    std::vector<std::size_t> consumed;
    try {
        RunPipelined(
            10, 2,
            [](std::size_t i) {
                if (i == 4) throw std::runtime_error("read failed at 4");
                return i;
            },
            [&](std::size_t i, std::size_t&) { consumed.push_back(i); });
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "read failed at 4");
    }
    EXPECT_LE(consumed.size(), 4u);  // never an item after the failed one
}

TEST(PipelineTest, AConsumerFailureStopsTheProducerAndReachesTheCaller) {
    std::atomic<std::size_t> produced{0};
    try {
        RunPipelined(
            1000, 2, [&](std::size_t i) { return produced.fetch_add(1) + 0 * i; },
            [&](std::size_t i, std::size_t&) {
                if (i == 3) throw std::invalid_argument("write failed at 3");
            });
        ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "write failed at 3");
    }
    EXPECT_LE(produced.load(), 3u + 1 + 3);  // the consumed ones, the failed one, at most three ahead
}

TEST(PipelineTest, OneItemRunsOnTheCallersThreadAndItsFailureReachesTheCaller) {
    const auto caller = std::this_thread::get_id();
    RunPipelined(
        1, 2,
        [&](std::size_t) {
            EXPECT_EQ(std::this_thread::get_id(), caller);
            return 7;
        },
        [](std::size_t, int& v) { EXPECT_EQ(v, 7); });
    EXPECT_THROW(RunPipelined(
                     1, 2, [](std::size_t) -> int { throw std::runtime_error("x"); }, [](std::size_t, int&) {}),
                 std::runtime_error);
}

}  // namespace
}  // namespace zs
