// Watching any process by its pid (the student's own children included): its state, CPU time
// and how often it has gone to sleep, from /proc.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace grade {

char pid_state(pid_t pid);               // 'R', 'S', 'T', 'Z'...; 0 if gone
double pid_cpu_seconds(pid_t pid);       // user + system time so far
long pid_voluntary_switches(pid_t pid);  // times it blocked in the kernel so far; -1 if gone
std::vector<pid_t> children_of(pid_t pid);
// A pause between two looks at a process: observation only, never to let a program get
// somewhere (that is waited for by evidence: a line, a state, a file).
void pause_for(double seconds);

// Tells a deadlock from slow progress among the processes a suite runs (all its descendants but
// the sandbox's init): they are deadlocked once all of them have been asleep ('S') for a while
// without any of them waking even once, since only they could wake each other. Call
// quiet_seconds() repeatedly (every 0.1 s, say) while waiting for them.
class DeadlockWatch {
  public:
    // Seconds since some process last woke, ran, started or ended; 0 if one is not asleep now.
    double quiet_seconds();

  private:
    std::vector<std::pair<pid_t, long>> last_;  // each process and its context switches
    double since_ = 0;
};

// PID (not a Proc of ours) sleeps in the kernel and uses no CPU over WINDOW seconds. A WINDOW
// of up to 0.3 s ends after 0.1 s if PID did not run at all meanwhile; a longer one is watched
// in full (a test may count wake-ups over it).
void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window = 0.3);

}  // namespace grade
