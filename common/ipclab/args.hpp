// Strict parsing of numeric command-line arguments.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <string_view>

namespace ipclab {

// Parses a plain decimal ("0", "4096"; not "", "-1", "+3", "12x", " 7") no larger than MAX.
// Returns false for anything else, including values that overflow.
inline bool parse_u64(std::string_view text, std::uint64_t& out,
                      std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
    if (text.empty() || text.front() < '0' || text.front() > '9') return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && out <= max;
}

}  // namespace ipclab
