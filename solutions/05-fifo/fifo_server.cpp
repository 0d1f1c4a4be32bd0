// fifo_server PATH: grant sequence numbers to clients that ask through the FIFO PATH.
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

// BEGIN SOLUTION: parse a request line "CLIENT_FIFO N": an absolute path, one space, N from 1 to
// 1000000.
namespace {

constexpr const char* kProg = "fifo_server";

// A request is "CLIENT_FIFO N": an absolute path without spaces, one space, N in 1..1000000.
bool parse_request(std::string_view line, std::string& client, std::uint64_t& n) {
    auto space = line.find(' ');
    if (space == std::string_view::npos || line.empty() || line[0] != '/') return false;
    client = std::string(line.substr(0, space));
    return ipclab::parse_u64(line.substr(space + 1), n, 1000000) && n >= 1;
}
// END SOLUTION

// BEGIN SOLUTION: reply to a client: open CLIENT_FIFO with O_WRONLY | O_NONBLOCK and write "S\n" in
// one write; false if that fails.

// Sends "FIRST\n" to CLIENT. False if the client cannot take it (gone, or not reading).
bool reply(const std::string& client, std::uint64_t first) {
    // O_NONBLOCK: a FIFO nobody reads makes open fail with ENXIO at once instead of blocking
    // the whole server until that (possibly dead) client shows up.
    ipclab::Fd fd(open(client.c_str(), O_WRONLY | O_NONBLOCK));
    if (!fd.valid()) return false;
    std::string text = std::to_string(first) + "\n";
    // Far below PIPE_BUF, into an empty pipe: one write moves it all or fails (EPIPE when the
    // client closed its end meanwhile; SIGPIPE is ignored so that this is only an error).
    return write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly PATH; anything else is exit 2).
    if (argc != 2) return ipclab::usage("fifo_server PATH");
    const char* path = argv[1];
    // END SOLUTION
    // BEGIN SOLUTION: arrange for SIGTERM and SIGINT to end the request loop cleanly, and ignore
    // SIGPIPE.

    // SIGTERM and SIGINT become readable events on a signalfd, so that one poll() waits for
    // requests and for the order to stop alike; they must be blocked for that.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    if (sigprocmask(SIG_BLOCK, &stop, nullptr) < 0) return ipclab::fail(kProg, "sigprocmask");
    ipclab::Fd sigfd(signalfd(-1, &stop, SFD_CLOEXEC));
    if (!sigfd.valid()) return ipclab::fail(kProg, "signalfd");
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) return ipclab::fail(kProg, "signal");
    // END SOLUTION
    // BEGIN SOLUTION: make the FIFO PATH with mode 0600 (an existing FIFO is fine: reuse it).

    if (mkfifo(path, 0600) < 0 && errno != EEXIST) return ipclab::fail(kProg, "mkfifo");
    struct stat st {};
    if (stat(path, &st) < 0) return ipclab::fail(kProg, "stat");
    if (!S_ISFIFO(st.st_mode)) return ipclab::fail_msg(kProg, path, "exists and is not a FIFO");
    // END SOLUTION
    // BEGIN SOLUTION: open it for reading without blocking, then also for writing, and keep both
    // open.

    // Opening for reading without O_NONBLOCK would wait for a first writer. Once we are a
    // reader, we open the FIFO for writing too, and keep that descriptor: a FIFO with no
    // writer left reads as end-of-file forever, and poll() would return at once, every time.
    ipclab::Fd in(open(path, O_RDONLY | O_NONBLOCK));
    if (!in.valid()) return ipclab::fail(kProg, "open for reading");
    ipclab::Fd keep_open(open(path, O_WRONLY));
    if (!keep_open.valid()) return ipclab::fail(kProg, "open for writing");
    // END SOLUTION
    // BEGIN SOLUTION: print "ready\n".

    const char ready[] = "ready\n";
    if (!ipclab::write_all(STDOUT_FILENO, ready, sizeof ready - 1))
        return ipclab::fail(kProg, "write");
    // END SOLUTION
    // BEGIN SOLUTION: read requests "CLIENT_FIFO N\n"; skip malformed lines; open CLIENT_FIFO with
    // O_WRONLY | O_NONBLOCK, write "S\n" (S = the next number), and advance the counter by N only
    // if that worked.

    std::uint64_t next = 0;
    std::string pending;  // bytes read but not yet a whole line
    for (;;) {
        pollfd fds[2] = {{in.get(), POLLIN, 0}, {sigfd.get(), POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return ipclab::fail(kProg, "poll");
        }
        if (fds[1].revents & POLLIN) break;  // SIGTERM or SIGINT
        char buf[4096];
        ssize_t n = read(in.get(), buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n < 0) return ipclab::fail(kProg, "read");
        // Each request arrives whole (one write below PIPE_BUF), but one read may return
        // several requests, and the last one may be cut by the end of our buffer.
        pending.append(buf, static_cast<std::size_t>(n));
        for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
            std::string client;
            std::uint64_t count = 0;
            // A malformed line or an unreachable client is skipped: numbers are used up only
            // once the reply is on its way.
            if (parse_request(std::string_view(pending).substr(0, eol), client, count) &&
                reply(client, next))
                next += count;
            pending.erase(0, eol + 1);
        }
    }
    // END SOLUTION
    // BEGIN SOLUTION: on SIGTERM or SIGINT: remove PATH and exit 0.
    if (unlink(path) < 0) return ipclab::fail(kProg, "unlink");
    return 0;
    // END SOLUTION (main)
}
