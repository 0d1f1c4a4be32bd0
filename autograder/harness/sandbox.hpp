// The per-test sandbox. A suite process grades one test; before the test it enters fresh IPC,
// mount and PID namespaces (and a user namespace when it is not root), so that everything the
// test's programs create or leave behind lives and dies with it:
//
//   - /dev/shm and the scratch directory are new tmpfs mounts with a size cap;
//   - POSIX queues and System V objects belong to the new IPC namespace;
//   - the student's processes are in a new PID namespace whose init is killed at the end;
//   - the folders named in IPCLAB_HIDE (the solutions) are covered by an empty tmpfs;
//   - as root, the suite's effective uid becomes an unprivileged uid of its own, and student
//     programs run with that uid through and through: they cannot signal, trace or read the
//     grader, whose real and saved uid stay root.
//
// Where namespaces are not available the suite runs in mode "none": unique names, the sweep of
// leftover processes (subreaper) and resource limits still apply.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace grade::sandbox {

// Enters the sandbox (unless IPCLAB_SANDBOX=0). Call once, first thing in main.
void enter();
// "root", "user namespace" or "none", with what that mode isolates.
std::string describe();
// In a vfork child (sharing the suite's memory), just before it executes a student program: takes
// the student's uid (root mode) and resource limits. Only async-signal-safe calls.
void confine_child(bool under_valgrind);
// The init of the sandbox's PID namespace (0 without one): it must outlive every test.
pid_t init_pid();
// The processes of the sandbox's PID namespace but its init: the student's programs, their
// children and orphans, and the grader's own helpers. Empty without a sandbox.
std::vector<pid_t> members();
// Kills every member at once, forks in flight included (a fork bomb's). Members that are not
// our children are reaped by the init.
void kill_members();
// More members than this at once is a fork bomb: the busiest test (lab 08's 200 transfers at
// once) stays below it, and the process limit (RLIMIT_NPROC, root mode) stops forks at twice it.
constexpr std::size_t kCrowd = 256;
// Kills everything in the sandbox, init included. Call last.
void tear_down();

}  // namespace grade::sandbox
