// mq_watch NAME COUNT: print COUNT messages from the queue NAME as they arrive, each followed by
// a newline, sleeping in between (mq_notify with a signal that is taken with sigwaitinfo).
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mq.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: NAME and COUNT >= 1 (else exit 2).
    constexpr const char* kProg = "mq_watch";
    std::uint64_t count = 0;
    if (argc != 3 || !ipclab::parse_u64(argv[2], count) || count == 0)
        return ipclab::usage("mq_watch NAME COUNT");
    // END SOLUTION
    // BEGIN SOLUTION: block the signal you will be notified with (sigprocmask).

    // The notification signal stays blocked: it waits as pending until sigwaitinfo takes it,
    // so it cannot be lost between two checks, and no handler is needed.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &set, nullptr) < 0) return ipclab::fail(kProg, "sigprocmask");
    // END SOLUTION
    // BEGIN SOLUTION: open NAME for reading with O_NONBLOCK (missing: exit 1) and size a buffer
    // from mq_getattr.

    // Non-blocking receives: draining stops with EAGAIN when the queue is empty.
    ipclab::Mq mq(mq_open(argv[1], O_RDONLY | O_NONBLOCK));
    if (!mq.valid()) return ipclab::fail(kProg, argv[1]);
    mq_attr attr{};
    if (mq_getattr(mq.get(), &attr) < 0) return ipclab::fail(kProg, "mq_getattr");
    std::vector<char> buf(static_cast<std::size_t>(attr.mq_msgsize) + 1);  // + the newline
    // END SOLUTION
    // BEGIN SOLUTION: loop: register with mq_notify (SIGEV_SIGNAL) first, then drain the queue
    // until EAGAIN, writing each message and a newline with write(2) at once; stop after COUNT
    // messages; otherwise wait for the notification with sigwaitinfo.

    sigevent ev{};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    std::uint64_t printed = 0;
    for (;;) {
        // A registration fires once, and only when an empty queue gets a message. Renew it
        // *before* draining: a message that arrives after the drain then still notifies us.
        if (mq_notify(mq.get(), &ev) < 0) return ipclab::fail(kProg, "mq_notify");
        while (printed < count) {
            ssize_t len = mq_receive(mq.get(), buf.data(), buf.size() - 1, nullptr);
            if (len < 0 && errno == EINTR) continue;
            if (len < 0 && errno == EAGAIN) break;  // drained: the queue is empty again
            if (len < 0) return ipclab::fail(kProg, "mq_receive");
            buf[static_cast<std::size_t>(len)] = '\n';
            // write(2), not stdio: each message must be out before we wait again.
            if (!ipclab::write_all(STDOUT_FILENO, buf.data(), static_cast<std::size_t>(len) + 1))
                return ipclab::fail(kProg, "write");
            ++printed;
        }
        if (printed == count) return 0;
        // Sleep until the queue notifies us. Another process's SIGUSR1 is not a notification
        // (and our registration still stands then): wait again.
        siginfo_t info{};
        for (;;) {
            if (sigwaitinfo(&set, &info) < 0) {
                if (errno == EINTR) continue;
                return ipclab::fail(kProg, "sigwaitinfo");
            }
            if (info.si_code == SI_MESGQ) break;
        }
    }
    // END SOLUTION (main)
}
