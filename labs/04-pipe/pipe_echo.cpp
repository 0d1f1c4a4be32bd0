// pipe_echo STRING: send STRING to a child through one pipe; the child sends it back through a
// second pipe; print what comes back and a newline.
// Read handouts/04-pipe.md first. Replace each TODO with your code.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"

// TODO: the child's work: read everything from the first pipe, write it to the second.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments: exactly one STRING (anything else is exit 2).
    // TODO: make two pipes and fork; in each process close the ends it does not use.
    // TODO: parent: write STRING, close, read everything back, wait for the child, print it and \n.
    std::fprintf(stderr, "pipe_echo: not implemented\n");
    return 1;
}
