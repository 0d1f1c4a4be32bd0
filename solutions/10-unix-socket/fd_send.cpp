// fd_send PATH: pass our standard input descriptor to the process listening at PATH.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "socket_path.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: connect to PATH.
    constexpr const char* kProg = "fd_send";
    if (argc != 2) return ipclab::usage("fd_send PATH");
    sockaddr_un addr{};
    if (!make_address(argv[1], addr)) return ipclab::fail_msg(kProg, argv[1], "path too long");
    ipclab::Fd sock(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!sock.valid()) return ipclab::fail(kProg, "socket");
    if (connect(sock.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0)
        return ipclab::fail(kProg, "connect");
    // END SOLUTION
    // BEGIN SOLUTION: sendmsg one data byte with a control message (SOL_SOCKET, SCM_RIGHTS)
    // carrying descriptor 0; size the control buffer with CMSG_SPACE(sizeof(int)).

    // A descriptor travels as ancillary data, and ancillary data rides along with at least one
    // byte of ordinary data. The union gives the control buffer cmsghdr's alignment.
    char byte = 'F';
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
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    const int fd = STDIN_FILENO;
    std::memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    if (sendmsg(sock.get(), &msg, 0) != 1) return ipclab::fail(kProg, "sendmsg");
    return 0;
    // END SOLUTION (main)
}
