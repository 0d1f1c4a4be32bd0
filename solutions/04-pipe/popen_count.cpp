// popen_count CMD: run CMD through the shell, count the lines and bytes of its output, and exit
// with its status.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>

#include "ipclab/errors.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments: exactly one CMD (anything else is exit 2).
    constexpr const char* kProg = "popen_count";
    if (argc != 2) return ipclab::usage("popen_count CMD");
    // END SOLUTION
    // BEGIN SOLUTION: popen(CMD, "r") and read its output in blocks, counting '\n' bytes and all
    // bytes.

    // popen forks a child, runs `/bin/sh -c CMD` in it, and gives us the read end of a pipe
    // connected to its stdout.
    std::FILE* out = popen(argv[1], "r");
    if (!out) return ipclab::fail(kProg, "popen");

    // fread, not fgets: the output is bytes, may contain NULs, and lines may be any length.
    // A line is a '\n'; a last line without one adds bytes but no line.
    unsigned long long lines = 0, bytes = 0;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out)) > 0;) {
        bytes += n;
        lines += static_cast<unsigned long long>(std::count(buf, buf + n, '\n'));
    }
    // END SOLUTION
    // BEGIN SOLUTION: pclose, print "LINES BYTES\n", and exit with CMD's exit code (128 + N for
    // signal N).
    const bool read_failed = std::ferror(out);
    // pclose waits for the shell and returns its status in waitpid's encoding: decode it.
    int st = pclose(out);
    if (read_failed) return ipclab::fail(kProg, "fread");
    if (st < 0) return ipclab::fail(kProg, "pclose");

    std::printf("%llu %llu\n", lines, bytes);
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
    // END SOLUTION (main)
}
