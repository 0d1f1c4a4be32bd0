// fcntl_hold FILE START LEN: hold an fcntl write lock on bytes [START, START+LEN) of FILE until
// stdin ends (LEN 0: up to the end of the file, however long it grows).
// Read handouts/08-flock.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse FILE START LEN (decimals; anything else is exit 2).
    // TODO: open FILE read-write, creating it with mode 0644 if it is missing.
    // TODO: fill a struct flock (F_WRLCK, SEEK_SET, START, LEN) and wait for the lock with
    // F_SETLKW.
    // TODO: print "locked", read stdin until it ends, exit 0. Never open and close FILE again
    // meanwhile.
    std::fprintf(stderr, "fcntl_hold: not implemented\n");
    return 1;
}
