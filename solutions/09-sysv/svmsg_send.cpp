// svmsg_send [-n] KEYFILE TYPE: send all of stdin as one message of type TYPE to the System V
// message queue of ftok(KEYFILE, 'm'), creating the queue if needed.
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
    // BEGIN SOLUTION: parse [-n] KEYFILE TYPE with getopt("+n"); TYPE is a positive decimal (else
    // exit 2).
    constexpr const char* kProg = "svmsg_send";
    constexpr const char* kUsage = "svmsg_send [-n] KEYFILE TYPE";
    int flags = 0;
    opterr = 0;
    for (int opt; (opt = getopt(argc, argv, "+n")) != -1;) {
        if (opt != 'n') return ipclab::usage(kUsage);
        flags |= IPC_NOWAIT;  // a full queue becomes EAGAIN instead of a wait
    }
    std::uint64_t type = 0;
    if (optind != argc - 2 || !ipclab::parse_u64(argv[optind + 1], type, LONG_MAX) || type == 0)
        return ipclab::usage(kUsage);
    // END SOLUTION
    // BEGIN SOLUTION: msgget(ftok(KEYFILE, 'm'), IPC_CREAT | 0600).

    key_t key = ftok(argv[optind], kQueueProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");
    int id = msgget(key, IPC_CREAT | 0600);
    if (id == -1) return ipclab::fail(kProg, "msgget");
    // END SOLUTION
    // BEGIN SOLUTION: read all of stdin; larger than min(msgmax, msg_qbytes)? exit 1 naming the
    // limit.

    std::string payload;
    if (!ipclab::read_all(STDIN_FILENO, payload)) return ipclab::fail(kProg, "read");

    // A message must fit both the system-wide maximum (msgmax) and this queue's byte budget
    // (msg_qbytes): a bigger one could never be sent, so say so instead of waiting forever.
    msginfo info{};
    msqid_ds ds{};
    if (msgctl(0, IPC_INFO, reinterpret_cast<msqid_ds*>(&info)) == -1)
        return ipclab::fail(kProg, "msgctl IPC_INFO");
    if (msgctl(id, IPC_STAT, &ds) == -1) return ipclab::fail(kProg, "msgctl IPC_STAT");
    const std::size_t limit = std::min<std::size_t>(info.msgmax, ds.msg_qbytes);
    if (payload.size() > limit) {
        std::fprintf(stderr, "%s: message of %zu bytes exceeds the queue's limit of %zu bytes\n",
                     kProg, payload.size(), limit);
        return 1;
    }
    // END SOLUTION
    // BEGIN SOLUTION: build [long mtype][bytes] and msgsnd it (msgsz = the bytes only); with -n,
    // IPC_NOWAIT, and EAGAIN (queue full) is exit 3.

    // The kernel expects a long (the type) followed by the text; msgsz counts the text only.
    std::vector<char> msg(sizeof(long) + payload.size());
    const long mtype = static_cast<long>(type);
    std::memcpy(msg.data(), &mtype, sizeof mtype);
    std::memcpy(msg.data() + sizeof mtype, payload.data(), payload.size());
    while (msgsnd(id, msg.data(), payload.size(), flags) == -1) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) {
            std::fprintf(stderr, "%s: queue full\n", kProg);
            return 3;
        }
        return ipclab::fail(kProg, "msgsnd");
    }
    return 0;
    // END SOLUTION (main)
}
