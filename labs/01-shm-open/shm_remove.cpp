// shm_remove NAME: remove a POSIX shared memory object's name.
// Read handouts/01-shm-open.md first. Replace each TODO with your code.
#include <sys/mman.h>
#include <cstdio>

#include "ipclab/errors.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: remove NAME with shm_unlink; a missing NAME is exit 1 with a message.
    std::fprintf(stderr, "shm_remove: not implemented\n");
    return 1;
}
