// bb_consume NAME COUNT: take COUNT items from the ring NAME and print each as a decimal line.
// Read handouts/07-semaphores.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/mapping.hpp"
#include "ring.hpp"

// TODO: a SIGUSR1 handler that only counts (in a volatile sig_atomic_t).

// TODO: a sem_wait that fails with EINTR was interrupted by the handler: wait again.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse NAME COUNT (anything else is exit 2).
    // TODO: install the SIGUSR1 handler without SA_RESTART (sigaction).
    // TODO: open and map NAME; check that its size holds the ring it claims to be.
    // TODO: for each item: wait for a used slot, then for the mutex; take the item at head and
    // advance head modulo capacity; post the mutex, then a free slot; print the item.
    std::fprintf(stderr, "bb_consume: not implemented\n");
    return 1;
}
