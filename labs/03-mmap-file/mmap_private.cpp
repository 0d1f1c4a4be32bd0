// mmap_private FILE TEXT: overwrite the start of a private mapping of FILE with TEXT and print
// the whole mapping; the file itself never changes.
// Read handouts/03-mmap-file.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: FILE and TEXT (anything else is exit 2).
    // TODO: open FILE and fstat it; TEXT longer than the file (or an empty file) is exit 1.
    // TODO: map it MAP_PRIVATE and writable, copy TEXT over its first bytes (no NUL after it).
    // TODO: write the whole mapping to stdout.
    std::fprintf(stderr, "mmap_private: not implemented\n");
    return 1;
}
