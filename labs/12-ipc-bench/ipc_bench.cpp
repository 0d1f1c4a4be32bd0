// ipc_bench MECH SIZE COUNT NAME: a child sends COUNT messages of SIZE bytes to its parent
// through MECH; the parent checks every byte, hashes them, and prints one line of CSV.
// Read handouts/12-ipc-bench.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>
#include <vector>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

// TODO: the test pattern: byte J of message I is (I * 31 + J) % 251.

// TODO: the receiver: it checks each piece of bytes that arrives against the pattern, folds it into
// an FNV-1a 64 hash, and fails on a wrong byte or on more bytes than SIZE * COUNT.

// TODO: the sending child: fork it, and make sure that no path out leaves it running or unreaped.

// TODO: remove NAME as soon as it is no longer needed, on every path out.

// TODO: the stream mechanisms: the child writes every message, the parent reads until end-of-file.

// TODO: for each MECH, set up the channel (creating NAME exclusively), fork a child that sends the
// COUNT messages (in pieces where the mechanism needs it), receive in the parent, and wait for the
// child.

// TODO: memcpy copies in one process, with no child.

// TODO: a monotonic clock, in seconds.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse MECH (pipe, fifo, mq, unix, shm, memcpy), SIZE and COUNT (positive decimals) and
    // NAME; anything else is exit 2.
    // TODO: time the transfer through MECH.
    // TODO: print MECH,SIZE,COUNT,SECONDS,MIB_PER_S,MSGS_PER_S,FNV1A64.
    std::fprintf(stderr, "ipc_bench: not implemented\n");
    return 1;
}
