// The workers behind the imports (service/imports.cpp): reading and validating an uploaded file,
// and committing it, run off the request thread so that a long import can report progress and be
// cancelled. A job lives in this process only; its outcome is stored in the imports table, which
// is what every server answers from.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace zs {

enum class ImportPhase { kParsing, kValidating, kWriting, kDone };

class ImportJobs {
public:
    struct Job {
        std::atomic<bool> cancel{false};
        std::atomic<int> phase{static_cast<int>(ImportPhase::kParsing)};
        std::atomic<int64_t> done{0};
        std::atomic<int64_t> total{0};
        // How a commit ended: 0 written, 1 refused (the data changed: rows invalid now), 2 failed (the
        // database; nothing written). Read after the job finished.
        std::atomic<int> outcome{0};
        std::mutex m;
        std::condition_variable cv;
        bool finished = false;
    };

    explicit ImportJobs(int workers = 2);
    ~ImportJobs();  // cancels what is queued or running and joins the workers
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;

    // Queues `work` for import `id`; exceptions escaping it are swallowed (the work records its own outcome).
    std::shared_ptr<Job> Submit(int64_t id, std::function<void(Job&)> work);
    // The job of import `id` while it is queued or running in this process.
    std::shared_ptr<Job> Find(int64_t id);
    // Waits up to `ms` for the job to finish; true when it has.
    static bool Wait(Job& job, int ms);

    // The plan of an import's latest validation, kept under a key naming everything it was computed
    // from (imports.cpp, PlanKey), for the commit to write without checking the file again. One per
    // import and kPlansKept at most (a 50,000-row plan holds ~100 MB). Take answers it only for the
    // same key, and forgets it either way.
    void KeepPlan(int64_t id, std::string key, std::shared_ptr<void> plan);
    std::shared_ptr<void> TakePlan(int64_t id, const std::string& key);

private:
    void Run();
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::deque<std::pair<int64_t, std::function<void(Job&)>>> queue_;
    std::map<int64_t, std::shared_ptr<Job>> jobs_;
    static constexpr size_t kPlansKept = 2;
    std::deque<std::tuple<int64_t, std::string, std::shared_ptr<void>>> plans_;  // oldest first
    std::vector<std::thread> threads_;
};

std::shared_ptr<ImportJobs> NewImportJobs();

}  // namespace zs
