// Watching any process by its pid (the student's own children included): its state, CPU time
// and how often it has gone to sleep, from /proc.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "clock.hpp"  // pause_for()

namespace grade {

char pid_state(pid_t pid);          // 'R', 'S', 'T', 'Z'...; 0 if gone
double pid_cpu_seconds(pid_t pid);  // user + system time so far

// What one sleeping process of a deadlock waits for, read from /proc/PID/syscall, /fd and /maps.
struct Sleeper {
    pid_t pid = 0;                  // as the grader sees it
    pid_t ns_pid = 0;               // as the programs see it (inside the sandbox's PID namespace)
    std::string program;            // its command name
    std::string waits;              // in words: "reads a pipe (fd 0)", "waits for a child", ...
    long call = -1;                 // the system call it sleeps in; -1 if unknown
    int fd = -1;                    // read/write/poll...: the descriptor it waits on, if one
    std::string object;             // what FD is ("pipe:[123]", "socket:[45]", a path)
    std::string file;               // futex (sem_wait, a lock): the shared file the word lies in
    unsigned long long offset = 0;  // ... and the word's offset in that file
    std::string name() const;       // "bb_produce (pid 3)"
};

// Tells a deadlock from slow progress among the processes a suite runs (all its descendants but
// the sandbox's init): they are deadlocked once all of them have been asleep ('S') for a while
// without any of them waking even once, since only they could wake each other. A process that
// sleeps with a timeout (sleep, poll or sigtimedwait with one, sem_timedwait...) will wake by
// itself: while one does, there is no deadlock. STRICT = false also spares pause, sigsuspend and
// sigwait, which a timer (alarm) may end unseen, and any process whose system call cannot be
// read. Call quiet_seconds() repeatedly (every 0.1 s, say) while waiting for them.
class DeadlockWatch {
  public:
    explicit DeadlockWatch(bool strict = true) : strict_(strict) {}
    // Seconds since some process last woke, ran, started or ended; 0 if one is not asleep now.
    double quiet_seconds();
    // What each process of the last look waits for (call once they are found deadlocked).
    std::vector<Sleeper> sleepers() const;

  private:
    bool strict_;
    std::vector<std::pair<pid_t, long>> last_;  // each process and its context switches
    double since_ = 0;
};

// One hint for a deadlock, from what its processes wait for: what a suite registered with
// explain_deadlocks() says first, else a pipe whose write end is still open somewhere.
std::string explain_deadlock(const std::vector<Sleeper>& sleepers);
// A suite's own reading of a deadlock (lab 07: which semaphore each process sleeps on); it
// returns "" when it has nothing to say.
void explain_deadlocks(std::string (*explain)(const std::vector<Sleeper>&));

// expect_pid_blocked, which judges from these readings, is in check.hpp.

}  // namespace grade
