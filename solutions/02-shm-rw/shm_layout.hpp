// The layout both programs agree on: an 8-byte length L, then L payload bytes.
#pragma once

#include <cstddef>
#include <cstdint>

constexpr std::size_t kHeader = sizeof(std::uint64_t);
