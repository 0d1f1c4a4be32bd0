// What a Proc observes of its program from outside (its state, CPU time and pid in /proc), and
// what its wait watches besides: the census of the sandbox, which ends a fork bomb at once, and
// the deadlock watch, which ends a run whose processes all sleep with nobody left to wake them
// (DeadlockWatch in watch.hpp).
#include <algorithm>

#include "process.hpp"
#include "procfs.hpp"
#include "sandbox.hpp"
#include "watch.hpp"

namespace grade {

char Proc::state() const {
    if (reaped_) return 0;
    auto stat = procfs::stat(pid_);
    return stat ? stat->state : 0;
}

double Proc::cpu_seconds() const {
    auto stat = procfs::stat(pid_);
    return stat ? stat->cpu : 0;
}

pid_t Proc::ns_pid() const {
    return procfs::ns_pid(pid_);
}

void Proc::census() {
    next_census_ = now() + kCensusPeriod;
    std::size_t crowd = sandbox::members().size();
    if (crowd <= sandbox::kCrowd) return;
    // Its forks would go on until the process limit, and each new process takes its share of
    // the CPU: end them all now rather than at the deadline.
    result_.crowd = crowd;
    sandbox::kill_members();
}

void Proc::wait_unless_deadlocked() {
    DeadlockWatch watch(strict_deadlock_);
    while (!reaped_ && now() < deadline_ && !result_.deadlocked) {
        pump(std::min(deadline_, now() + 0.1), false);
        // Most runs end within a fraction of a second: watch only those that do not.
        result_.deadlocked =
            !reaped_ && now() > start_ + 0.3 && watch.quiet_seconds() >= deadlock_after_;
    }
    if (result_.deadlocked) {  // what each waits for, before they are killed
        auto sleepers = watch.sleepers();
        for (const auto& s : sleepers)
            result_.asleep += "          " + s.name() + " " + s.waits + "\n";
        result_.deadlock_hint = explain_deadlock(sleepers);
    }
}

}  // namespace grade
