// shm_remove NAME: remove a POSIX shared memory object's name.
#include <sys/mman.h>

#include "ipclab/errors.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: remove NAME with shm_unlink; a missing NAME is exit 1 with a message.
    if (argc != 2) return ipclab::usage("shm_remove NAME");
    // Like unlink() for files: the name goes at once, the memory when the last process
    // that has it open or mapped lets go of it.
    if (shm_unlink(argv[1]) < 0) return ipclab::fail("shm_remove", "shm_unlink");
    return 0;
    // END SOLUTION (main)
}
