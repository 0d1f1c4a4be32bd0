// What a Proc's wait watches besides its own program: the census of the sandbox, which ends a
// fork bomb at once, and the deadlock watch, which ends a run whose processes all sleep with
// nobody left to wake them (DeadlockWatch in watch.hpp).
#include <algorithm>

#include "process.hpp"
#include "sandbox.hpp"
#include "watch.hpp"

namespace grade {

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
