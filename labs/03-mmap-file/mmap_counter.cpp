// mmap_counter PROCS N: PROCS children each add 1 to a shared counter N times; print the total.
// Read handouts/03-mmap-file.md first. Replace each TODO with your code.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse PROCS and N (plain decimals; anything else is exit 2).
    // TODO: put a 64-bit counter in a shared anonymous mapping (MAP_SHARED | MAP_ANONYMOUS).
    // TODO: fork PROCS children; each adds 1 N times atomically (std::atomic_ref) and _exits.
    // TODO: wait for every child, then print the counter and a newline.
    std::fprintf(stderr, "mmap_counter: not implemented\n");
    return 1;
}
