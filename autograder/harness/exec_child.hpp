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

// Starts the child with vfork, not fork: it shares our memory until it calls execve, so no page
// table is copied and no page of ours is made copy-on-write (a suite holding a payload of
// megabytes started each program several times slower with fork). Every signal stays blocked
// across the vfork: a handler of ours must never run in the child, on memory that is ours.
// A function of its own, so that no variable of the caller lives across the vfork. Returns the
// child's pid, or -1.
__attribute__((noinline)) pid_t spawn_child(const ChildPlan& plan);

}  // namespace grade
