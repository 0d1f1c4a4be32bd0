// bb_init NAME CAPACITY: create the shared memory object NAME holding an empty ring.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

// BEGIN SOLUTION: set up the new object: size it to ring_bytes(CAPACITY), map it, set capacity,
// head and tail, and sem_init the three semaphores as process-shared, with the values ring.hpp
// gives.
namespace {

constexpr const char* kProg = "bb_init";

// Sizes the new object and writes an empty ring into it.
int setup(int fd, std::uint64_t capacity) {
    const std::size_t size = ring_bytes(capacity);
    if (ftruncate(fd, static_cast<off_t>(size)) < 0) return ipclab::fail(kProg, "ftruncate");
    ipclab::Mapping map(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
    if (!map.valid()) return ipclab::fail(kProg, "mmap");

    auto* ring = reinterpret_cast<Ring*>(map.data());
    ring->capacity = capacity;
    ring->head = ring->tail = 0;
    // pshared = 1: other processes use these semaphores. With 0, glibc keeps the sleepers in a
    // per-process list, and a sem_post in one process never wakes a sem_wait in another.
    if (sem_init(&ring->free_slots, 1, static_cast<unsigned>(capacity)) < 0 ||
        sem_init(&ring->used_slots, 1, 0) < 0 || sem_init(&ring->mutex, 1, 1) < 0)
        return ipclab::fail(kProg, "sem_init");
    return 0;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse NAME CAPACITY (a decimal from 1 to kMaxCapacity; anything else is exit
    // 2).
    std::uint64_t capacity = 0;
    if (argc != 3 || !ipclab::parse_u64(argv[2], capacity, kMaxCapacity) || capacity == 0)
        return ipclab::usage("bb_init NAME CAPACITY (1 to 1048576)");
    // END SOLUTION
    // BEGIN SOLUTION: create NAME exclusively (O_EXCL, mode 0600): an existing NAME is exit 1; set
    // it up, and remove it again if that fails.

    // O_EXCL: initialising the semaphores of a ring that others already use would corrupt it.
    ipclab::Fd fd(shm_open(argv[1], O_CREAT | O_EXCL | O_RDWR, 0600));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    int status = setup(fd.get(), capacity);
    if (status != 0) shm_unlink(argv[1]);  // no half-made ring under NAME
    return status;
    // END SOLUTION (main)
}
