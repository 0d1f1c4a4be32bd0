// pipe_upper: stream stdin through a child that upper-cases it, and the result to stdout.
// Read handouts/04-pipe.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// TODO: the child's filter: copy one pipe into the other, upper-casing ASCII letters.

// TODO: the parent's pump: move stdin to the child and the child's output to stdout at the same
// time (poll), never all of one before the other: both pipes fill up and everyone waits forever.
// Close the pipe to the child at the end of stdin; read until EOF.

int main(int argc, char*[]) {
    (void)argc;
    // TODO: any argument is exit 2.
    // TODO: make two pipes and fork a child that runs the filter between them; close the ends each
    // process does not use.
    // TODO: parent: ignore SIGPIPE (a dead child is an EPIPE error), then pump.
    // TODO: wait for the child; its failure is exit 1.
    std::fprintf(stderr, "pipe_upper: not implemented\n");
    return 1;
}
