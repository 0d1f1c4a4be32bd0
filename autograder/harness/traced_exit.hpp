// Options::inspect_exit: the program runs traced, and as it exits (PTRACE_EVENT_EXIT), before
// the kernel releases anything of it, the grader lists what it still holds. That is how
// "releases what it acquired" is graded without valgrind.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace grade::traced_exit {

// In the forked child, just before execve: asks its parent to trace it. Async-signal-safe.
void trace_me();
// The traced program PID stopped with STATUS (from waitpid). Its first stop, the SIGTRAP after
// its execve, sets the tracing up (SET_UP becomes true); its stop on the way out adds what it
// still holds to HELD; any other signal is passed on to it. Then it continues.
void on_stop(pid_t pid, int status, bool& set_up, std::vector<std::string>& held);
// What PID holds now: its descriptors above 2, its shared mappings (and those of /dev/shm), and
// its children ("zombie child process 123": it never waited for them).
std::vector<std::string> held_by(pid_t pid);

}  // namespace grade::traced_exit
