// svshm_recv KEYFILE: copy the blocks svshm_send puts in the segment to stdout until the
// empty block that ends them, then remove the segment and the semaphore set.
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>

#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
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
    constexpr const char* kProg = "svshm_recv";
    constexpr unsigned short kEmpty = 0, kFull = 1;
    if (argc != 2) return ipclab::usage("svshm_recv KEYFILE");
    // END SOLUTION
    // BEGIN SOLUTION: find the segment and the set (without IPC_CREAT), shmat.
    key_t key = ftok(argv[1], kSegmentProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");
    int shmid = shmget(key, 0, 0);
    if (shmid == -1) return ipclab::fail(kProg, "shmget");
    int semid = semget(key, 0, 0);
    if (semid == -1) return ipclab::fail(kProg, "semget");
    void* addr = shmat(shmid, nullptr, SHM_RDONLY);
    if (addr == reinterpret_cast<void*>(-1)) return ipclab::fail(kProg, "shmat");
    const auto* shared = static_cast<const Shared*>(addr);
    // END SOLUTION
    // BEGIN SOLUTION: loop: wait on the reader's semaphore, check the length (never above kBlock),
    // stop at 0, write the bytes to stdout, post the writer's semaphore.

    int rc = 0;
    for (;;) {
        if (!sem_add(semid, kFull, -1)) {  // sleep until the writer has filled the block
            rc = ipclab::fail(kProg, "semop");
            break;
        }
        const std::uint64_t n = shared->length;
        if (n > kBlock) {  // the segment is writable by others: never trust a length
            rc = ipclab::fail_msg(kProg, "segment", "block length out of range");
            break;
        }
        if (n == 0) break;  // the end mark
        if (!ipclab::write_all(STDOUT_FILENO, shared->data, n)) {
            rc = ipclab::fail(kProg, "write");
            break;
        }
        if (!sem_add(semid, kEmpty, +1)) {  // hand the block back to the writer
            rc = ipclab::fail(kProg, "semop");
            break;
        }
    }
    // END SOLUTION
    // BEGIN SOLUTION: shmdt, then remove the segment and the set (IPC_RMID).
    if (shmdt(addr) == -1 && rc == 0) rc = ipclab::fail(kProg, "shmdt");
    // The transfer is over (or broken): remove both objects, which would otherwise outlive us.
    if (shmctl(shmid, IPC_RMID, nullptr) == -1 && rc == 0) rc = ipclab::fail(kProg, "shmctl");
    if (semctl(semid, 0, IPC_RMID) == -1 && rc == 0) rc = ipclab::fail(kProg, "semctl");
    return rc;
    // END SOLUTION (main)
}
