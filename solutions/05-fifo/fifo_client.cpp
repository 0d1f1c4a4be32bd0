// fifo_client PATH N: ask the server at the FIFO PATH for N sequence numbers, print the first.
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

// BEGIN SOLUTION: a guard whose destructor removes your reply FIFO, so that every way out of main
// removes it.
namespace {

constexpr const char* kProg = "fifo_client";

// Removes our reply FIFO when main returns, whichever way it returns.
struct Unlinker {
    std::string path;
    ~Unlinker() {
        if (!path.empty()) unlink(path.c_str());
    }
};

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: PATH and N, a decimal from 1 to 1000000 (else exit 2).
    std::uint64_t n = 0;
    if (argc != 3 || !ipclab::parse_u64(argv[2], n, 1000000) || n == 0)
        return ipclab::usage("fifo_client PATH N (1 <= N <= 1000000)");
    // END SOLUTION
    // BEGIN SOLUTION: make your own FIFO with a unique name in $TMPDIR (or /tmp), mode 0600.

    // Our pid makes the name unique among the clients running at the same time.
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = tmp && *tmp ? tmp : "/tmp";
    std::string mine = dir + "/fifo_client." + std::to_string(getpid());
    if (mkfifo(mine.c_str(), 0600) < 0) return ipclab::fail(kProg, "mkfifo");
    Unlinker remove_mine{mine};
    // END SOLUTION
    // BEGIN SOLUTION: open it for reading in a way that does not block, before sending anything.

    // Open our end before sending: then the server's open (O_WRONLY | O_NONBLOCK) finds a
    // reader. O_NONBLOCK, because a plain O_RDONLY would wait here for a writer that only
    // comes after the request we have not sent yet.
    ipclab::Fd in(open(mine.c_str(), O_RDONLY | O_NONBLOCK));
    if (!in.valid()) return ipclab::fail(kProg, "open reply FIFO");
    // END SOLUTION
    // BEGIN SOLUTION: open PATH for writing without blocking (no server: exit 1 with a message).

    // No reader at PATH (no server) is ENXIO at once, where a blocking open would hang.
    ipclab::Fd out(open(argv[1], O_WRONLY | O_NONBLOCK));
    if (!out.valid()) return ipclab::fail(kProg, argv[1]);
    // Back to blocking writes: a full server FIFO should make us wait, not fail.
    int flags = fcntl(out.get(), F_GETFL);
    if (flags < 0 || fcntl(out.get(), F_SETFL, flags & ~O_NONBLOCK) < 0)
        return ipclab::fail(kProg, "fcntl");
    // END SOLUTION
    // BEGIN SOLUTION: send "YOUR_FIFO N\n" with a single write.

    // One write of fewer than PIPE_BUF bytes is atomic: other clients' requests cannot end up
    // in the middle of ours.
    std::string request = mine + " " + argv[2] + "\n";
    if (write(out.get(), request.data(), request.size()) != static_cast<ssize_t>(request.size()))
        return ipclab::fail(kProg, "write request");
    out.reset();
    // END SOLUTION
    // BEGIN SOLUTION: wait for the reply line, print it, and remove your FIFO on every way out.

    std::string reply;
    while (reply.find('\n') == std::string::npos) {
        pollfd p{in.get(), POLLIN, 0};
        if (poll(&p, 1, -1) < 0) {
            if (errno == EINTR) continue;
            return ipclab::fail(kProg, "poll");
        }
        char buf[64];
        ssize_t got = read(in.get(), buf, sizeof buf);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got < 0) return ipclab::fail(kProg, "read reply");
        if (got == 0) return ipclab::fail_msg(kProg, "read reply", "server closed without a reply");
        reply.append(buf, static_cast<std::size_t>(got));
    }
    reply.resize(reply.find('\n') + 1);
    if (!ipclab::write_all(STDOUT_FILENO, reply.data(), reply.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
