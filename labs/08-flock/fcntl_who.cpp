// fcntl_who FILE START LEN: print the pid of a process whose lock would stop a write lock on
// bytes [START, START+LEN) of FILE, or "unlocked".
// Read handouts/08-flock.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse FILE START LEN (decimals; anything else is exit 2).
    // TODO: open FILE read-only (a missing FILE is exit 1).
    // TODO: ask F_GETLK about a write lock on the range; print l_pid, or "unlocked" if l_type is
    // F_UNLCK.
    std::fprintf(stderr, "fcntl_who: not implemented\n");
    return 1;
}
