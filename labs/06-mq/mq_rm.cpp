// mq_rm NAME: remove the message queue NAME.
// Read handouts/06-mq.md first. Replace each TODO with your code.
#include <mqueue.h>
#include <cstdio>

#include "ipclab/errors.hpp"

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: check the arguments (exactly NAME, else exit 2).
    // TODO: remove the queue; a missing one is exit 1 with a message.
    std::fprintf(stderr, "mq_rm: not implemented\n");
    return 1;
}
