// svmsg_rm KEYFILE: remove the message queue of ftok(KEYFILE, 'm').
#include <sys/ipc.h>
#include <sys/msg.h>

#include "ipclab/errors.hpp"
#include "sysv_layout.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly KEYFILE, else exit 2).
    constexpr const char* kProg = "svmsg_rm";
    if (argc != 2) return ipclab::usage("svmsg_rm KEYFILE");
    // END SOLUTION
    // BEGIN SOLUTION: find the queue of ftok(KEYFILE, 'm') (none: exit 1) and remove it with
    // IPC_RMID.
    key_t key = ftok(argv[1], kQueueProj);
    if (key == -1) return ipclab::fail(kProg, "ftok");
    int id = msgget(key, 0);
    if (id == -1) return ipclab::fail(kProg, "msgget");
    // A System V object lives until it is removed explicitly, even with nobody using it.
    if (msgctl(id, IPC_RMID, nullptr) == -1) return ipclab::fail(kProg, "msgctl IPC_RMID");
    return 0;
    // END SOLUTION (main)
}
