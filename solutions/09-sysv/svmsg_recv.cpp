// svmsg_recv [-n] KEYFILE [TYPE]: receive one message from the queue of ftok(KEYFILE, 'm'),
// chosen by TYPE exactly as msgrcv(2) chooses, and write its bytes to stdout.
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
    // BEGIN SOLUTION: parse [-n] KEYFILE [TYPE] with getopt("+n") so that "KEYFILE -3" keeps -3 as
    // TYPE.
    constexpr const char* kProg = "svmsg_recv";
    constexpr const char* kUsage = "svmsg_recv [-n] KEYFILE [TYPE]";
    int flags = 0;
    opterr = 0;
    // "+": stop at the first non-option, so that the "-3" in "KEYFILE -3" stays a TYPE.
    for (int opt; (opt = getopt(argc, argv, "+n")) != -1;) {
        if (opt != 'n') return ipclab::usage(kUsage);
        flags |= IPC_NOWAIT;
    }
    if (argc - optind < 1 || argc - optind > 2) return ipclab::usage(kUsage);
    long type = 0;
    if (argc - optind == 2) {
        std::string_view text = argv[optind + 1];
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), type);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
            return ipclab::usage(kUsage);
    }
    // END SOLUTION
    // BEGIN SOLUTION: msgget(ftok(KEYFILE, 'm'), 0): no queue is exit 1.

    key_t key = ftok(argv[optind], kQueueProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");
    int id = msgget(key, 0);  // no IPC_CREAT: receiving from a queue nobody made is an error
    if (id == -1) return ipclab::fail(kProg, "msgget");
    // END SOLUTION
    // BEGIN SOLUTION: msgrcv into a buffer that holds the largest message (msgmax, from IPC_INFO),
    // passing TYPE as it is; with -n, IPC_NOWAIT, and ENOMSG is exit 3.

    // No message can be larger than msgmax, so a buffer that size takes any of them whole.
    msginfo info{};
    if (msgctl(0, IPC_INFO, reinterpret_cast<msqid_ds*>(&info)) == -1)
        return ipclab::fail(kProg, "msgctl IPC_INFO");
    std::vector<char> msg(sizeof(long) + static_cast<std::size_t>(info.msgmax));

    ssize_t n;
    while ((n = msgrcv(id, msg.data(), msg.size() - sizeof(long), type, flags)) == -1) {
        if (errno == EINTR) continue;
        if (errno == ENOMSG) {  // IPC_NOWAIT and nothing matching TYPE
            std::fprintf(stderr, "%s: queue empty\n", kProg);
            return 3;
        }
        return ipclab::fail(kProg, "msgrcv");
    }
    // END SOLUTION
    // BEGIN SOLUTION: write exactly the bytes received to stdout.
    if (!ipclab::write_all(STDOUT_FILENO, msg.data() + sizeof(long), static_cast<std::size_t>(n)))
        return ipclab::fail(kProg, "write");
    return 0;
    // END SOLUTION (main)
}
