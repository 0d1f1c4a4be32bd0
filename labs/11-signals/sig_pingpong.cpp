// sig_pingpong ROUNDS: a parent and its child take turns, woken by each other's signals.
// Read handouts/11-signals.md first. Replace each TODO with your code.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"

// TODO: a handler that does nothing: it only lets sigsuspend return.

// TODO: print one line "WORD I\n" with a single write (both processes share stdout).

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse ROUNDS (a positive decimal; anything else is exit 2).
    // TODO: install handlers for SIGUSR1 and SIGUSR2 and BLOCK both, all before fork.
    // TODO: fork. Parent, for each round: write "ping I\n" (one write), SIGUSR1 to the child,
    // sigsuspend until SIGUSR2. Child: sigsuspend until SIGUSR1, write "pong I\n", SIGUSR2 to the
    // parent.
    // TODO: the parent waits for the child before exiting.
    std::fprintf(stderr, "sig_pingpong: not implemented\n");
    return 1;
}
