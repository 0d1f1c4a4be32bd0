// mq_watch NAME COUNT: print COUNT messages from the queue NAME as they arrive, each followed by
// a newline, sleeping in between (mq_notify with a signal that is taken with sigwaitinfo).
// Read handouts/06-mq.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mq.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: NAME and COUNT >= 1 (else exit 2).
    // TODO: block the signal you will be notified with (sigprocmask).
    // TODO: open NAME for reading with O_NONBLOCK (missing: exit 1) and size a buffer from
    // mq_getattr.
    // TODO: loop: register with mq_notify (SIGEV_SIGNAL) first, then drain the queue until EAGAIN,
    // writing each message and a newline with write(2) at once; stop after COUNT messages;
    // otherwise wait for the notification with sigwaitinfo.
    std::fprintf(stderr, "mq_watch: not implemented\n");
    return 1;
}
