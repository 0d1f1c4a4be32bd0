// svmsg_send [-n] KEYFILE TYPE: send all of stdin as one message of type TYPE to the System V
// message queue of ftok(KEYFILE, 'm'), creating the queue if needed.
// Read handouts/09-sysv.md first. Replace each TODO with your code.
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse [-n] KEYFILE TYPE with getopt("+n"); TYPE is a positive decimal (else exit 2).
    // TODO: msgget(ftok(KEYFILE, 'm'), IPC_CREAT | 0600).
    // TODO: read all of stdin; larger than min(msgmax, msg_qbytes)? exit 1 naming the limit.
    // TODO: build [long mtype][bytes] and msgsnd it (msgsz = the bytes only); with -n, IPC_NOWAIT,
    // and EAGAIN (queue full) is exit 3.
    std::fprintf(stderr, "svmsg_send: not implemented\n");
    return 1;
}
