// Filling in a UNIX socket address: a PATH too long for sun_path must be an error, never
// silently cut short (the socket file would appear under another name).
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

// Fills ADDR with PATH; false if PATH does not fit (sun_path also holds the final '\0').
inline bool make_address(const char* path, sockaddr_un& addr) {
    std::memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (std::strlen(path) >= sizeof addr.sun_path) return false;
    std::strcpy(addr.sun_path, path);
    return true;
}
