// us_server PATH: an upper-casing echo server on a UNIX stream socket, one child per client.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// BEGIN SOLUTION: a SIGTERM/SIGINT handler that only sets a flag.
namespace {

constexpr const char* kProg = "us_server";
volatile sig_atomic_t stop_requested = 0;

void on_stop(int) {
    stop_requested = 1;
}
// END SOLUTION

// BEGIN SOLUTION: serve one client: send back its bytes upper-cased (ASCII letters only) until it
// shuts down its side.

// Sends back everything the client sends, upper-cased, until it shuts down its side.
int serve(int fd) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return 1;
        if (n == 0) return 0;  // the client shut down its sending side: we are done
        for (ssize_t i = 0; i < n; ++i)
            if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = static_cast<char>(buf[i] - 'a' + 'A');
        if (!ipclab::write_all(fd, buf, static_cast<std::size_t>(n))) return 1;  // client gone
    }
}
// END SOLUTION

// BEGIN SOLUTION: a stale socket file at PATH (connect is refused) may be unlinked; anything else
// there is an error.

// A socket file nobody listens on any more (connect is refused) may be replaced; anything
// else at PATH is not ours to remove.
bool clear_stale_socket(const char* path, const sockaddr_un& addr) {
    struct stat st {};
    if (lstat(path, &st) < 0) return errno == ENOENT;
    if (!S_ISSOCK(st.st_mode)) {
        errno = EEXIST;
        return false;
    }
    ipclab::Fd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe.valid()) return false;
    if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
        errno = EADDRINUSE;  // a live server owns it
        return false;
    }
    return errno == ECONNREFUSED && unlink(path) == 0;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: build the address with make_address (too long: exit 1).
    if (argc != 2) return ipclab::usage("us_server PATH");
    const char* path = argv[1];
    sockaddr_un addr{};
    if (!make_address(path, addr)) return ipclab::fail_msg(kProg, path, "path too long");
    // END SOLUTION
    // BEGIN SOLUTION: ignore SIGPIPE; make sure finished children do not stay zombies.

    // A client that vanishes mid-reply must cost us an EPIPE from write, not our life.
    signal(SIGPIPE, SIG_IGN);
    // Children we never wait for are reaped by the kernel at once: no zombies pile up.
    signal(SIGCHLD, SIG_IGN);
    // END SOLUTION
    // BEGIN SOLUTION: catch SIGTERM and SIGINT so that they interrupt your wait (no lost signal).

    // SIGTERM/SIGINT stay blocked except inside ppoll, which unblocks them atomically while it
    // sleeps: a signal can never slip in between checking the flag and going to sleep.
    struct sigaction sa {};
    sa.sa_handler = on_stop;  // no SA_RESTART: the signal must interrupt ppoll
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    sigset_t stops, waiting;
    sigemptyset(&stops);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGINT);
    if (sigprocmask(SIG_BLOCK, &stops, &waiting) < 0) return ipclab::fail(kProg, "sigprocmask");
    const sigset_t original = waiting;
    sigdelset(&waiting, SIGTERM);
    sigdelset(&waiting, SIGINT);
    // END SOLUTION
    // BEGIN SOLUTION: clear a stale socket file at PATH (anything else there is exit 1), then
    // socket, bind, listen, print "ready\n".

    ipclab::Fd listener(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!listener.valid()) return ipclab::fail(kProg, "socket");
    if (!clear_stale_socket(path, addr)) return ipclab::fail(kProg, path);
    if (bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0)
        return ipclab::fail(kProg, "bind");
    if (listen(listener.get(), SOMAXCONN) < 0) {
        int rc = ipclab::fail(kProg, "listen");
        unlink(path);
        return rc;
    }
    if (!ipclab::write_all(STDOUT_FILENO, "ready\n", 6)) return ipclab::fail(kProg, "write");
    // END SOLUTION
    // BEGIN SOLUTION: accept clients and serve each one without holding up the others (fork, or
    // poll).

    int rc = 0;
    while (!stop_requested) {
        pollfd pfd{listener.get(), POLLIN, 0};
        if (ppoll(&pfd, 1, nullptr, &waiting) < 0) {
            if (errno == EINTR) continue;  // a signal: the loop condition decides
            rc = ipclab::fail(kProg, "ppoll");
            break;
        }
        ipclab::Fd conn(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!conn.valid()) {
            if (errno == EINTR || errno == ECONNABORTED) continue;  // that client gave up
            rc = ipclab::fail(kProg, "accept");
            break;
        }
        // One process per client: a slow client blocks only its own child.
        pid_t pid = fork();
        if (pid < 0) continue;  // that client is dropped (conn closes); the others go on
        if (pid == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            sigprocmask(SIG_SETMASK, &original, nullptr);
            listener.reset();  // only the parent accepts
            int rc = serve(conn.get());
            conn.reset();  // _exit runs no destructors: close by hand
            _exit(rc);
        }
    }
    // END SOLUTION
    // BEGIN SOLUTION: on SIGTERM/SIGINT: unlink PATH, exit 0.
    if (unlink(path) < 0 && rc == 0) rc = ipclab::fail(kProg, "unlink");
    return rc;
    // END SOLUTION (main)
}
