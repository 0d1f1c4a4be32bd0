// svshm_init KEYFILE: create the segment and the two-semaphore set of ftok(KEYFILE, 's') that
// svshm_send and svshm_recv share. Semaphore 0 counts empty blocks, semaphore 1 full ones.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly KEYFILE, else exit 2).
    constexpr const char* kProg = "svshm_init";
    if (argc != 2) return ipclab::usage("svshm_init KEYFILE");
    // END SOLUTION
    // BEGIN SOLUTION: shmget(ftok(KEYFILE, 's'), sizeof(Shared), IPC_CREAT | IPC_EXCL | 0600).
    key_t key = ftok(argv[1], kSegmentProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");

    // IPC_EXCL: leftovers of an earlier run would carry stale semaphore values.
    int shmid = shmget(key, sizeof(Shared), IPC_CREAT | IPC_EXCL | 0600);
    if (shmid == -1) return ipclab::fail(kProg, "shmget");
    // END SOLUTION
    // BEGIN SOLUTION: semget the same key for a set of 2 semaphores, exclusively, mode 0600
    // (failure: remove the segment).
    int semid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0600);
    if (semid == -1) {
        int rc = ipclab::fail(kProg, "semget");
        shmctl(shmid, IPC_RMID, nullptr);  // do not leave half a setup behind
        return rc;
    }
    // END SOLUTION
    // BEGIN SOLUTION: give them initial values with semctl(SETALL) so that the writer goes first.

    // semget leaves the values unspecified (POSIX): set them. One empty block, no full one,
    // so the writer goes first.
    unsigned short values[2] = {1, 0};
    semun arg{};
    arg.array = values;
    if (semctl(semid, 0, SETALL, arg) == -1) {
        int rc = ipclab::fail(kProg, "semctl SETALL");
        shmctl(shmid, IPC_RMID, nullptr);
        semctl(semid, 0, IPC_RMID);
        return rc;
    }
    return 0;
    // END SOLUTION (main)
}
