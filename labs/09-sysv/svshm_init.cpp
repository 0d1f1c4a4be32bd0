// svshm_init KEYFILE: create the segment and the two-semaphore set of ftok(KEYFILE, 's') that
// svshm_send and svshm_recv share. Semaphore 0 counts empty blocks, semaphore 1 full ones.
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly KEYFILE, else exit 2).
    // TODO: shmget(ftok(KEYFILE, 's'), sizeof(Shared), IPC_CREAT | IPC_EXCL | 0600).
    // TODO: semget the same key for a set of 2 semaphores, exclusively, mode 0600 (failure: remove
    // the segment).
    // TODO: give them initial values with semctl(SETALL) so that the writer goes first.
    std::fprintf(stderr, "svshm_init: not implemented\n");
    return 1;
}
