// fifo_client PATH N: ask the server at the FIFO PATH for N sequence numbers, print the first.
// Read handouts/05-fifo.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// TODO: a guard whose destructor removes your reply FIFO, so that every way out of main removes it.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: PATH and N, a decimal from 1 to 1000000 (else exit 2).
    // TODO: make your own FIFO with a unique name in $TMPDIR (or /tmp), mode 0600.
    // TODO: open it for reading in a way that does not block, before sending anything.
    // TODO: open PATH for writing without blocking (no server: exit 1 with a message).
    // TODO: send "YOUR_FIFO N\n" with a single write.
    // TODO: wait for the reply line, print it, and remove your FIFO on every way out.
    std::fprintf(stderr, "fifo_client: not implemented\n");
    return 1;
}
