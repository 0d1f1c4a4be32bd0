// fd_recv PATH: accept one connection at PATH, receive a descriptor from it, and copy what
// can be read from that descriptor to stdout.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// BEGIN SOLUTION: receive one descriptor: recvmsg with a control buffer of CMSG_SPACE(sizeof(int));
// check the control message (level, type, length, MSG_CTRUNC) and take the descriptor from
// CMSG_DATA.
namespace {

constexpr const char* kProg = "fd_recv";

// Receives one descriptor sent with SCM_RIGHTS on SOCK; an invalid Fd if none came.
ipclab::Fd receive_fd(int sock) {
    char byte;
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
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0) return ipclab::Fd();
    // A control buffer too small for what was sent sets MSG_CTRUNC: the kernel then closes
    // the descriptors that did not fit, and we must not look for them.
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    if ((msg.msg_flags & MSG_CTRUNC) || !cmsg || cmsg->cmsg_level != SOL_SOCKET ||
        cmsg->cmsg_type != SCM_RIGHTS || cmsg->cmsg_len != CMSG_LEN(sizeof(int))) {
        errno = EPROTO;
        return ipclab::Fd();
    }
    int fd;
    std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    return ipclab::Fd(fd);
}
// END SOLUTION

// BEGIN SOLUTION: after bind: listen, print "ready\n", accept one connection, receive the
// descriptor, and copy everything readable from it to stdout until EOF.

// Everything after bind, so that main removes PATH on every path out of here.
int serve_once(int listener) {
    if (listen(listener, 1) < 0) return ipclab::fail(kProg, "listen");
    if (!ipclab::write_all(STDOUT_FILENO, "ready\n", 6)) return ipclab::fail(kProg, "write");
    ipclab::Fd conn(accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn.valid()) return ipclab::fail(kProg, "accept");
    ipclab::Fd passed = receive_fd(conn.get());
    if (!passed.valid()) return ipclab::fail(kProg, "recvmsg: no descriptor");
    char buf[65536];
    for (;;) {
        ssize_t n = read(passed.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ipclab::fail(kProg, "read");
        if (n == 0) return 0;
        if (!ipclab::write_all(STDOUT_FILENO, buf, static_cast<std::size_t>(n)))
            return ipclab::fail(kProg, "write");
    }
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: bind PATH (the address from make_address; too long: exit 1), then serve one
    // connection.
    if (argc != 2) return ipclab::usage("fd_recv PATH");
    sockaddr_un addr{};
    if (!make_address(argv[1], addr)) return ipclab::fail_msg(kProg, argv[1], "path too long");
    ipclab::Fd listener(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!listener.valid()) return ipclab::fail(kProg, "socket");
    if (bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0)
        return ipclab::fail(kProg, "bind");
    int rc = serve_once(listener.get());
    // END SOLUTION
    // BEGIN SOLUTION: unlink PATH, whichever way serving ended.

    // The socket file outlives the socket: remove it, or the next bind fails with EADDRINUSE.
    if (unlink(argv[1]) < 0 && rc == 0) rc = ipclab::fail(kProg, "unlink");
    return rc;
    // END SOLUTION (main)
}
