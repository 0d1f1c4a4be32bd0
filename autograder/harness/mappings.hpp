// Whether a running program is stuck writing: for tests that look at a program's mappings
// (procfs::mappings) while it writes a large output nobody reads yet (labs 02 and 03), and for
// forcing short writes (shortwrites.hpp).
#pragma once

#include <sys/types.h>

namespace grade {

// True when PID (or a thread id) is asleep in write() or a call like it (writev, pwrite, send,
// sendto, sendmsg), read from /proc/PID/syscall; where that cannot be read, when it is asleep.
bool blocked_in_write(pid_t pid);

}  // namespace grade
