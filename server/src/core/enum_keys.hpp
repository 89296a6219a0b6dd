// Enum ↔ key lookups over a constexpr table of (value, key) pairs: one way for every enum whose
// keys appear in JSON and the database.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace zs {

template <typename E, std::size_t N>
constexpr std::string_view KeyOf(const std::pair<E, std::string_view> (&table)[N], E value) {
    for (const auto& [v, key] : table) {
        if (v == value) return key;
    }
    return {};
}

template <typename E, std::size_t N>
constexpr std::optional<E> ValueOf(const std::pair<E, std::string_view> (&table)[N], std::string_view key) {
    for (const auto& [v, k] : table) {
        if (k == key) return v;
    }
    return std::nullopt;
}

}  // namespace zs
