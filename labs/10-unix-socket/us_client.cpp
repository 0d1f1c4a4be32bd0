// us_client PATH: send all of stdin to the server at PATH, then copy its reply to stdout.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: connect to PATH (no server, or PATH too long: exit 1 with a message).
    // TODO: send all of stdin and read the reply at the same time (a child, a thread or poll):
    //       sending everything first can deadlock with a server that answers as data arrives.
    // TODO: after the last byte, shutdown(SHUT_WR); copy the reply to stdout until EOF.
    std::fprintf(stderr, "us_client: not implemented\n");
    return 1;
}
