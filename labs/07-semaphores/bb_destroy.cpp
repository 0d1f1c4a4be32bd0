// bb_destroy NAME: destroy the ring's semaphores and remove NAME.
// Read handouts/07-semaphores.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse NAME (anything else is exit 2).
    // TODO: open and map NAME, sem_destroy its three semaphores.
    // TODO: unmap, close, and remove NAME with shm_unlink.
    std::fprintf(stderr, "bb_destroy: not implemented\n");
    return 1;
}
