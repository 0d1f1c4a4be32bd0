// mq_put [-n] NAME PRIO: send all of stdin as one message of priority PRIO to the queue NAME.
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
    // BEGIN SOLUTION: check the arguments: [-n] NAME PRIO, PRIO from 0 to sysconf(_SC_MQ_PRIO_MAX)
    // - 1 (else exit 2).
    constexpr const char* kProg = "mq_put";
    constexpr const char* kUsage = "mq_put [-n] NAME PRIO";
    int flags = O_WRONLY | O_CREAT;
    opterr = 0;  // our usage line replaces getopt's own complaint
    for (int opt; (opt = getopt(argc, argv, "n")) != -1;) {
        if (opt != 'n') return ipclab::usage(kUsage);
        flags |= O_NONBLOCK;  // a full queue is then EAGAIN instead of a wait
    }
    if (optind != argc - 2) return ipclab::usage(kUsage);
    const char* name = argv[optind];
    const long prio_max = sysconf(_SC_MQ_PRIO_MAX);  // priorities are 0 .. prio_max - 1
    std::uint64_t prio = 0;
    if (prio_max <= 0 || !ipclab::parse_u64(argv[optind + 1], prio, prio_max - 1))
        return ipclab::usage(kUsage);
    // END SOLUTION
    // BEGIN SOLUTION: read all of stdin.

    std::string message;
    if (!ipclab::read_all(STDIN_FILENO, message)) return ipclab::fail(kProg, "read");
    // END SOLUTION
    // BEGIN SOLUTION: open NAME for writing, creating it if missing (mode 0600, 10 messages of 8192
    // bytes); -n adds O_NONBLOCK.

    // The attributes only matter if this call creates the queue; an existing queue keeps its own.
    mq_attr attr{};
    attr.mq_maxmsg = 10;
    attr.mq_msgsize = 8192;
    ipclab::Mq mq(mq_open(name, flags, 0600, &attr));
    if (!mq.valid()) return ipclab::fail(kProg, name);
    // END SOLUTION
    // BEGIN SOLUTION: a message larger than the queue's mq_msgsize (mq_getattr) is exit 1 with a
    // message naming that limit.

    // Checked here, so that the message can name the limit (mq_send would only say EMSGSIZE).
    if (mq_getattr(mq.get(), &attr) < 0) return ipclab::fail(kProg, "mq_getattr");
    if (message.size() > static_cast<std::size_t>(attr.mq_msgsize)) {
        std::fprintf(stderr,
                     "%s: %s: message of %zu bytes exceeds the queue's limit of %ld bytes\n", kProg,
                     name, message.size(), attr.mq_msgsize);
        return 1;
    }
    // END SOLUTION
    // BEGIN SOLUTION: send it with priority PRIO; a full queue with -n (EAGAIN) is exit 3.

    while (mq_send(mq.get(), message.data(), message.size(), static_cast<unsigned>(prio)) < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {  // only with -n
            std::fprintf(stderr, "%s: %s: queue full\n", kProg, name);
            return 3;
        }
        return ipclab::fail(kProg, "mq_send");
    }
    return 0;
    // END SOLUTION (main)
}
