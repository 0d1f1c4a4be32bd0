// sig_pingpong ROUNDS: a parent and its child take turns, woken by each other's signals.
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

// BEGIN SOLUTION: a handler that does nothing: it only lets sigsuspend return.
namespace {

constexpr const char* kProg = "sig_pingpong";

void on_signal(int) {}  // only here so that sigsuspend returns: the signal itself is the news
// END SOLUTION

// BEGIN SOLUTION: print one line "WORD I\n" with a single write (both processes share stdout).

// One line, one write(): the two processes share stdout, and a line written in pieces could
// be interleaved with the other side's.
bool say(const char* word, std::uint64_t round) {
    std::string line = std::string(word) + " " + std::to_string(round) + "\n";
    return ipclab::write_all(STDOUT_FILENO, line.data(), line.size());
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse ROUNDS (a positive decimal; anything else is exit 2).
    std::uint64_t rounds = 0;
    if (argc != 2 || !ipclab::parse_u64(argv[1], rounds) || rounds == 0)
        return ipclab::usage("sig_pingpong ROUNDS");
    // END SOLUTION
    // BEGIN SOLUTION: install handlers for SIGUSR1 and SIGUSR2 and BLOCK both, all before fork.

    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, nullptr) < 0 || sigaction(SIGUSR2, &sa, nullptr) < 0)
        return ipclab::fail(kProg, "sigaction");

    // Block both signals BEFORE fork. A signal that arrives while blocked stays pending, and
    // sigsuspend unblocks and sleeps in one atomic step, so a signal sent before the receiver
    // is ready is never lost. Blocking after fork would leave a window where the parent's first
    // SIGUSR1 runs the handler early and the child then sleeps forever.
    sigset_t both, waiting;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGUSR2);
    if (sigprocmask(SIG_BLOCK, &both, &waiting) < 0) return ipclab::fail(kProg, "sigprocmask");
    // END SOLUTION
    // BEGIN SOLUTION: fork. Parent, for each round: write "ping I\n" (one write), SIGUSR1 to the
    // child, sigsuspend until SIGUSR2. Child: sigsuspend until SIGUSR1, write "pong I\n", SIGUSR2
    // to the parent.

    pid_t child = fork();
    if (child < 0) return ipclab::fail(kProg, "fork");
    if (child == 0) {
        const pid_t parent = getppid();
        sigdelset(&waiting, SIGUSR1);  // the child sleeps until the parent's SIGUSR1
        for (std::uint64_t i = 1; i <= rounds; ++i) {
            sigsuspend(&waiting);  // always returns -1 with EINTR once the handler has run
            if (!say("pong", i)) _exit(ipclab::fail(kProg, "write"));
            if (kill(parent, SIGUSR2) < 0) _exit(ipclab::fail(kProg, "kill"));
        }
        _exit(0);
    }

    int rc = 0;
    sigdelset(&waiting, SIGUSR2);  // the parent sleeps until the child's SIGUSR2
    for (std::uint64_t i = 1; i <= rounds; ++i) {
        if (!say("ping", i)) {
            rc = ipclab::fail(kProg, "write");
            break;
        }
        if (kill(child, SIGUSR1) < 0) {
            rc = ipclab::fail(kProg, "kill");
            break;
        }
        sigsuspend(&waiting);
    }
    // END SOLUTION
    // BEGIN SOLUTION: the parent waits for the child before exiting.
    if (rc != 0) kill(child, SIGKILL);  // it would wait for a ping forever
    int status = 0;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return ipclab::fail(kProg, "waitpid");
    if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) rc = 1;
    return rc;
    // END SOLUTION (main)
}
