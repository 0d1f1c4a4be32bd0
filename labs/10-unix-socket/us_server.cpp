// us_server PATH: an upper-casing echo server on a UNIX stream socket, one child per client.
// Read handouts/10-unix-socket.md first. Replace each TODO with your code.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// TODO: a SIGTERM/SIGINT handler that only sets a flag.

// TODO: serve one client: send back its bytes upper-cased (ASCII letters only) until it shuts down
// its side.

// TODO: a stale socket file at PATH (connect is refused) may be unlinked; anything else there is an
// error.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: build the address with make_address (too long: exit 1).
    // TODO: ignore SIGPIPE; make sure finished children do not stay zombies.
    // TODO: catch SIGTERM and SIGINT so that they interrupt your wait (no lost signal).
    // TODO: clear a stale socket file at PATH (anything else there is exit 1), then socket, bind,
    // listen, print "ready\n".
    // TODO: accept clients and serve each one without holding up the others (fork, or poll).
    // TODO: on SIGTERM/SIGINT: unlink PATH, exit 0.
    std::fprintf(stderr, "us_server: not implemented\n");
    return 1;
}
