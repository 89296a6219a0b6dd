// A zip archive written in memory with zlib, for the packages we produce (.xlsx, .docx): every entry
// deflated and dated 1980-01-01 00:00, no extra fields, so the same content gives the same bytes.
// Large entries are deflated in independent blocks on worker threads (as pigz does) while the
// caller goes on writing, which libzip cannot do: it compresses one entry at a time at close and
// takes no data deflated elsewhere. docs/adr/0002-own-xlsx-writer-for-large-sheets.md says why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zs::sheet {

class ZipWriter {
public:
    // zlib's level (1 fastest … 9 smallest). Blocks are cut at fixed sizes, never by timing, so the
    // bytes do not depend on the number of threads.
    explicit ZipWriter(int level);
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;
    ~ZipWriter();

    // A whole entry; `data` is read before Add returns. `first`: placed before the entries added so
    // far (readers look for [Content_Types].xml first).
    void Add(std::string_view name, std::string_view data, bool first = false);

    // An entry written in pieces: Begin, then append to Out() and call Written() now and then (a
    // full block is handed to a worker), then End. One streamed entry at a time; Add in between is
    // an error.
    void Begin(std::string_view name);
    std::string& Out() { return block_; }
    void Written() {
        if (block_.size() >= kBlockBytes) Seal();
    }
    void End();

    // The archive's bytes (the writer is spent). Throws std::runtime_error when zlib fails or the
    // archive would need zip64 (an entry or the archive over 4 GiB, more than 65,535 entries).
    std::string Finish();

    static constexpr std::size_t kBlockBytes = 4u << 20;

private:
    struct Job;
    struct Entry;
    class Pool;

    void Seal();
    void Submit(std::unique_ptr<Job> job);

    int level_;
    std::vector<Entry> entries_;
    bool streaming_ = false;
    std::string block_;
    std::unique_ptr<Pool> pool_;  // started with the first large block
};

}  // namespace zs::sheet
