// svshm_recv KEYFILE: copy the blocks svshm_send puts in the segment to stdout until the
// empty block that ends them, then remove the segment and the semaphore set.
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "sysv_layout.hpp"

// TODO: add DELTA to one semaphore of the set with semop, sleeping while it would go negative.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly KEYFILE, else exit 2).
    // TODO: find the segment and the set (without IPC_CREAT), shmat.
    // TODO: loop: wait on the reader's semaphore, check the length (never above kBlock), stop at 0,
    // write the bytes to stdout, post the writer's semaphore.
    // TODO: shmdt, then remove the segment and the set (IPC_RMID).
    std::fprintf(stderr, "svshm_recv: not implemented\n");
    return 1;
}
