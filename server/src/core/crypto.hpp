// Password hashing, session tokens and digests (libsodium), and the common-password check.
#pragma once

#include <string>
#include <string_view>

namespace zs {

// The Openwall list shipped by Debian's john-data package.
inline constexpr std::string_view kPasswordListPath = "/usr/share/john/password.lst";

// argon2id (opslimit 2, memlimit 19 MiB), as a self-describing "$argon2id$…" string.
std::string HashPassword(std::string_view password);
// False on a wrong password and on a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when `hash` was made with other parameters than HashPassword uses now.
bool PasswordNeedsRehash(std::string_view hash);

// 32 random bytes as 64 lowercase hex characters (a session cookie value).
std::string RandomToken();
// BLAKE2b-256 of the token, hex: what the database stores instead of the token.
std::string HashToken(std::string_view token);
// SHA-256, hex (evidence files).
std::string Sha256Hex(std::string_view bytes);

// Whether the password is on kPasswordListPath (case-insensitive); false when the list is missing.
bool IsCommonPassword(std::string_view password);

}  // namespace zs
