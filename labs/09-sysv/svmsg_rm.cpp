// svmsg_rm KEYFILE: remove the message queue of ftok(KEYFILE, 'm').
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <cstdio>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: find the queue of ftok(KEYFILE, 'm') (none: exit 1) and remove it with IPC_RMID.
    std::fprintf(stderr, "svmsg_rm: not implemented\n");
    return 1;
}
