// Whole-buffer reads and writes: read() and write() may move fewer bytes than asked.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>

namespace ipclab {

// Writes all LEN bytes, resuming after short writes and signals. False on error (errno set).
inline bool write_all(int fd, const void* buf, std::size_t len) {
    auto p = static_cast<const char*>(buf);
    while (len > 0) {
        ssize_t n = ::write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        p += n;
        len -= static_cast<std::size_t>(n);
    }
    return true;
}

// Appends everything readable from FD until end-of-file to OUT. False on error (errno set).
inline bool read_all(int fd, std::string& out) {
    char chunk[65536];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(chunk, static_cast<std::size_t>(n));
    }
}

}  // namespace ipclab
