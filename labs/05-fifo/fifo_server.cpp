// fifo_server PATH: grant sequence numbers to clients that ask through the FIFO PATH.
// Read handouts/05-fifo.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// TODO: parse a request line "CLIENT_FIFO N": an absolute path, one space, N from 1 to 1000000.

// TODO: reply to a client: open CLIENT_FIFO with O_WRONLY | O_NONBLOCK and write "S\n" in one
// write; false if that fails.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly PATH; anything else is exit 2).
    // TODO: arrange for SIGTERM and SIGINT to end the request loop cleanly, and ignore SIGPIPE.
    // TODO: make the FIFO PATH with mode 0600 (an existing FIFO is fine: reuse it).
    // TODO: open it for reading without blocking, then also for writing, and keep both open.
    // TODO: print "ready\n".
    // TODO: read requests "CLIENT_FIFO N\n"; skip malformed lines; open CLIENT_FIFO with O_WRONLY |
    // O_NONBLOCK, write "S\n" (S = the next number), and advance the counter by N only if that
    // worked.
    // TODO: on SIGTERM or SIGINT: remove PATH and exit 0.
    std::fprintf(stderr, "fifo_server: not implemented\n");
    return 1;
}
