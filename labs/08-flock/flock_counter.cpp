// flock_counter FILE N: N times, under an exclusive flock, add 1 to the decimal counter in FILE.
// Read handouts/08-flock.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

// TODO: flock, trying again after EINTR.

// TODO: read the whole file from offset 0.

// TODO: parse the counter: an empty file is 0, whitespace around the digits is ignored.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse FILE N (N a positive decimal; anything else is exit 2).
    // TODO: open FILE read-write, creating it with mode 0644 if it is missing.
    // TODO: N times: flock(LOCK_EX); read the whole file (empty = 0, whitespace around the digits
    // is ignored, anything else is exit 1); write back counter + 1 and '\n'; flock(LOCK_UN).
    std::fprintf(stderr, "flock_counter: not implemented\n");
    return 1;
}
