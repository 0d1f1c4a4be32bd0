// sig_timeout SECONDS CMD [ARG...]: run CMD, and stop it if it runs longer than SECONDS.
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

// BEGIN SOLUTION: parse SECONDS: a positive decimal such as 2 or 0.5.
namespace {

constexpr const char* kProg = "sig_timeout";

// A positive decimal such as "2", "0.5" or "10.25"; false for anything else.
bool parse_seconds(std::string_view text, double& out) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    auto digits = [](std::string_view s) {
        return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == s.npos;
    };
    if (!digits(whole) || (dot != std::string_view::npos && !digits(frac))) return false;
    out = std::strtod(std::string(text).c_str(), nullptr);
    return out > 0;
}
// END SOLUTION

// BEGIN SOLUTION: read a monotonic clock, in seconds (clock_gettime).
double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
// END SOLUTION

// BEGIN SOLUTION: sleep in the kernel (sigtimedwait) until the child has ended or a deadline has
// passed.

// Sleeps in sigtimedwait until CHILD has ended or DEADLINE has passed. True (and *STATUS set)
// if the child ended; false on timeout.
bool wait_until(pid_t child, const sigset_t& chld, double deadline, int* status) {
    for (;;) {
        // Check first: SIGCHLD may already have come and gone (it does not queue).
        pid_t r = waitpid(child, status, WNOHANG);
        if (r == child) return true;
        if (r < 0 && errno != EINTR) return false;
        double left = deadline - now();
        if (left <= 0) return false;
        timespec ts{static_cast<time_t>(left), static_cast<long>(std::fmod(left, 1.0) * 1e9)};
        sigtimedwait(&chld, nullptr, &ts);  // SIGCHLD, EAGAIN (timeout) or EINTR: check again
    }
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse SECONDS (a positive decimal such as 2 or 0.5) and check that CMD is
    // given.
    double seconds = 0;
    if (argc < 3 || !parse_seconds(argv[1], seconds))
        return ipclab::usage("sig_timeout SECONDS CMD [ARG...]");
    // END SOLUTION
    // BEGIN SOLUTION: block SIGCHLD before fork; in the child restore the mask and execvp CMD
    // (failure: message, _exit(127)).

    // SIGCHLD is blocked before fork, so a child that ends at once still leaves its signal
    // pending for sigtimedwait instead of it being discarded (its default action is ignore).
    sigset_t chld, original;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, &original) < 0) return ipclab::fail(kProg, "sigprocmask");

    pid_t child = fork();
    if (child < 0) return ipclab::fail(kProg, "fork");
    if (child == 0) {
        sigprocmask(SIG_SETMASK, &original, nullptr);  // the mask survives exec: restore it
        execvp(argv[2], argv + 2);
        std::fprintf(stderr, "%s: %s: %s\n", kProg, argv[2], std::strerror(errno));
        _exit(127);
    }
    // END SOLUTION
    // BEGIN SOLUTION: wait in the kernel (sigtimedwait, or poll on a signalfd or self-pipe) until
    // the child ends or SECONDS pass; then SIGTERM, and SIGKILL one second later if needed.

    int status = 0;
    bool signalled = false;
    if (!wait_until(child, chld, now() + seconds, &status)) {
        signalled = true;
        kill(child, SIGTERM);  // the process only, as the contract says, not its group
        if (!wait_until(child, chld, now() + 1.0, &status)) {
            kill(child, SIGKILL);  // cannot be caught or ignored
            while (waitpid(child, &status, 0) < 0)
                if (errno != EINTR) return ipclab::fail(kProg, "waitpid");
        }
    }
    // END SOLUTION
    // BEGIN SOLUTION: always reap the child; exit with its code, 124 if we signalled it, 128 + N if
    // a signal N from elsewhere killed it.
    if (signalled) return 124;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
    // END SOLUTION (main)
}
