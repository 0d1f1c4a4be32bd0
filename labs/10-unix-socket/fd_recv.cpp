// fd_recv PATH: accept one connection at PATH, receive a descriptor from it, and copy what
// can be read from that descriptor to stdout.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: bind PATH, listen, print "ready\n", accept one connection.
    // TODO: recvmsg with a control buffer of CMSG_SPACE(sizeof(int)); check the control
    //       message (level, type, length, MSG_CTRUNC) and take the descriptor from CMSG_DATA.
    // TODO: copy everything readable from it to stdout until EOF, close it, unlink PATH.
    std::fprintf(stderr, "fd_recv: not implemented\n");
    return 1;
}
