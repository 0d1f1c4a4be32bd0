// mmap_cat FILE: print FILE's bytes through a read-only mapping instead of read().
// Read handouts/03-mmap-file.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: exactly one FILE (anything else is exit 2).
    // TODO: open FILE read-only and fstat it; a directory (not S_ISREG) is exit 1 with a message.
    // TODO: an empty file prints nothing and succeeds (mmap refuses a length of 0).
    // TODO: map the whole file with PROT_READ and write the mapping's bytes to stdout.
    std::fprintf(stderr, "mmap_cat: not implemented\n");
    return 1;
}
