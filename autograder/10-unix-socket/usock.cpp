#include "usock.hpp"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "fixtures.hpp"
#include "streams.hpp"

namespace grade {
namespace {

sockaddr_un address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("socket path too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

}  // namespace

int connect_unix(const std::string& path, double seconds) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    // A blocking connect to a full backlog waits; SO_SNDTIMEO bounds that wait.
    timeval tv{static_cast<time_t>(seconds),
               static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6)};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    auto addr = address(path);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
        ::close(fd);
        return -1;
    }
    timeval none{};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
    return fd;
}

int listen_unix(const std::string& path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    auto addr = address(path);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 ||
        listen(fd, 16) < 0)
        throw std::runtime_error("grader cannot listen at " + path + ": " + std::strerror(errno));
    return fd;
}

void make_stale_socket(const std::string& path) {
    ::close(listen_unix(path));
}

void start_upper_server(const std::string& path) {
    int listener = listen_unix(path);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid > 0) {
        ::close(listener);
        at_test_end([pid] { kill(pid, SIGKILL); });  // the suite reaps it
        return;
    }
    // The child: only plain system calls from here on, and never back into the test.
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        int conn = accept(listener, nullptr, nullptr);
        if (conn < 0) continue;
        char buf[65536];
        for (;;) {
            ssize_t n = ::read(conn, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            upper_ascii_n(buf, static_cast<std::size_t>(n));
            if (!write_all(conn, buf, static_cast<std::size_t>(n))) break;
        }
        ::close(conn);
    }
}

void send_fd(int sock, int fd) {
    char byte = 'G';
    iovec iov{&byte, 1};
    union {
        cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } control{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1) throw std::runtime_error("grader's sendmsg failed");
}

int recv_fd(int sock, double seconds) {
    pollfd p{sock, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(seconds * 1000)) != 1) return -1;
    char byte;
    iovec iov{&byte, 1};
    union {
        cmsghdr align;
        char buf[CMSG_SPACE(4 * sizeof(int))];
    } control{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT) < 0) return -1;
    int fd = -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < n; ++i) {
            int got;
            std::memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof got);
            if (fd < 0)
                fd = got;
            else
                ::close(got);
        }
    }
    return fd;
}

std::string upper(std::string bytes) {
    upper_ascii(bytes);
    return bytes;
}

bool is_fifo(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

}  // namespace grade
