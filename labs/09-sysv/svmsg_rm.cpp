// svmsg_rm KEYFILE: remove the message queue of ftok(KEYFILE, 'm').
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/msg.h>
#include <cstdio>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly KEYFILE, else exit 2).
    // TODO: find the queue of ftok(KEYFILE, 'm') (none: exit 1) and remove it with IPC_RMID.
    std::fprintf(stderr, "svmsg_rm: not implemented\n");
    return 1;
}
