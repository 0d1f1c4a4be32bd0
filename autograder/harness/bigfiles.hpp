// Large test data kept in files rather than in memory: a suite that builds a 64 MiB string, and
// then captures 64 MiB of output into another one, spends seconds in page faults and copies.
// Write the data straight to a file, let the program's stdout go to a file
// (Options::stdout_file), and compare the two files a block at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace grade {

// Writes SIZE random bytes (binary, NULs included) to a fresh file and returns its path. When
// EXPECTED is given, each block also goes through TRANSFORM into a second fresh file whose path
// is stored in *EXPECTED: what a program that transforms its input should produce.
std::string random_file(std::size_t size, const std::function<void(std::string&)>& transform = {},
                        std::string* expected = nullptr);

// "" when the files hold the same bytes; otherwise what differs, for a failure message
// ("4096 bytes instead of 8192, first difference at byte 4000").
std::string compare_files(const std::string& got, const std::string& want);

}  // namespace grade
