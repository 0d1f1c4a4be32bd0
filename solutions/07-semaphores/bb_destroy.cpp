// bb_destroy NAME: destroy the ring's semaphores and remove NAME.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse NAME (anything else is exit 2).
    constexpr const char* kProg = "bb_destroy";
    if (argc != 2) return ipclab::usage("bb_destroy NAME");
    // END SOLUTION
    // BEGIN SOLUTION: open and map NAME, sem_destroy its three semaphores.

    ipclab::Fd fd(shm_open(argv[1], O_RDWR, 0));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    if (static_cast<std::size_t>(st.st_size) < sizeof(Ring))
        return ipclab::fail_msg(kProg, argv[1], "not a ring");
    {
        ipclab::Mapping map(sizeof(Ring), PROT_READ | PROT_WRITE, MAP_SHARED, fd.get());
        if (!map.valid()) return ipclab::fail(kProg, "mmap");
        // Destroying a semaphore that a process still sleeps on is undefined: the caller makes
        // sure every producer and consumer has finished.
        auto* ring = reinterpret_cast<Ring*>(map.data());
        if (sem_destroy(&ring->free_slots) < 0 || sem_destroy(&ring->used_slots) < 0 ||
            sem_destroy(&ring->mutex) < 0)
            return ipclab::fail(kProg, "sem_destroy");
    }
    // END SOLUTION
    // BEGIN SOLUTION: unmap, close, and remove NAME with shm_unlink.
    if (shm_unlink(argv[1]) < 0) return ipclab::fail(kProg, "shm_unlink");
    return 0;
    // END SOLUTION (main)
}
