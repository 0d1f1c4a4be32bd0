// pipeline CMD1 CMD2 [CMD...]: run CMD1 | CMD2 | ... and exit with the last command's status.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "ipclab/errors.hpp"

// BEGIN SOLUTION: split a CMD into words at runs of blanks (std::istringstream does it).
namespace {

constexpr const char* kProg = "pipeline";

// Splits CMD into words at runs of blanks, as the shell does for unquoted words.
std::vector<std::string> words(const char* cmd) {
    std::istringstream in(cmd);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}
// END SOLUTION

// BEGIN SOLUTION: the child's side: dup2 the pipe ends onto 0 and 1, close every other pipe end,
// execvp (failure: message, _exit(127)).

// In the child, after fork: make IN and OUT its stdin and stdout, close every other pipe end,
// and become the command. Never returns: exec replaces us, or we exit (127: cannot run it).
[[noreturn]] void run_command(const std::vector<std::string>& argv, int in, int out, int unused) {
    if (unused >= 0) close(unused);  // the read end of our own output pipe belongs to the next
    // dup2 puts the pipe on 0 or 1; the original descriptor is then an extra copy that the
    // command would inherit (and a leftover write end keeps the reader from seeing EOF).
    if (in != STDIN_FILENO) {
        if (dup2(in, STDIN_FILENO) < 0) _exit(ipclab::fail(kProg, "dup2"));
        close(in);
    }
    if (out != STDOUT_FILENO) {
        if (dup2(out, STDOUT_FILENO) < 0) _exit(ipclab::fail(kProg, "dup2"));
        close(out);
    }
    std::vector<char*> args;
    for (const auto& w : argv)
        args.push_back(const_cast<char*>(w.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    // Only reached if exec failed: 127 is the shell's code for "could not run it".
    std::fprintf(stderr, "%s: %s: %s\n", kProg, args[0], std::strerror(errno));
    _exit(127);
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: split each CMD into words; fewer than two CMDs or a CMD without words is
    // exit 2.
    if (argc < 3) return ipclab::usage("pipeline CMD1 CMD2 [CMD...]");
    std::vector<std::vector<std::string>> cmds;
    for (int i = 1; i < argc; ++i) {
        cmds.push_back(words(argv[i]));
        if (cmds.back().empty()) return ipclab::usage("pipeline CMD1 CMD2 [CMD...] (no empty CMD)");
    }
    // END SOLUTION
    // BEGIN SOLUTION: for each command: pipe (except for the last), fork, run it in the child; in
    // the parent, close each pipe end as soon as a child has it.

    std::vector<pid_t> pids;
    int status = 0;
    int in = STDIN_FILENO;  // what the next command reads: our stdin, then each pipe in turn
    for (std::size_t i = 0; i < cmds.size(); ++i) {
        int p[2] = {-1, STDOUT_FILENO};  // the last command writes to our stdout
        if (i + 1 < cmds.size() && pipe(p) < 0) {
            status = ipclab::fail(kProg, "pipe");
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            status = ipclab::fail(kProg, "fork");
            if (p[0] >= 0) {
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        if (pid == 0) run_command(cmds[i], in, p[1], p[0]);
        pids.push_back(pid);
        // The parent keeps no pipe end it does not need: the write end now belongs to the
        // child alone (so its reader sees EOF when it exits), and the previous read end has
        // been handed to the child that reads it.
        if (in != STDIN_FILENO) close(in);
        if (p[1] != STDOUT_FILENO) close(p[1]);
        in = p[0];
    }
    if (in >= 0 && in != STDIN_FILENO) close(in);
    // END SOLUTION
    // BEGIN SOLUTION: wait for every child; exit with the last one's status (128 + N if signal N
    // killed it).

    // Reap every child (no zombies); the pipeline's status is the last command's.
    int last = 0;
    for (pid_t pid : pids) {
        int st = 0;
        while (waitpid(pid, &st, 0) < 0)
            if (errno != EINTR) return ipclab::fail(kProg, "waitpid");
        last = st;
    }
    if (status != 0) return status;
    if (WIFSIGNALED(last)) return 128 + WTERMSIG(last);
    return WEXITSTATUS(last);
    // END SOLUTION (main)
}
