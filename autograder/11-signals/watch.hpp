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

// PID (not a Proc of ours) sleeps in the kernel and uses no CPU over WINDOW seconds.
void expect_pid_blocked(pid_t pid, const std::string& who, const std::string& what,
                        const std::string& hint, double window = 0.3);

}  // namespace grade
