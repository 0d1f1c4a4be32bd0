// vm_guard SIZE: copy stdin into a SIZE-byte buffer that ends right where a guard page begins.
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/mapping.hpp"

// BEGIN SOLUTION: a SIGSEGV handler (SA_SIGINFO) that writes "overflow at OFFSET\n" (OFFSET =
// si_addr - buffer start) with write() only, then calls _exit(3).
namespace {

constexpr const char* kProg = "vm_guard";

// The handler needs the buffer's start to turn the faulting address into an offset.
std::byte* g_buffer = nullptr;

// Runs on the faulting store. Only async-signal-safe calls are allowed here: printf may hold a
// lock or leave its output in a buffer that _exit never flushes, so the line is built by hand.
void on_segv(int, siginfo_t* info, void*) {
    auto offset = static_cast<std::uintptr_t>(static_cast<std::byte*>(info->si_addr) - g_buffer);
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + offset % 10);
        offset /= 10;
    } while (offset > 0);
    char line[48] = "overflow at ";
    int len = 12;
    while (n > 0)
        line[len++] = digits[--n];
    line[len++] = '\n';
    (void)!write(STDOUT_FILENO, line, static_cast<std::size_t>(len));
    _exit(3);  // not exit(): atexit handlers and stdio are not safe from a signal handler
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse SIZE (a positive decimal; anything else is exit 2).
    std::uint64_t size = 0;
    if (argc != 2 || !ipclab::parse_u64(argv[1], size, std::uint64_t{1} << 40) || size == 0)
        return ipclab::usage("vm_guard SIZE");
    // END SOLUTION
    // BEGIN SOLUTION: map whole pages for the buffer plus one more page, and make that last page
    // PROT_NONE with mprotect; place the buffer so that it ends where the guard begins.

    // The buffer occupies the END of whole pages, followed by one more page for the guard:
    //   [ unused | buffer (SIZE bytes) ][ guard page, PROT_NONE ]
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t data = (size + page - 1) / page * page;
    ipclab::Mapping map(data + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    if (mprotect(map.data() + data, page, PROT_NONE) < 0) return ipclab::fail(kProg, "mprotect");
    g_buffer = map.data() + data - size;
    // END SOLUTION
    // BEGIN SOLUTION: install the SIGSEGV handler with SA_SIGINFO.

    struct sigaction sa {};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;  // so that the handler receives si_addr
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, nullptr) < 0) return ipclab::fail(kProg, "sigaction");
    // END SOLUTION
    // BEGIN SOLUTION: read stdin in chunks and copy it into the buffer one byte at a time.

    // read() into the buffer itself would not fault: the kernel would report EFAULT instead.
    // So read into a chunk of our own and copy with ordinary stores, one byte at a time, in
    // order: the first byte that does not fit is stored at exactly offset SIZE. (volatile keeps
    // the compiler from turning the loop into a memcpy, which may store in another order.)
    volatile std::byte* out = g_buffer;
    std::uint64_t copied = 0;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ipclab::fail(kProg, "read");
        if (n == 0) break;
        for (ssize_t i = 0; i < n; ++i)
            out[copied++] = static_cast<std::byte>(chunk[i]);
    }
    // END SOLUTION
    // BEGIN SOLUTION: if everything fitted, print "fits BYTES\n".
    std::printf("fits %llu\n", static_cast<unsigned long long>(copied));
    return 0;
    // END SOLUTION (main)
}
