// sig_collect N: take N real-time signals with sigwaitinfo and print the value each carries,
// then say how many SIGUSR1 signals are pending.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse N (a positive decimal; anything else is exit 2).
    constexpr const char* kProg = "sig_collect";
    std::uint64_t n = 0;
    if (argc != 2 || !ipclab::parse_u64(argv[1], n) || n == 0)
        return ipclab::usage("sig_collect N");
    // END SOLUTION
    // BEGIN SOLUTION: block SIGUSR1 and SIGRTMIN, then print "ready\n".

    // Blocked signals wait in the kernel until we take them: no handler ever runs. Blocking
    // must come before "ready", since the grader starts sending as soon as it reads it.
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigset_t blocked = rt;
    sigaddset(&blocked, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &blocked, nullptr) < 0) return ipclab::fail(kProg, "sigprocmask");
    if (!ipclab::write_all(STDOUT_FILENO, "ready\n", 6)) return ipclab::fail(kProg, "write");
    // END SOLUTION
    // BEGIN SOLUTION: N times: sigwaitinfo on SIGRTMIN, print si_value.sival_int on its own line at
    // once.

    for (std::uint64_t i = 0; i < n; ++i) {
        siginfo_t info{};
        // Real-time signals queue: each sigqueue() is one delivery, with its own value, in order.
        while (sigwaitinfo(&rt, &info) < 0)
            if (errno != EINTR) return ipclab::fail(kProg, "sigwaitinfo");
        std::string line = std::to_string(info.si_value.sival_int) + "\n";
        if (!ipclab::write_all(STDOUT_FILENO, line.data(), line.size()))
            return ipclab::fail(kProg, "write");
    }
    // END SOLUTION
    // BEGIN SOLUTION: print "usr1 K\n", K = 1 if SIGUSR1 is pending (sigpending), else 0.

    // A standard signal does not queue: however many were sent, at most one is pending.
    sigset_t pending;
    if (sigpending(&pending) < 0) return ipclab::fail(kProg, "sigpending");
    std::string line = "usr1 " + std::to_string(sigismember(&pending, SIGUSR1) ? 1 : 0) + "\n";
    if (!ipclab::write_all(STDOUT_FILENO, line.data(), line.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
