// sig_collect N: take N real-time signals with sigwaitinfo and print the value each carries,
// then say how many SIGUSR1 signals are pending.
// Read handouts/11-signals.md first. Replace each TODO with your code.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse N (a positive decimal; anything else is exit 2).
    // TODO: block SIGUSR1 and SIGRTMIN, then print "ready\n".
    // TODO: N times: sigwaitinfo on SIGRTMIN, print si_value.sival_int on its own line at once.
    // TODO: print "usr1 K\n", K = 1 if SIGUSR1 is pending (sigpending), else 0.
    std::fprintf(stderr, "sig_collect: not implemented\n");
    return 1;
}
