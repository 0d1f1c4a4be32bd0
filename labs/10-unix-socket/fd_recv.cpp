// fd_recv PATH: accept one connection at PATH, receive a descriptor from it, and copy what
// can be read from that descriptor to stdout.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// TODO: receive one descriptor: recvmsg with a control buffer of CMSG_SPACE(sizeof(int)); check the
// control message (level, type, length, MSG_CTRUNC) and take the descriptor from CMSG_DATA.

// TODO: after bind: listen, print "ready\n", accept one connection, receive the descriptor, and
// copy everything readable from it to stdout until EOF.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: bind PATH (the address from make_address; too long: exit 1), then serve one connection.
    // TODO: unlink PATH, whichever way serving ended.
    std::fprintf(stderr, "fd_recv: not implemented\n");
    return 1;
}
