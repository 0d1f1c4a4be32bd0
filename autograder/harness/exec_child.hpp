// The child's side of starting a program (process.cpp): what it does between vfork and execve.
#pragma once

#include <sys/types.h>

namespace grade {

// What the child needs between vfork and execve, made before the vfork: the child may not
// allocate, and writes nothing but its own stack.
struct ChildPlan {
    pid_t parent;
    int stdin_fd, stdout_fd, stderr_fd;  // -1: stdin is /dev/null, stdout/stderr go to a file
    const char* stdout_file;
    const char* stderr_file;
    const char* cwd;
    bool student, under_valgrind, traced;
    char* const* argv;
    char* const* envp;
};

// Only async-signal-safe calls from here to execve: signals back to their defaults and
// unblocked, a session of its own, descriptors 0, 1 and 2, the sandbox's limits, then the
// program. A function of its own that never returns, so that a vfork child never unwinds the
// frame it shares with its parent.
[[noreturn]] __attribute__((noinline)) void exec_child(const ChildPlan& plan);

}  // namespace grade
