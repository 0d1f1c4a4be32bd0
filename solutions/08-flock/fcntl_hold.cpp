// fcntl_hold FILE START LEN: hold an fcntl write lock on bytes [START, START+LEN) of FILE until
// stdin ends (LEN 0: up to the end of the file, however long it grows).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse FILE START LEN (decimals; anything else is exit 2).
    constexpr const char* kProg = "fcntl_hold";
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<off_t>::max());
    std::uint64_t start = 0, len = 0;
    if (argc != 4 || !ipclab::parse_u64(argv[2], start, kMax) ||
        !ipclab::parse_u64(argv[3], len, kMax - start))
        return ipclab::usage("fcntl_hold FILE START LEN");
    // END SOLUTION
    // BEGIN SOLUTION: open FILE read-write, creating it with mode 0644 if it is missing.

    // A write lock needs a descriptor open for writing.
    ipclab::Fd fd(open(argv[1], O_RDWR | O_CREAT, 0644));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    // END SOLUTION
    // BEGIN SOLUTION: fill a struct flock (F_WRLCK, SEEK_SET, START, LEN) and wait for the lock
    // with F_SETLKW.
    struct flock range {};
    range.l_type = F_WRLCK;
    range.l_whence = SEEK_SET;
    range.l_start = static_cast<off_t>(start);
    range.l_len = static_cast<off_t>(len);
    // F_SETLKW sleeps until no other process holds an overlapping lock.
    while (fcntl(fd.get(), F_SETLKW, &range) < 0)
        if (errno != EINTR) return ipclab::fail(kProg, "fcntl(F_SETLKW)");
    // END SOLUTION
    // BEGIN SOLUTION: print "locked", read stdin until it ends, exit 0. Never open and close FILE
    // again meanwhile.
    if (!ipclab::write_all(STDOUT_FILENO, "locked\n", 7)) return ipclab::fail(kProg, "write");

    // fcntl locks belong to the process: closing ANY descriptor of this file would drop them,
    // so nothing here opens FILE again. They go when we exit.
    char buf[4096];
    for (ssize_t n; (n = read(STDIN_FILENO, buf, sizeof buf)) != 0;)
        if (n < 0 && errno != EINTR) return ipclab::fail(kProg, "read");
    return 0;
    // END SOLUTION (main)
}
