// vm_resident FILE: print how many of FILE's pages are in memory, and how many it has.
// Read handouts/13-vm.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly one FILE, else exit 2).
    // TODO: open FILE, find its size with fstat; an empty file prints "0 0".
    // TODO: map it read-only, ask mincore about every page, count the entries with bit 0 set.
    // TODO: print "RESIDENT TOTAL\n".
    std::fprintf(stderr, "vm_resident: not implemented\n");
    return 1;
}
