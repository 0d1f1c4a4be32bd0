// svmsg_recv [-n] KEYFILE [TYPE]: receive one message from the queue of ftok(KEYFILE, 'm'),
// chosen by TYPE exactly as msgrcv(2) chooses, and write its bytes to stdout.
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse [-n] KEYFILE [TYPE] with getopt("+n") so that "KEYFILE -3" keeps -3 as TYPE.
    // TODO: msgget(ftok(KEYFILE, 'm'), 0): no queue is exit 1.
    // TODO: msgrcv into a buffer that holds the largest message (msgmax, from IPC_INFO), passing
    // TYPE as it is; with -n, IPC_NOWAIT, and ENOMSG is exit 3.
    // TODO: write exactly the bytes received to stdout.
    std::fprintf(stderr, "svmsg_recv: not implemented\n");
    return 1;
}
