// mmap_write FILE OFFSET TEXT: store TEXT at OFFSET in FILE through a shared mapping.
// Read handouts/03-mmap-file.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: FILE, OFFSET (a plain decimal) and TEXT (anything else is exit 2).
    // TODO: open or create FILE (mode 0644) for reading and writing, and fstat it.
    // TODO: if OFFSET + len(TEXT) passes the end, grow the file with ftruncate first.
    // TODO: map the file MAP_SHARED, copy TEXT to OFFSET, msync, and release the mapping and the
    // file.
    std::fprintf(stderr, "mmap_write: not implemented\n");
    return 1;
}
