// shm_read [-u] NAME: write the payload stored in NAME to stdout; -u removes NAME afterwards.
// Read handouts/02-shm-rw.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"
#include "shm_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse [-u] NAME (anything else is exit 2).
    // TODO: open NAME read-only, check its size with fstat before trusting the header.
    // TODO: map it, check the length against the size, write exactly the payload to stdout.
    // TODO: with -u, remove NAME afterwards.
    std::fprintf(stderr, "shm_read: not implemented\n");
    return 1;
}
