// flock_counter FILE N: N times, under an exclusive flock, add 1 to the decimal counter in FILE.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

// BEGIN SOLUTION: flock, trying again after EINTR.
namespace {

constexpr const char* kProg = "flock_counter";

// Retries on EINTR: a signal handler interrupting the wait is not a failure to lock.
bool lock(int fd, int operation) {
    while (flock(fd, operation) < 0)
        if (errno != EINTR) return false;
    return true;
}
// END SOLUTION

// BEGIN SOLUTION: read the whole file from offset 0.

// Reads the whole file from offset 0 (the descriptor's offset is left alone).
bool read_file(int fd, std::string& text) {
    text.clear();
    char buf[256];
    for (;;) {
        ssize_t n = pread(fd, buf, sizeof buf, static_cast<off_t>(text.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        text.append(buf, static_cast<std::size_t>(n));
    }
}
// END SOLUTION

// BEGIN SOLUTION: parse the counter: an empty file is 0, whitespace around the digits is ignored.

// The counter in TEXT: an empty file is 0; whitespace around the digits does not count.
bool parse_counter(std::string_view text, std::uint64_t& value) {
    const char* space = " \t\n\r\v\f";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) {
        value = 0;
        return true;
    }
    text = text.substr(first, text.find_last_not_of(space) + 1 - first);
    return ipclab::parse_u64(text, value, UINT64_MAX - 1);
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse FILE N (N a positive decimal; anything else is exit 2).
    std::uint64_t n = 0;
    if (argc != 3 || !ipclab::parse_u64(argv[2], n) || n == 0)
        return ipclab::usage("flock_counter FILE N");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE read-write, creating it with mode 0644 if it is missing.

    ipclab::Fd fd(open(argv[1], O_RDWR | O_CREAT, 0644));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    // END SOLUTION
    // BEGIN SOLUTION: N times: flock(LOCK_EX); read the whole file (empty = 0, whitespace around
    // the digits is ignored, anything else is exit 1); write back counter + 1 and '\n';
    // flock(LOCK_UN).
    std::string text;
    for (std::uint64_t i = 0; i < n; ++i) {
        // The lock must cover the read as well as the write: a value read before locking may
        // already be stale when it is written back, and that increment is lost.
        if (!lock(fd.get(), LOCK_EX)) return ipclab::fail(kProg, "flock");
        std::uint64_t counter = 0;
        if (!read_file(fd.get(), text)) return ipclab::fail(kProg, "read");
        if (!parse_counter(text, counter))
            return ipclab::fail_msg(kProg, argv[1], "does not hold a decimal counter");
        const std::string next = std::to_string(counter + 1) + "\n";
        // Truncate first: the new text may be shorter than what was there (" 41  \n" -> "42\n").
        if (ftruncate(fd.get(), 0) < 0) return ipclab::fail(kProg, "ftruncate");
        if (pwrite(fd.get(), next.data(), next.size(), 0) != static_cast<ssize_t>(next.size()))
            return ipclab::fail(kProg, "write");
        if (!lock(fd.get(), LOCK_UN)) return ipclab::fail(kProg, "flock");
    }
    return 0;
    // END SOLUTION (main)
}
