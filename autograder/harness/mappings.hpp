// What a running program has mapped, and whether it is stuck writing: for tests that look at a
// program's mappings while it writes a large output nobody reads yet (labs 02 and 03), and for
// forcing short writes (shortwrites.hpp).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace grade {

// One line of /proc/PID/maps.
struct MapEntry {
    std::string perms;  // "r--s", "rw-p"...
    std::string path;   // "" for anonymous memory
};
std::vector<MapEntry> mappings_of(pid_t pid);

// True when PID (or a thread id) is asleep in write() or a call like it (writev, pwrite, send,
// sendto, sendmsg), read from /proc/PID/syscall; where that cannot be read, when it is asleep.
bool blocked_in_write(pid_t pid);

}  // namespace grade
