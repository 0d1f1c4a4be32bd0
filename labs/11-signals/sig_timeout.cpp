// sig_timeout SECONDS CMD [ARG...]: run CMD, and stop it if it runs longer than SECONDS.
// Read handouts/11-signals.md first. Replace each TODO with your code.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "ipclab/errors.hpp"

// TODO: parse SECONDS: a positive decimal such as 2 or 0.5.

// TODO: read a monotonic clock, in seconds (clock_gettime).

// TODO: sleep in the kernel (sigtimedwait) until the child has ended or a deadline has passed.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse SECONDS (a positive decimal such as 2 or 0.5) and check that CMD is given.
    // TODO: block SIGCHLD before fork; in the child restore the mask and execvp CMD (failure:
    // message, _exit(127)).
    // TODO: wait in the kernel (sigtimedwait, or poll on a signalfd or self-pipe) until the child
    // ends or SECONDS pass; then SIGTERM, and SIGKILL one second later if needed.
    // TODO: always reap the child; exit with its code, 124 if we signalled it, 128 + N if a signal
    // N from elsewhere killed it.
    std::fprintf(stderr, "sig_timeout: not implemented\n");
    return 1;
}
