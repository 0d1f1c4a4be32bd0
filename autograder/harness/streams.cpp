#include "streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "check.hpp"
#include "fixtures.hpp"

namespace grade {
namespace {

constexpr std::uint64_t kGamma = 0x9e3779b97f4a7c15;  // one step of fill_random's generator
constexpr std::size_t kShown = 16;                    // bytes shown each side of a difference

}  // namespace

void upper_ascii_n(char* bytes, std::size_t n) {
    // Without a branch, and 64 bytes at a time, so that the compiler makes vector code of it:
    // a branch per random byte is mispredicted half the time (30 times slower on 32 MiB).
    auto* p = reinterpret_cast<unsigned char*>(bytes);
    auto flip = [](unsigned char c) {
        return static_cast<unsigned char>(c ^ (static_cast<unsigned char>(c - 'a') < 26) << 5);
    };
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64)
        for (std::size_t k = 0; k < 64; ++k)
            p[i + k] = flip(p[i + k]);
    for (; i < n; ++i)
        p[i] = flip(p[i]);
}

void upper_ascii(std::string& bytes) {
    upper_ascii_n(bytes.data(), bytes.size());
}

void letters_every_third(std::string& bytes) {
    for (std::size_t i = 0; i < bytes.size(); i += 3)  // a letter chosen by the random byte
        bytes[i] = static_cast<char>('a' + static_cast<unsigned char>(bytes[i]) * 26 / 256);
}

LongInput::LongInput(std::size_t size, Reshape shape)
    : size_(size), seed_(rng()()), shape_(std::move(shape)) {}

void LongInput::block(std::size_t i, std::string& out) const {
    const std::size_t start = std::min(i * kBlock, size_);
    out.resize(std::min(kBlock, size_ - start));
    // Block I starts where block I - 1's draws end: the whole input is one sequence.
    fill_random(out.data(), out.size(), seed_ + i * (kBlock / 8) * kGamma);
    if (shape_) shape_(out);
}

std::function<std::string_view()> LongInput::source() const {
    auto buffer = std::make_shared<std::string>();
    return [this, buffer, next = std::size_t{0}]() mutable -> std::string_view {
        if (next * kBlock >= size_) return {};
        block(next++, *buffer);
        return *buffer;
    };
}

std::string LongInput::to_file() const {
    const std::string path = fresh_path("input");
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("grader could not create " + path);
    std::string buffer;
    for (std::size_t i = 0; i * kBlock < size_; ++i) {
        block(i, buffer);
        for (std::size_t done = 0; done < buffer.size();) {
            ssize_t n = write(fd, buffer.data() + done, buffer.size() - done);
            if (n <= 0) {
                close(fd);
                throw std::runtime_error("grader could not write " + path);
            }
            done += static_cast<std::size_t>(n);
        }
    }
    close(fd);
    return path;
}

OutputCheck::OutputCheck(const LongInput& input, Reshape transform)
    : input_(input), transform_(std::move(transform)) {}

std::function<void(std::string_view)> OutputCheck::sink() {
    return [this](std::string_view bytes) { take(bytes); };
}

void OutputCheck::take(std::string_view bytes) {
    while (!bytes.empty() && !differs_) {
        if (received_ >= input_.size()) {  // more than expected
            differs_ = true;
            first_difference_ = received_;
            break;
        }
        if (block_index_ != received_ / LongInput::kBlock) {
            block_index_ = received_ / LongInput::kBlock;
            input_.block(block_index_, want_);
            if (transform_) transform_(want_);
        }
        const std::size_t offset = received_ % LongInput::kBlock;
        const std::size_t n = std::min(bytes.size(), want_.size() - offset);
        std::size_t same = n;
        if (std::memcmp(want_.data() + offset, bytes.data(), n) != 0) {  // rare: find where
            same = 0;
            while (want_[offset + same] == bytes[same])
                ++same;
            differs_ = true;
            first_difference_ = received_ + same;
        }
        received_ += same;
        bytes.remove_prefix(same);
    }
    // Past the first difference only the count and the first few bytes matter.
    if (got_there_.size() < kShown) got_there_.append(bytes.substr(0, kShown - got_there_.size()));
    received_ += bytes.size();
}

std::string OutputCheck::expected_bytes(std::size_t from, std::size_t n) const {
    std::string bytes, block;
    const std::size_t end = std::min(from + n, input_.size());
    for (std::size_t at = from; at < end; at = from + bytes.size()) {
        input_.block(at / LongInput::kBlock, block);
        if (transform_) transform_(block);
        bytes += block.substr(at % LongInput::kBlock, end - at);
    }
    return bytes;
}

std::string OutputCheck::difference() const {
    if (!differs_ && received_ == input_.size()) return "";
    std::string sizes =
        received_ == input_.size()
            ? std::to_string(received_) + " bytes"
            : std::to_string(received_) + " bytes instead of " + std::to_string(input_.size());
    // All bytes right but too few: the difference is where they end.
    const std::size_t at = differs_ ? first_difference_ : received_;
    const std::size_t from = at > kShown ? at - kShown : 0;
    const std::string want = expected_bytes(from, 2 * kShown);
    // Up to AT what arrived was what was expected.
    const std::string got = want.substr(0, at - from) + got_there_;
    return sizes + ", first difference at byte " + std::to_string(at) + ": expected " +
           show_around(want, at - from) + ", got " + show_around(got, at - from);
}

void feed(int fd, const std::function<void(std::string_view)>& sink) {
    char buf[65536];  // on the stack: most outputs are small, and a MiB of fresh memory is not
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        sink(std::string_view(buf, static_cast<std::size_t>(n)));
}

void feed_file(const std::string& path, const std::function<void(std::string_view)>& sink) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    feed(fd, sink);
    close(fd);
}

void expect_output(const Result& r, const OutputCheck& check, std::string_view hint) {
    expect_exit(r, 0, hint);
    const std::string difference = check.difference();
    expect(difference.empty(),
           "exactly the " + std::to_string(check.expected_size()) + " bytes expected on stdout",
           "stdout of " + difference, hint);
}

}  // namespace grade
