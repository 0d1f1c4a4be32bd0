// pipe_upper: stream stdin through a child that upper-cases it, and the result to stdout.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// BEGIN SOLUTION: the child's filter: copy one pipe into the other, upper-casing ASCII letters.
namespace {

constexpr const char* kProg = "pipe_upper";

// The child: a filter from IN to OUT that upper-cases ASCII letters.
int upper(const ipclab::Fd& in, const ipclab::Fd& out) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(in.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ipclab::fail(kProg, "read");
        if (n == 0) return 0;
        for (ssize_t i = 0; i < n; ++i)
            if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = static_cast<char>(buf[i] - 'a' + 'A');
        if (!ipclab::write_all(out.get(), buf, static_cast<std::size_t>(n)))
            return ipclab::fail(kProg, "write");
    }
}
// END SOLUTION

// BEGIN SOLUTION: the parent's pump: move stdin to the child and the child's output to stdout at
// the same time (poll), never all of one before the other: both pipes fill up and everyone waits
// forever. Close the pipe to the child at the end of stdin; read until EOF.

// The parent: copy stdin to TO_CHILD and FROM_CHILD to stdout at the same time. Doing one
// after the other deadlocks once both pipes are full: we block writing to the child while the
// child blocks writing to us. poll() tells us which side can move without blocking.
int pump(ipclab::Fd to_child, ipclab::Fd from_child) {
    // Non-blocking, so that a write moves only what fits in the pipe now (a short write)
    // instead of waiting for room while the child waits for us to read.
    if (fcntl(to_child.get(), F_SETFL, O_NONBLOCK) < 0) return ipclab::fail(kProg, "fcntl");
    // Blocks larger than the pipe holds: a write moves only what fits and returns that count
    // (a short write); `sent` remembers where the next write resumes.
    std::vector<char> buf(1 << 20);
    std::size_t have = 0, sent = 0;  // buf[sent, have) still goes to the child
    bool input_done = false;
    while (from_child.valid()) {
        if (input_done && sent == have) to_child.reset();  // EOF for the child
        pollfd fds[3];
        nfds_t n = 0;
        if (!input_done && sent == have) fds[n++] = {STDIN_FILENO, POLLIN, 0};
        if (to_child.valid() && sent < have) fds[n++] = {to_child.get(), POLLOUT, 0};
        fds[n++] = {from_child.get(), POLLIN, 0};
        if (poll(fds, n, -1) < 0) {
            if (errno == EINTR) continue;
            return ipclab::fail(kProg, "poll");
        }
        for (nfds_t i = 0; i < n; ++i) {
            if (fds[i].revents == 0) continue;
            if (fds[i].fd == STDIN_FILENO) {
                ssize_t r = read(STDIN_FILENO, buf.data(), buf.size());
                if (r < 0 && errno != EINTR) return ipclab::fail(kProg, "read");
                if (r == 0) input_done = true;
                if (r > 0) sent = 0, have = static_cast<std::size_t>(r);
            } else if (fds[i].fd == to_child.get()) {
                ssize_t w = write(to_child.get(), buf.data() + sent, have - sent);
                if (w < 0 && errno != EAGAIN && errno != EINTR) return ipclab::fail(kProg, "write");
                if (w > 0) sent += static_cast<std::size_t>(w);  // maybe less than asked
            } else {
                char out[65536];
                ssize_t r = read(from_child.get(), out, sizeof out);
                if (r < 0 && errno != EINTR) return ipclab::fail(kProg, "read");
                if (r == 0) from_child.reset();  // the child has exited: all output is in
                if (r > 0 && !ipclab::write_all(STDOUT_FILENO, out, static_cast<std::size_t>(r)))
                    return ipclab::fail(kProg, "write");
            }
        }
    }
    return 0;
}

}  // namespace
// END SOLUTION

int main(int argc, char*[]) {
    // BEGIN SOLUTION: any argument is exit 2.
    if (argc != 1) return ipclab::usage("pipe_upper < INPUT");
    // END SOLUTION
    // BEGIN SOLUTION: make two pipes and fork a child that runs the filter between them; close the
    // ends each process does not use.
    int down[2], up[2];  // down: parent -> child, up: child -> parent
    if (pipe(down) < 0) return ipclab::fail(kProg, "pipe");
    ipclab::Fd down_r(down[0]), down_w(down[1]);
    if (pipe(up) < 0) return ipclab::fail(kProg, "pipe");
    ipclab::Fd up_r(up[0]), up_w(up[1]);

    pid_t pid = fork();
    if (pid < 0) return ipclab::fail(kProg, "fork");
    if (pid == 0) {
        // The child keeps only its two ends: a copy of down's write end left open here would
        // keep the child from ever seeing end-of-file on its input.
        down_w.reset();
        up_r.reset();
        int rc = upper(down_r, up_w);
        down_r.reset();  // _exit runs no destructors: close by hand
        up_w.reset();
        _exit(rc);
    }
    down_r.reset();
    up_w.reset();
    // END SOLUTION
    // BEGIN SOLUTION: parent: ignore SIGPIPE (a dead child is an EPIPE error), then pump.

    // If the child dies, writing to it raises SIGPIPE; ignore it and report EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);
    int status = pump(std::move(down_w), std::move(up_r));
    // END SOLUTION
    // BEGIN SOLUTION: wait for the child; its failure is exit 1.

    int st = 0;
    if (waitpid(pid, &st, 0) < 0) return ipclab::fail(kProg, "waitpid");
    if (status == 0 && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
        return ipclab::fail_msg(kProg, "child", "did not finish");
    return status;
    // END SOLUTION (main)
}
