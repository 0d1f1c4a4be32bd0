// Large test data made, fed and checked a block at a time, never whole in memory. A suite that
// builds a 32 MiB input, the 32 MiB it expects back and a 32 MiB capture of the output touches
// 96 MiB of fresh memory, and fresh memory is what such a test costs most (the kernel clears
// every page before handing it over): more than the program under test spends on its work.
//
//   LongInput in(32 << 20, letters_every_third);
//   OutputCheck reply(in, upper_ascii);
//   auto r = run_student("us_client", {path},
//                        {.input_source = in.source(), .stdout_sink = reply.sink()});
//   expect_output(r, reply, hint);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "process.hpp"

namespace grade {

// Rewrites a block of bytes in place, keeping its length.
using Reshape = std::function<void(std::string&)>;

void upper_ascii(std::string& bytes);  // a-z to A-Z, every other byte kept
void upper_ascii_n(char* bytes, std::size_t n);
void letters_every_third(std::string& bytes);  // bytes 0, 3, 6... become a lower-case letter

// SIZE random bytes (binary, NULs included) from a seed drawn from rng() now, so a replayed
// test gets the same ones; SHAPE, when given, then rewrites each block.
class LongInput {
  public:
    static constexpr std::size_t kBlock = 1 << 20;

    explicit LongInput(std::size_t size, Reshape shape = {});
    std::size_t size() const { return size_; }
    // Fills OUT with block I (kBlock bytes, the last one shorter): the same bytes every time.
    void block(std::size_t i, std::string& out) const;
    // For Options::input_source: each call the next block, then "" once all were given.
    std::function<std::string_view()> source() const;
    // Writes every byte to a fresh file in the scratch directory and returns its path.
    std::string to_file() const;

  private:
    std::size_t size_;
    std::uint64_t seed_;
    Reshape shape_;
};

// Compares a program's stdout as it arrives (Options::stdout_sink) with what it should be:
// INPUT's bytes, each block rewritten by TRANSFORM. Must outlive the run it checks.
class OutputCheck {
  public:
    explicit OutputCheck(const LongInput& input, Reshape transform = {});
    OutputCheck(const OutputCheck&) = delete;
    OutputCheck& operator=(const OutputCheck&) = delete;

    std::function<void(std::string_view)> sink();
    std::size_t expected_size() const { return input_.size(); }
    // "" once exactly the expected bytes arrived; otherwise what differs, for a failure message
    // ("4096 bytes instead of 8192, first difference at byte 4000: expected ..., got ...").
    std::string difference() const;

  private:
    void take(std::string_view bytes);
    std::string expected_bytes(std::size_t from, std::size_t n) const;  // up to the end

    const LongInput& input_;
    Reshape transform_;
    std::size_t received_ = 0;
    std::size_t block_index_ = SIZE_MAX;  // which block of the expected output want_ holds
    std::string want_;
    bool differs_ = false;
    std::size_t first_difference_ = 0;
    std::string got_there_;  // the first few bytes that arrived from the first difference on
};

// Everything readable from FD, or from the file at PATH (nothing if it cannot be opened), handed
// to SINK a block at a time: output that went to a file, checked by an OutputCheck.
void feed(int fd, const std::function<void(std::string_view)>& sink);
void feed_file(const std::string& path, const std::function<void(std::string_view)>& sink);

// Exactly the bytes CHECK expected on stdout, and exit 0 (Options::stdout_sink was CHECK's).
void expect_output(const Result& r, const OutputCheck& check, std::string_view hint);

}  // namespace grade
