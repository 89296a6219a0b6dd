#include "core/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <unordered_set>

namespace zs {
namespace {

constexpr unsigned long long kPwhashOpsLimit = 2;
constexpr size_t kPwhashMemLimit = 19 * 1024 * 1024;
constexpr std::string_view kCommentPrefix = "#!comment:";

void EnsureSodium() {
    // Function-local static: initialised once, thread-safe.
    static const bool initialised = sodium_init() >= 0;
    if (!initialised) throw std::runtime_error("libsodium initialisation failed");
}

std::string ToHex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();  // the terminating NUL
    return hex;
}

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::unordered_set<std::string> LoadCommonPasswords() {
    std::unordered_set<std::string> words;
    std::ifstream in{std::string(kPasswordListPath)};
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.starts_with(kCommentPrefix)) continue;
        words.insert(AsciiLower(line));
    }
    return words;
}

}  // namespace

std::string HashPassword(std::string_view password) {
    EnsureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPwhashOpsLimit, kPwhashMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("password hashing failed (out of memory)");
    }
    return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
    EnsureSodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);  // libsodium wants a NUL-terminated string
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
    EnsureSodium();
    const std::string terminated(hash);
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), kPwhashOpsLimit, kPwhashMemLimit) != 0;
}

std::string RandomToken() {
    EnsureSodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return ToHex(bytes, sizeof bytes);
}

std::string HashToken(std::string_view token) {
    EnsureSodium();
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    return ToHex(digest, sizeof digest);
}

std::string Sha256Hex(std::string_view bytes) {
    EnsureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return ToHex(digest, sizeof digest);
}

bool IsCommonPassword(std::string_view password) {
    static const std::unordered_set<std::string> common = LoadCommonPasswords();
    return common.contains(AsciiLower(password));
}

}  // namespace zs
