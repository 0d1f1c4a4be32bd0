// bb_init NAME CAPACITY: create the shared memory object NAME holding an empty ring.
// Read handouts/07-semaphores.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

// TODO: set up the new object: size it to ring_bytes(CAPACITY), map it, set capacity, head and
// tail, and sem_init the three semaphores as process-shared, with the values ring.hpp gives.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse NAME CAPACITY (a decimal from 1 to kMaxCapacity; anything else is exit 2).
    // TODO: create NAME exclusively (O_EXCL, mode 0600): an existing NAME is exit 1; set it up, and
    // remove it again if that fails.
    std::fprintf(stderr, "bb_init: not implemented\n");
    return 1;
}
