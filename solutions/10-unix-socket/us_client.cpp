// us_client PATH: send all of stdin to the server at PATH, then copy its reply to stdout.
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "socket_path.hpp"

// BEGIN SOLUTION: copy one descriptor to another until end-of-file.
namespace {

constexpr const char* kProg = "us_client";

// Copies FROM to TO until end-of-file. False on error (errno set).
bool copy(int from, int to) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n == 0;
        if (!ipclab::write_all(to, buf, static_cast<std::size_t>(n))) return false;
    }
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: connect to PATH (no server, or PATH too long: exit 1 with a message).
    if (argc != 2) return ipclab::usage("us_client PATH");
    sockaddr_un addr{};
    if (!make_address(argv[1], addr)) return ipclab::fail_msg(kProg, argv[1], "path too long");
    ipclab::Fd sock(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!sock.valid()) return ipclab::fail(kProg, "socket");
    if (connect(sock.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0)
        return ipclab::fail(kProg, "connect");
    // END SOLUTION
    // BEGIN SOLUTION: send all of stdin and read the reply at the same time (a child, a thread or
    // poll): sending everything first can deadlock with a server that answers as data arrives.
    // After the last byte, shutdown(SHUT_WR).

    // Sending and receiving must overlap: a server that replies as bytes arrive stops reading
    // once its replies fill the socket, so a client that first sends everything would wait
    // for it forever. A child sends while we receive.
    pid_t pid = fork();
    if (pid < 0) return ipclab::fail(kProg, "fork");
    if (pid == 0) {
        signal(SIGPIPE, SIG_IGN);  // a server that hangs up early is an error, not a kill
        bool ok = copy(STDIN_FILENO, sock.get());
        if (!ok) ipclab::fail(kProg, "send");
        // shutdown, not close: the parent still holds the socket, and only shutdown tells the
        // server "no more data" while the connection stays open for its reply.
        if (shutdown(sock.get(), SHUT_WR) < 0) {
            ipclab::fail(kProg, "shutdown");
            ok = false;
        }
        sock.reset();  // _exit runs no destructors: close by hand
        _exit(ok ? 0 : 1);
    }
    // END SOLUTION
    // BEGIN SOLUTION: copy the reply to stdout until EOF; a failed send is exit 1 too.
    int rc = copy(sock.get(), STDOUT_FILENO) ? 0 : ipclab::fail(kProg, "receive");
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return ipclab::fail(kProg, "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
    return rc;
    // END SOLUTION (main)
}
