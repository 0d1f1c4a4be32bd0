// svshm_send KEYFILE: copy all of stdin, one block at a time, into the segment made by
// svshm_init, handing each block to svshm_recv with the semaphores. An empty block ends it.
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

// TODO: add DELTA to one semaphore of the set with semop, sleeping while it would go negative.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly KEYFILE, else exit 2).
    // TODO: find the segment and the set made by svshm_init (without IPC_CREAT), shmat.
    // TODO: loop: wait on the writer's semaphore, read up to kBlock bytes of stdin into the block,
    // store the length, post the reader's semaphore; a length of 0 ends it.
    // TODO: shmdt.
    std::fprintf(stderr, "svshm_send: not implemented\n");
    return 1;
}
