#include "sheet/zip_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace zs::sheet {
namespace {

constexpr uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the earliest DOS date
constexpr uint16_t kVersionNeeded = 20;                     // deflate
constexpr uint16_t kUtf8Name = 1 << 11;
constexpr uint16_t kDeflated = 8;
// Below this a block is deflated on the calling thread: a worker would cost more than it saves.
constexpr std::size_t kThreadedBytes = 256u << 10;
// A deflate stream's last block: empty, final, fixed Huffman codes (what zlib writes for Z_FINISH
// on no input). The blocks before it end with a sync flush, so they simply follow one another.
constexpr std::string_view kFinalBlock("\x03\x00", 2);

void Put16(std::string& out, uint32_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void Put32(std::string& out, uint32_t v) {
    Put16(out, v & 0xFFFF);
    Put16(out, v >> 16);
}

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error("zip: " + what); }

}  // namespace

struct ZipWriter::Job {
    std::string owned;       // a streamed block (empty when `input` points into the caller's data)
    std::string_view input;  // what to deflate (not read after Run)
    std::size_t size = 0;    // input.size()
    std::string output;      // raw deflate blocks ending in a sync flush
    uLong crc = 0;
    std::string error;  // zlib's failure, raised on the caller's thread
    bool done = false;

    void Run(int level) {
        z_stream z{};
        if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            error = "deflateInit2";
            return;
        }
        crc = crc32_z(0L, reinterpret_cast<const Bytef*>(input.data()), input.size());
        output.resize(deflateBound(&z, static_cast<uLong>(input.size())) + 16);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        z.avail_in = static_cast<uInt>(input.size());
        z.next_out = reinterpret_cast<Bytef*>(output.data());
        z.avail_out = static_cast<uInt>(output.size());
        const int rc = deflate(&z, Z_SYNC_FLUSH);
        if ((rc != Z_OK && rc != Z_BUF_ERROR) || z.avail_in != 0 || z.avail_out == 0) error = "deflate";
        output.resize(output.size() - z.avail_out);
        deflateEnd(&z);
        size = input.size();
        input = {};
        owned = std::string();  // the uncompressed block is no longer needed
    }
};

struct ZipWriter::Entry {
    std::string name;
    std::vector<std::unique_ptr<Job>> jobs;
    uint64_t size = 0;
};

// Worker threads taking jobs in order; the caller's thread helps when it waits.
class ZipWriter::Pool {
public:
    explicit Pool(int level) : level_(level) {
        const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
        const unsigned workers = std::min(cores - 1, 3u);
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
    }
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;
    ~Pool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

    void Push(Job* job) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(job);
        }
        wake_.notify_one();
    }

    // Returns when every job is done, running queued ones meanwhile.
    void Wait(const std::vector<std::unique_ptr<Job>>& jobs) {
        std::unique_lock lock(mutex_);
        for (const auto& job : jobs) {
            while (!job->done) {
                if (!queue_.empty()) {
                    Job* next = queue_.front();
                    queue_.pop_front();
                    lock.unlock();
                    Run(next);
                    lock.lock();
                } else {
                    done_.wait(lock);
                }
            }
        }
    }

private:
    void Work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping
            Job* job = queue_.front();
            queue_.pop_front();
            lock.unlock();
            Run(job);
            lock.lock();
        }
    }

    void Run(Job* job) {
        job->Run(level_);
        {
            std::lock_guard lock(mutex_);
            job->done = true;
        }
        done_.notify_all();
    }

    int level_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::deque<Job*> queue_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

ZipWriter::ZipWriter(int level) : level_(level) {}

ZipWriter::~ZipWriter() = default;  // the pool joins its workers before the jobs go

void ZipWriter::Submit(std::unique_ptr<Job> job) {
    Entry& e = entries_.back();
    e.size += job->input.size();
    job->size = job->input.size();
    Job* raw = job.get();
    e.jobs.push_back(std::move(job));
    if (raw->input.size() < kThreadedBytes) {
        raw->Run(level_);
        raw->done = true;
        return;
    }
    if (!pool_) pool_ = std::make_unique<Pool>(level_);
    pool_->Push(raw);
}

void ZipWriter::Add(std::string_view name, std::string_view data, bool first) {
    if (streaming_) Fail("Add while an entry is streamed");
    entries_.push_back({std::string(name), {}, 0});
    for (std::size_t at = 0; at < data.size(); at += kBlockBytes) {
        auto job = std::make_unique<Job>();
        job->input = data.substr(at, kBlockBytes);
        Submit(std::move(job));
    }
    if (pool_) pool_->Wait(entries_.back().jobs);  // `data` is the caller's: done with it before returning
    if (first) std::rotate(entries_.begin(), entries_.end() - 1, entries_.end());
}

void ZipWriter::Begin(std::string_view name) {
    if (streaming_) Fail("Begin while an entry is streamed");
    streaming_ = true;
    entries_.push_back({std::string(name), {}, 0});
    block_.clear();
    block_.reserve(kBlockBytes + (kBlockBytes >> 2));
}

void ZipWriter::Seal() {
    if (block_.empty()) return;
    auto job = std::make_unique<Job>();
    job->owned = std::move(block_);
    job->input = job->owned;
    block_ = std::string();
    block_.reserve(kBlockBytes + (kBlockBytes >> 2));
    Submit(std::move(job));
}

void ZipWriter::End() {
    if (!streaming_) Fail("End without Begin");
    Seal();
    block_ = std::string();
    streaming_ = false;
}

std::string ZipWriter::Finish() {
    if (streaming_) Fail("Finish while an entry is streamed");
    if (entries_.size() > 0xFFFF) Fail("too many entries");
    std::string out;
    std::size_t total = 22;
    for (Entry& e : entries_) {
        if (pool_) pool_->Wait(e.jobs);
        total += 2 * (30 + e.name.size()) + 16 + kFinalBlock.size();
        for (const auto& job : e.jobs) {
            if (!job->error.empty()) Fail(job->error);
            total += job->output.size();
        }
    }
    pool_.reset();
    out.reserve(total);
    std::string central;
    for (Entry& e : entries_) {
        uLong crc = crc32_z(0L, nullptr, 0);
        uint64_t packed = kFinalBlock.size();
        for (const auto& job : e.jobs) {
            crc = crc32_combine(crc, job->crc, static_cast<z_off_t>(job->size));
            packed += job->output.size();
        }
        constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
        if (e.size >= kMax || packed >= kMax || out.size() >= kMax) Fail("over 4 GiB: zip64 is not written");
        const bool ascii = std::all_of(e.name.begin(), e.name.end(), [](char c) { return (c & 0x80) == 0; });
        const uint16_t flags = ascii ? 0 : kUtf8Name;
        const auto offset = static_cast<uint32_t>(out.size());
        const auto common = [&](std::string& s) {
            Put16(s, kVersionNeeded);
            Put16(s, flags);
            Put16(s, kDeflated);
            Put16(s, 0);  // time 00:00:00
            Put16(s, kDosDate1980);
            Put32(s, static_cast<uint32_t>(crc));
            Put32(s, static_cast<uint32_t>(packed));
            Put32(s, static_cast<uint32_t>(e.size));
            Put16(s, static_cast<uint32_t>(e.name.size()));
            Put16(s, 0);  // no extra field
        };
        Put32(out, 0x04034b50);
        common(out);
        out += e.name;
        for (auto& job : e.jobs) {
            out += job->output;
            job->output = std::string();
        }
        out += kFinalBlock;

        Put32(central, 0x02014b50);
        Put16(central, kVersionNeeded);  // made by: MS-DOS, version 2.0
        common(central);
        Put16(central, 0);  // comment
        Put16(central, 0);  // disk
        Put16(central, 0);  // internal attributes
        Put32(central, 0);  // external attributes
        Put32(central, offset);
        central += e.name;
    }
    const auto central_offset = static_cast<uint64_t>(out.size());
    if (central_offset + central.size() >= std::numeric_limits<uint32_t>::max()) Fail("over 4 GiB");
    out += central;
    Put32(out, 0x06054b50);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, static_cast<uint32_t>(entries_.size()));
    Put16(out, static_cast<uint32_t>(entries_.size()));
    Put32(out, static_cast<uint32_t>(central.size()));
    Put32(out, static_cast<uint32_t>(central_offset));
    Put16(out, 0);  // comment
    entries_.clear();
    return out;
}

}  // namespace zs::sheet
