// pipe_echo STRING: send STRING to a child through one pipe; the child sends it back through a
// second pipe; print what comes back and a newline.
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// BEGIN SOLUTION: the child's work: read everything from the first pipe, write it to the second.
namespace {

// The child: everything from IN goes back out on OUT.
int echo_back(const ipclab::Fd& in, const ipclab::Fd& out) {
    std::string text;
    if (!ipclab::read_all(in.get(), text)) return ipclab::fail("pipe_echo", "read");
    if (!ipclab::write_all(out.get(), text.data(), text.size()))
        return ipclab::fail("pipe_echo", "write");
    return 0;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: exactly one STRING (anything else is exit 2).
    constexpr const char* kProg = "pipe_echo";
    if (argc != 2) return ipclab::usage("pipe_echo STRING");
    const char* text = argv[1];
    // END SOLUTION
    // BEGIN SOLUTION: make two pipes and fork; in each process close the ends it does not use.

    int down[2], up[2];  // down: parent -> child, up: child -> parent
    if (pipe(down) < 0) return ipclab::fail(kProg, "pipe");
    ipclab::Fd down_r(down[0]), down_w(down[1]);
    if (pipe(up) < 0) return ipclab::fail(kProg, "pipe");
    ipclab::Fd up_r(up[0]), up_w(up[1]);

    pid_t pid = fork();
    if (pid < 0) return ipclab::fail(kProg, "fork");
    if (pid == 0) {
        // Close the ends the child does not use: while any process holds a write end of
        // `down` open, the child's read never sees end-of-file.
        down_w.reset();
        up_r.reset();
        int rc = echo_back(down_r, up_w);
        down_r.reset();  // _exit runs no destructors: close by hand
        up_w.reset();
        _exit(rc);
    }
    down_r.reset();
    up_w.reset();
    // END SOLUTION
    // BEGIN SOLUTION: parent: write STRING, close, read everything back, wait for the child, print
    // it and \n.

    // Send, then close: the close is the end-of-file the child waits for. The string fits in
    // no pipe (100000 bytes > 64 KiB), but the child reads while we write, so this finishes.
    int status = 0;
    if (!ipclab::write_all(down_w.get(), text, std::strlen(text)))
        status = ipclab::fail(kProg, "write");
    down_w.reset();
    std::string back;
    if (status == 0 && !ipclab::read_all(up_r.get(), back)) status = ipclab::fail(kProg, "read");

    int st = 0;  // reap the child, or it stays a zombie until we exit
    if (waitpid(pid, &st, 0) < 0) return ipclab::fail(kProg, "waitpid");
    if (status != 0) return status;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return ipclab::fail_msg(kProg, "child", "did not echo the string");
    back += '\n';
    if (!ipclab::write_all(STDOUT_FILENO, back.data(), back.size()))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
