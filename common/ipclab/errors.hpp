// The two ways a lab program reports failure, in the form docs/contract.md fixes (C.exit,
// C.usage).
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ipclab {

// Prints "<program>: <what>: <strerror(errno)>" and returns 1, the exit status for a failed call:
//     if (fd < 0) return ipclab::fail("shm_stat", "shm_open");
inline int fail(const char* program, const char* what) {
    std::fprintf(stderr, "%s: %s: %s\n", program, what, std::strerror(errno));
    return 1;
}

// The same with a message of our own instead of errno's text ("object too small").
inline int fail_msg(const char* program, const char* what, const char* why) {
    std::fprintf(stderr, "%s: %s: %s\n", program, what, why);
    return 1;
}

// Prints "usage: <synopsis>" and returns 2, the exit status for bad arguments.
inline int usage(const char* synopsis) {
    std::fprintf(stderr, "usage: %s\n", synopsis);
    return 2;
}

}  // namespace ipclab
