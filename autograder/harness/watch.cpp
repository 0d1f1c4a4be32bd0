#include "watch.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "check.hpp"
#include "process.hpp"
#include "procfs.hpp"
#include "sandbox.hpp"

namespace grade {

char pid_state(pid_t pid) {
    auto s = procfs::stat(pid);
    return s ? s->state : 0;
}

double pid_cpu_seconds(pid_t pid) {
    auto s = procfs::stat(pid);
    return s ? s->cpu : 0;
}

long pid_voluntary_switches(pid_t pid) {
    return procfs::switches(pid).voluntary;
}

std::vector<pid_t> children_of(pid_t pid) {
    return procfs::children(pid);
}

double DeadlockWatch::quiet_seconds() {
    std::vector<std::pair<pid_t, long>> seen;
    for (pid_t p : procfs::descendants(getpid())) {
        if (p == sandbox::init_pid()) continue;  // the sandbox's init always waits
        char state = pid_state(p);
        if (state == 0 || state == 'Z') continue;
        if (state != 'S') {  // running, stopped or in uninterruptible I/O: not a deadlock
            last_.clear();
            return 0;
        }
        // Every wake-up of a sleeping process ends in a context switch: an unchanged count
        // means it never woke since the last look.
        const auto switches = procfs::switches(p);
        seen.emplace_back(p, switches.voluntary + switches.involuntary);
    }
    std::sort(seen.begin(), seen.end());
    if (seen.empty() || seen != last_) {
        last_ = std::move(seen);
        since_ = now();
        return 0;
    }
    return now() - since_;
}

void pause_for(double seconds) {
    timespec ts{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {  // a signal cut it short: sleep the rest
    }
}

namespace {
constexpr double kConfirm = 0.1;  // seconds: the shortest look that proves a program asleep
// Longer looks are watched in full: tests that ask for one count what happens during it.
constexpr double kQuickLook = 0.3;
}  // namespace

void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window) {
    // Observation, not synchronisation: nothing the program does depends on these pauses; they
    // only give the kernel's accounting time to show what it does. Under valgrind a program
    // needs seconds just to start.
    const int patience = valgrind_mode() ? 30 : 5;
    char state = pid_state(pid);
    for (const double give_up = now() + patience;
         state != 'S' && state != 'D' && state != 'Z' && state != 0 && now() < give_up;
         state = pid_state(pid))
        pause_for(0.002);
    expect(state != 'Z' && state != 0, who + " still waiting for " + what, "it had already exited",
           hint);
    expect(state == 'S' || state == 'D', who + " asleep waiting for " + what,
           std::string("process state ") + state + " for " + std::to_string(patience) +
               " s (running, not waiting)",
           hint);
    // The evidence: over WINDOW it stays asleep and uses (almost) no CPU. A program that shows
    // it sooner ends the look early: asleep ('S', not the 'D' of a page being read in) at both
    // ends of a shorter look, and in between not run at all (not one context switch, not one
    // tick of CPU) has waited all that time, which is all a longer look could see of it.
    const double before = pid_cpu_seconds(pid);
    if (window > kConfirm && window <= kQuickLook) {
        const auto switches = procfs::switches(pid);
        pause_for(kConfirm);
        if (state == 'S' && pid_state(pid) == 'S' && procfs::switches(pid) == switches &&
            pid_cpu_seconds(pid) == before && switches.voluntary >= 0)
            return;
        pause_for(window - kConfirm);
    } else {
        pause_for(window);
    }
    const double used = pid_cpu_seconds(pid) - before;
    state = pid_state(pid);
    expect(used < 0.05 + window / 10 && (state == 'S' || state == 'D'),
           who + " using no CPU while waiting for " + what,
           std::to_string(static_cast<int>(used * 1000)) + " ms of CPU in " +
               std::to_string(static_cast<int>(window * 1000)) + " ms, state " + state,
           hint + " (a program that waits must block in the kernel, not loop)");
}

}  // namespace grade
