// mq_rm NAME: remove the message queue NAME.
#include <mqueue.h>

#include "ipclab/errors.hpp"

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: check the arguments (exactly NAME, else exit 2).
    if (argc != 2) return ipclab::usage("mq_rm NAME");
    // END SOLUTION
    // BEGIN SOLUTION: remove the queue; a missing one is exit 1 with a message.

    // Removes the name at once; processes that have the queue open keep using it until they
    // close it, as with a file.
    if (mq_unlink(argv[1]) < 0) return ipclab::fail("mq_rm", argv[1]);
    return 0;
    // END SOLUTION (main)
}
