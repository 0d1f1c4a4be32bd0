// mmap_counter PROCS N: PROCS children each add 1 to a shared counter N times; print the total.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/mapping.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse PROCS and N (plain decimals; anything else is exit 2).
    constexpr const char* kProg = "mmap_counter";
    std::uint64_t procs = 0, n = 0;
    if (argc != 3 || !ipclab::parse_u64(argv[1], procs) || !ipclab::parse_u64(argv[2], n))
        return ipclab::usage("mmap_counter PROCS N");
    // END SOLUTION
    // BEGIN SOLUTION: put a 64-bit counter in a shared anonymous mapping (MAP_SHARED |
    // MAP_ANONYMOUS).

    // Anonymous + shared: memory with no file behind it that fork() does not copy, so every
    // child increments the same counter (MAP_PRIVATE would give each child its own copy).
    ipclab::Mapping map(sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                        -1);
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    auto& counter = *reinterpret_cast<std::uint64_t*>(map.data());  // zero-filled by mmap
    static_assert(std::atomic_ref<std::uint64_t>::is_always_lock_free);
    // END SOLUTION
    // BEGIN SOLUTION: fork PROCS children; each adds 1 N times atomically (std::atomic_ref) and
    // _exits.

    std::uint64_t started = 0;
    int status = 0;
    for (; started < procs; ++started) {
        pid_t pid = fork();
        if (pid < 0) {
            status = ipclab::fail(kProg, "fork");
            break;  // still wait for the children already running
        }
        if (pid == 0) {
            // ++counter would be load, add, store: two children can load the same value and
            // one increment is lost. fetch_add is one indivisible read-modify-write.
            std::atomic_ref<std::uint64_t> shared(counter);
            for (std::uint64_t i = 0; i < n; ++i)
                shared.fetch_add(1, std::memory_order_relaxed);
            _exit(0);  // not exit(): the child must not flush the parent's stdio buffers
        }
    }
    // END SOLUTION
    // BEGIN SOLUTION: wait for every child, then print the counter and a newline.

    // Wait for every child: before that the total is incomplete, and unwaited children
    // stay behind as zombies.
    for (std::uint64_t i = 0; i < started; ++i) {
        int st = 0;
        if (wait(&st) < 0) return ipclab::fail(kProg, "wait");
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            status = ipclab::fail_msg(kProg, "wait", "a child did not finish its increments");
    }
    if (status != 0) return status;
    std::printf("%llu\n",
                static_cast<unsigned long long>(std::atomic_ref<std::uint64_t>(counter).load()));
    return 0;
    // END SOLUTION (main)
}
