// pipeline CMD1 CMD2 [CMD...]: run CMD1 | CMD2 | ... and exit with the last command's status.
// Read handouts/04-pipe.md first. Replace each TODO with your code.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "ipclab/errors.hpp"

// TODO: split a CMD into words at runs of blanks (std::istringstream does it).

// TODO: the child's side: dup2 the pipe ends onto 0 and 1, close every other pipe end, execvp
// (failure: message, _exit(127)).

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: split each CMD into words; fewer than two CMDs or a CMD without words is exit 2.
    // TODO: for each command: pipe (except for the last), fork, run it in the child; in the parent,
    // close each pipe end as soon as a child has it.
    // TODO: wait for every child; exit with the last one's status (128 + N if signal N killed it).
    std::fprintf(stderr, "pipeline: not implemented\n");
    return 1;
}
