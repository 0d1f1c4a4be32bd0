// us_client PATH: send all of stdin to the server at PATH, then copy its reply to stdout.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// TODO: copy one descriptor to another until end-of-file.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: connect to PATH (no server, or PATH too long: exit 1 with a message).
    // TODO: send all of stdin and read the reply at the same time (a child, a thread or poll):
    // sending everything first can deadlock with a server that answers as data arrives. After the
    // last byte, shutdown(SHUT_WR).
    // TODO: copy the reply to stdout until EOF; a failed send is exit 1 too.
    std::fprintf(stderr, "us_client: not implemented\n");
    return 1;
}
