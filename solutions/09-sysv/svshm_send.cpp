// svshm_send KEYFILE: copy all of stdin, one block at a time, into the segment made by
// svshm_init, handing each block to svshm_recv with the semaphores. An empty block ends it.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

// BEGIN SOLUTION: add DELTA to one semaphore of the set with semop, sleeping while it would go
// negative.
namespace {

// Adds DELTA to semaphore INDEX, sleeping in the kernel while that would make it negative.
bool sem_add(int semid, unsigned short index, short delta) {
    sembuf op{index, delta, 0};
    while (semop(semid, &op, 1) == -1)
        if (errno != EINTR) return false;
    return true;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly KEYFILE, else exit 2).
    constexpr const char* kProg = "svshm_send";
    constexpr unsigned short kEmpty = 0, kFull = 1;
    if (argc != 2) return ipclab::usage("svshm_send KEYFILE");
    // END SOLUTION
    // BEGIN SOLUTION: find the segment and the set made by svshm_init (without IPC_CREAT), shmat.
    key_t key = ftok(argv[1], kSegmentProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");
    int shmid = shmget(key, 0, 0);  // no IPC_CREAT: svshm_init makes and initialises them
    if (shmid == -1) return ipclab::fail(kProg, "shmget");
    int semid = semget(key, 0, 0);
    if (semid == -1) return ipclab::fail(kProg, "semget");
    void* addr = shmat(shmid, nullptr, 0);
    if (addr == reinterpret_cast<void*>(-1)) return ipclab::fail(kProg, "shmat");
    auto* shared = static_cast<Shared*>(addr);
    // END SOLUTION
    // BEGIN SOLUTION: loop: wait on the writer's semaphore, read up to kBlock bytes of stdin into
    // the block, store the length, post the reader's semaphore; a length of 0 ends it.

    int rc = 0;
    for (;;) {
        // Wait for the block to be free before touching it: the reader may still be copying it.
        if (!sem_add(semid, kEmpty, -1)) {
            rc = ipclab::fail(kProg, "semop");
            break;
        }
        ssize_t n;
        do
            n = read(STDIN_FILENO, shared->data, kBlock);
        while (n == -1 && errno == EINTR);
        if (n == -1) {
            rc = ipclab::fail(kProg, "read");
            n = 0;  // still send the end mark, so the reader does not wait forever
        }
        shared->length = static_cast<std::uint64_t>(n);
        if (!sem_add(semid, kFull, +1)) {
            rc = ipclab::fail(kProg, "semop");
            break;
        }
        if (n == 0) break;  // the empty block we just posted tells the reader we are done
    }
    // END SOLUTION
    // BEGIN SOLUTION: shmdt.
    if (shmdt(addr) == -1 && rc == 0) rc = ipclab::fail(kProg, "shmdt");
    return rc;
    // END SOLUTION (main)
}
