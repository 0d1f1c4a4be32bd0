// fcntl_who FILE START LEN: print the pid of a process whose lock would stop a write lock on
// bytes [START, START+LEN) of FILE, or "unlocked".
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse FILE START LEN (decimals; anything else is exit 2).
    constexpr const char* kProg = "fcntl_who";
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<off_t>::max());
    std::uint64_t start = 0, len = 0;
    if (argc != 4 || !ipclab::parse_u64(argv[2], start, kMax) ||
        !ipclab::parse_u64(argv[3], len, kMax - start))
        return ipclab::usage("fcntl_who FILE START LEN");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE read-only (a missing FILE is exit 1).

    ipclab::Fd fd(open(argv[1], O_RDONLY));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    // END SOLUTION
    // BEGIN SOLUTION: ask F_GETLK about a write lock on the range; print l_pid, or "unlocked" if
    // l_type is F_UNLCK.

    // Ask about a write lock: it conflicts with every other lock, read locks included. F_GETLK
    // only asks, so a read-only descriptor is enough.
    struct flock range {};
    range.l_type = F_WRLCK;
    range.l_whence = SEEK_SET;
    range.l_start = static_cast<off_t>(start);
    range.l_len = static_cast<off_t>(len);
    if (fcntl(fd.get(), F_GETLK, &range) < 0) return ipclab::fail(kProg, "fcntl(F_GETLK)");
    if (range.l_type == F_UNLCK)
        std::printf("unlocked\n");
    else
        std::printf("%ld\n", static_cast<long>(range.l_pid));
    if (std::fflush(stdout) != 0) return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
