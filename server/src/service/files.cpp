// Use cases: evidence files (stored under the data folder by generated name) and project
// deletion, which removes a project's files with it.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>

#include "core/crypto.hpp"
#include "service/app.hpp"
#include "service/body.hpp"
#include "service/internal.hpp"

namespace zs {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

struct AllowedType {
    std::string_view content_type;
    std::string_view extension;
};
constexpr AllowedType kAllowedTypes[] = {
    {"application/pdf", "pdf"},
    {"image/jpeg", "jpg"},
    {"image/png", "png"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
};

bool StartsWith(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The bytes must be what the declared type says (magic numbers; for OOXML the package part).
bool ContentMatches(std::string_view ext, const std::string& bytes) {
    if (ext == "pdf") return StartsWith(bytes, "%PDF-");
    if (ext == "jpg") return StartsWith(bytes, "\xFF\xD8\xFF");
    if (ext == "png") return StartsWith(bytes, "\x89PNG\r\n\x1A\n");
    if (!StartsWith(bytes, std::string_view("PK\x03\x04", 4))) return false;
    return bytes.find(ext == "docx" ? "word/" : "xl/") != std::string::npos;
}

// The client's name is only a label: its last path component, without control characters.
// Empty when nothing usable is left.
std::string CleanLabel(std::string name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    std::string out;
    for (unsigned char c : name) {
        if (c >= 0x20 && c != 0x7F) out.push_back(static_cast<char>(c));
    }
    if (out == "." || out == "..") out.clear();
    if (out.size() > 200) out.resize(200);
    return out;
}

void FsyncPath(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void RemoveQuietly(const fs::path& p) {
    std::error_code ec;
    fs::remove(p, ec);
    if (ec) spdlog::warn("could not remove {}: {}", p.string(), ec.message());
}

}  // namespace

json::object App::ListFiles(const Actor& a, int64_t project_id) {
    auto tx = store_.BeginRead();
    LoadProject(*tx, a, project_id, false, Date::Today());
    json::array items;
    for (const auto& f : tx->ListFiles(project_id)) items.push_back(FileJson(f));
    auto n = static_cast<int64_t>(items.size());
    return ListJson(std::move(items), n);
}

json::object App::UploadFile(const Actor& a, int64_t project_id, const Query& q, const std::string& content_type,
                             const std::string& bytes) {
    auto node = ParseNode(QueryString(q, "node"));
    if (!node) throw ApiError(ErrorCode::kUnprocessable, "节点无效", "node");
    std::string kind = QueryString(q, "kind");
    if (!FindEvidenceKind(kind)) throw ApiError(ErrorCode::kUnprocessable, "材料类型无效", "kind");
    const AllowedType* type = nullptr;
    for (const auto& t : kAllowedTypes) {
        if (t.content_type == content_type) type = &t;
    }
    if (type == nullptr) {
        throw ApiError(ErrorCode::kUnprocessable, "只接受 PDF、JPG、PNG、DOCX、XLSX 文件", "content_type");
    }
    std::string label = CleanLabel(QueryString(q, "name"));
    if (label.empty()) throw ApiError(ErrorCode::kUnprocessable, "请提供文件名", "name");
    if (static_cast<int64_t>(bytes.size()) > config_.max_upload_bytes) {
        throw ApiError(ErrorCode::kTooLarge, "文件超过大小限制", "file");
    }
    if (bytes.empty()) throw ApiError(ErrorCode::kUnprocessable, "文件为空", "file");
    if (!ContentMatches(type->extension, bytes)) {
        throw ApiError(ErrorCode::kUnprocessable, "文件内容与声明的类型不符", "file");
    }

    {  // Visibility and permission before touching the disk.
        auto tx = store_.BeginRead();
        LoadProject(*tx, a, project_id, true, Date::Today());
    }

    EvidenceFile f;
    f.project_id = project_id;
    f.node = *node;
    f.kind = kind;
    f.name = label;
    f.content_type = std::string(type->content_type);
    f.size = static_cast<int64_t>(bytes.size());
    f.sha256 = Sha256Hex(bytes);
    f.uploaded_by = a.user_id;
    f.uploaded_at = NowUnix();
    f.storage_name = std::to_string(LocalDateOfUnix(f.uploaded_at).year()) + "/" + RandomToken() + "." +
                     std::string(type->extension);

    fs::path dir = config_.data_dir / "files" / std::to_string(LocalDateOfUnix(f.uploaded_at).year());
    fs::create_directories(dir);
    fs::path final_path = config_.data_dir / "files" / f.storage_name;
    fs::path tmp_path = final_path;
    tmp_path += ".part";
    {
        std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            RemoveQuietly(tmp_path);
            throw std::runtime_error("could not write evidence file");
        }
    }
    FsyncPath(tmp_path, O_RDONLY);
    fs::rename(tmp_path, final_path);
    FsyncPath(dir, O_RDONLY | O_DIRECTORY);

    try {
        auto tx = store_.BeginWrite();
        LoadProject(*tx, a, project_id, true, Date::Today());
        f.id = tx->InsertFile(f);
        json::object out = FileJson(f);
        Audit(*tx, a, "file", f.id, project_id, "create", nullptr, out);
        tx->Commit();
        return out;
    } catch (...) {
        RemoveQuietly(final_path);  // nothing refers to it
        throw;
    }
}

FileDownload App::DownloadFile(const Actor& a, int64_t project_id, int64_t file_id) {
    auto tx = store_.BeginRead();
    LoadProject(*tx, a, project_id, false, Date::Today());
    auto f = tx->GetFile(file_id);
    if (!f || f->project_id != project_id) throw ApiError(ErrorCode::kNotFound, "文件不存在");
    return FileDownload{config_.data_dir / "files" / f->storage_name, f->content_type, f->name, f->size};
}

void App::DeleteFile(const Actor& a, int64_t project_id, int64_t file_id) {
    EvidenceFile f;
    {
        auto tx = store_.BeginWrite();
        LoadProject(*tx, a, project_id, true, Date::Today());
        auto found = tx->GetFile(file_id);
        if (!found || found->project_id != project_id) throw ApiError(ErrorCode::kNotFound, "文件不存在");
        f = *found;
        tx->DeleteFile(file_id);
        Audit(*tx, a, "file", file_id, project_id, "delete", FileJson(f), nullptr);
        tx->Commit();
    }
    RemoveQuietly(config_.data_dir / "files" / f.storage_name);
}

void App::DeleteProject(const Actor& a, int64_t id) {
    std::vector<EvidenceFile> files;
    {
        auto tx = store_.BeginWrite();
        ViewContext ctx = LoadViewContext(*tx);
        Project p = LoadProject(*tx, a, id, true, ctx.today);
        files = tx->ListFiles(id);
        json::object before = ProjectJson(p, ctx, true);
        tx->DeleteProject(id);
        Audit(*tx, a, "project", id, id, "delete", before, nullptr);
        tx->Commit();
    }
    for (const auto& f : files) RemoveQuietly(config_.data_dir / "files" / f.storage_name);
}

}  // namespace zs
