// mq_put [-n] NAME PRIO: send all of stdin as one message of priority PRIO to the queue NAME.
// Read handouts/06-mq.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <mqueue.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mq.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: [-n] NAME PRIO, PRIO from 0 to sysconf(_SC_MQ_PRIO_MAX) - 1 (else
    // exit 2).
    // TODO: read all of stdin.
    // TODO: open NAME for writing, creating it if missing (mode 0600, 10 messages of 8192 bytes);
    // -n adds O_NONBLOCK.
    // TODO: a message larger than the queue's mq_msgsize (mq_getattr) is exit 1 with a message
    // naming that limit.
    // TODO: send it with priority PRIO; a full queue with -n (EAGAIN) is exit 3.
    std::fprintf(stderr, "mq_put: not implemented\n");
    return 1;
}
