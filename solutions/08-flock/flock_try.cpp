// flock_try FILE: take FILE's exclusive flock without waiting and hold it until stdin ends, or
// say that someone else holds it.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse FILE (anything else is exit 2); open it, creating it with mode 0644 if
    // it is missing.
    constexpr const char* kProg = "flock_try";
    if (argc != 2) return ipclab::usage("flock_try FILE");

    ipclab::Fd fd(open(argv[1], O_RDWR | O_CREAT, 0644));
    if (!fd.valid()) return ipclab::fail(kProg, "open");
    // END SOLUTION
    // BEGIN SOLUTION: flock(LOCK_EX | LOCK_NB): if another process holds the lock, print "busy" and
    // exit 3.

    // LOCK_NB turns "wait for the holder" into the error EWOULDBLOCK.
    int rc;
    while ((rc = flock(fd.get(), LOCK_EX | LOCK_NB)) < 0 && errno == EINTR) {
    }
    if (rc < 0 && errno == EWOULDBLOCK) {
        if (!ipclab::write_all(STDOUT_FILENO, "busy\n", 5)) return ipclab::fail(kProg, "write");
        return 3;
    }
    if (rc < 0) return ipclab::fail(kProg, "flock");
    // END SOLUTION
    // BEGIN SOLUTION: otherwise print "locked", read stdin until it ends, exit 0.
    if (!ipclab::write_all(STDOUT_FILENO, "locked\n", 7)) return ipclab::fail(kProg, "write");

    // Hold the lock until stdin ends; it goes when the descriptor is closed (or we die).
    char buf[4096];
    for (ssize_t n; (n = read(STDIN_FILENO, buf, sizeof buf)) != 0;)
        if (n < 0 && errno != EINTR) return ipclab::fail(kProg, "read");
    return 0;
    // END SOLUTION (main)
}
