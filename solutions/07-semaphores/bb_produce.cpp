// bb_produce NAME ID COUNT: put the COUNT items ID << 32 | i (i = 0..COUNT-1) into the ring NAME.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

// BEGIN SOLUTION: a SIGUSR1 handler that only counts (in a volatile sig_atomic_t).
namespace {

constexpr const char* kProg = "bb_produce";

volatile sig_atomic_t interruptions = 0;
void count_signal(int) {
    interruptions = interruptions + 1;
}
// END SOLUTION

// BEGIN SOLUTION: a sem_wait that fails with EINTR was interrupted by the handler: wait again.

// sem_wait returns -1 with EINTR when a signal handler ran while it slept: nothing was taken,
// so wait again. Any other error is real.
bool wait_on(sem_t* sem) {
    while (sem_wait(sem) < 0)
        if (errno != EINTR) return false;
    return true;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse NAME ID COUNT (anything else is exit 2).
    std::uint64_t id = 0, count = 0;
    if (argc != 4 || !ipclab::parse_u64(argv[2], id, UINT32_MAX) ||
        !ipclab::parse_u64(argv[3], count, UINT32_MAX))
        return ipclab::usage("bb_produce NAME ID COUNT");
    // END SOLUTION
    // BEGIN SOLUTION: install the SIGUSR1 handler without SA_RESTART (sigaction).

    // No SA_RESTART: a SIGUSR1 makes a sleeping sem_wait return EINTR, which we must handle.
    struct sigaction sa {};
    sa.sa_handler = count_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, nullptr) < 0) return ipclab::fail(kProg, "sigaction");
    // END SOLUTION
    // BEGIN SOLUTION: open and map NAME; check that its size holds the ring it claims to be.

    ipclab::Fd fd(shm_open(argv[1], O_RDWR, 0));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    struct stat st {};
    if (fstat(fd.get(), &st) < 0) return ipclab::fail(kProg, "fstat");
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < sizeof(Ring)) return ipclab::fail_msg(kProg, argv[1], "not a ring");
    ipclab::Mapping map(size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    auto* ring = reinterpret_cast<Ring*>(map.data());
    const std::uint64_t capacity = ring->capacity;
    if (capacity == 0 || capacity > kMaxCapacity || ring_bytes(capacity) > size)
        return ipclab::fail_msg(kProg, argv[1], "not a ring");
    // END SOLUTION
    // BEGIN SOLUTION: for each item: wait for a free slot, then for the mutex; store the item at
    // tail and advance tail modulo capacity; post the mutex, then a used slot.

    for (std::uint64_t i = 0; i < count; ++i) {
        // Wait for an empty slot first, then for the mutex: the other order would sleep while
        // holding the mutex, and no consumer could ever free a slot.
        if (!wait_on(&ring->free_slots)) return ipclab::fail(kProg, "sem_wait");
        if (!wait_on(&ring->mutex)) return ipclab::fail(kProg, "sem_wait");
        ring->slots()[ring->tail] = id << 32 | i;
        ring->tail = (ring->tail + 1) % capacity;
        if (sem_post(&ring->mutex) < 0) return ipclab::fail(kProg, "sem_post");
        if (sem_post(&ring->used_slots) < 0) return ipclab::fail(kProg, "sem_post");
    }
    return 0;
    // END SOLUTION (main)
}
