// shm_create NAME SIZE: create a new POSIX shared memory object of SIZE bytes, mode 0600.
// Read handouts/01-shm-open.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <limits>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: exactly two, SIZE a plain decimal that fits an off_t (else exit
    // 2).
    // TODO: create NAME exclusively with shm_open (an existing NAME must be an error).
    // TODO: give it SIZE bytes with ftruncate; report failures with ipclab::fail.
    std::fprintf(stderr, "shm_create: not implemented\n");
    return 1;
}
