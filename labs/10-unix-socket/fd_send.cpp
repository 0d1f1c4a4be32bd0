// fd_send PATH: pass our standard input descriptor to the process listening at PATH.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "socket_path.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: connect to PATH.
    // TODO: sendmsg one data byte with a control message (SOL_SOCKET, SCM_RIGHTS) carrying
    // descriptor 0; size the control buffer with CMSG_SPACE(sizeof(int)).
    std::fprintf(stderr, "fd_send: not implemented\n");
    return 1;
}
