// mq_get [-n] [-p] [-t SECONDS] NAME: receive one message from the queue NAME, write it out.
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mq.hpp"

// BEGIN SOLUTION: parse SECONDS, a plain decimal with an optional fraction (std::from_chars helps).
namespace {

// SECONDS: a plain decimal with an optional fraction ("2", "0.5"); no sign, no exponent.
bool parse_seconds(std::string_view text, double& out) {
    if (text.empty() || text.front() < '0' || text.front() > '9') return false;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), out, std::chars_format::fixed);
    return ec == std::errc{} && end == text.data() + text.size() && out < 1e9;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse -n, -p and -t SECONDS before NAME (getopt); -n with -t is exit 2.
    constexpr const char* kProg = "mq_get";
    constexpr const char* kUsage = "mq_get [-n] [-p] [-t SECONDS] NAME";
    bool nonblock = false, show_prio = false, timed = false;
    double seconds = 0;
    opterr = 0;
    for (int opt; (opt = getopt(argc, argv, "npt:")) != -1;) {
        if (opt == 'n') {
            nonblock = true;
        } else if (opt == 'p') {
            show_prio = true;
        } else if (opt == 't' && parse_seconds(optarg, seconds)) {
            timed = true;
        } else {
            return ipclab::usage(kUsage);
        }
    }
    if (optind != argc - 1 || (nonblock && timed)) return ipclab::usage(kUsage);
    const char* name = argv[optind];
    // END SOLUTION
    // BEGIN SOLUTION: open NAME for reading (-n: O_NONBLOCK).

    ipclab::Mq mq(mq_open(name, O_RDONLY | (nonblock ? O_NONBLOCK : 0)));
    if (!mq.valid()) return ipclab::fail(kProg, name);
    // END SOLUTION
    // BEGIN SOLUTION: size the buffer from the queue's mq_msgsize (mq_getattr), not from a
    // constant.

    // mq_receive refuses a buffer smaller than the queue's message size (EMSGSIZE), whatever
    // the size of the message waiting: ask the queue how large its messages may be.
    mq_attr attr{};
    if (mq_getattr(mq.get(), &attr) < 0) return ipclab::fail(kProg, "mq_getattr");
    std::vector<char> buf(static_cast<std::size_t>(attr.mq_msgsize));
    // END SOLUTION
    // BEGIN SOLUTION: receive one message (with -t: mq_timedreceive and an absolute CLOCK_REALTIME
    // deadline).

    // mq_timedreceive takes an absolute CLOCK_REALTIME deadline, not a duration.
    timespec deadline{};
    if (timed) {
        if (clock_gettime(CLOCK_REALTIME, &deadline) < 0)
            return ipclab::fail(kProg, "clock_gettime");
        double whole = std::floor(seconds);
        deadline.tv_sec += static_cast<time_t>(whole);
        deadline.tv_nsec += static_cast<long>((seconds - whole) * 1e9);
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1000000000L;
        }
    }

    unsigned prio = 0;
    ssize_t len;
    for (;;) {
        len = timed ? mq_timedreceive(mq.get(), buf.data(), buf.size(), &prio, &deadline)
                    : mq_receive(mq.get(), buf.data(), buf.size(), &prio);
        if (len >= 0 || errno != EINTR) break;
    }
    // END SOLUTION
    // BEGIN SOLUTION: empty with -n (EAGAIN) or timed out (ETIMEDOUT): exit 3.
    if (len < 0 && (errno == EAGAIN || errno == ETIMEDOUT)) {
        std::fprintf(stderr, "%s: %s: %s\n", kProg, name, errno == EAGAIN ? "empty" : "timed out");
        return 3;
    }
    if (len < 0) return ipclab::fail(kProg, "mq_receive");
    // END SOLUTION
    // BEGIN SOLUTION: write "PRIO " first with -p, then exactly the message's bytes.

    std::string out = show_prio ? std::to_string(prio) + " " : "";
    out.append(buf.data(), static_cast<std::size_t>(len));  // binary: NUL bytes included
    if (!ipclab::write_all(STDOUT_FILENO, out.data(), out.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
