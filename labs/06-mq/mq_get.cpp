// mq_get [-n] [-p] [-t SECONDS] NAME: receive one message from the queue NAME, write it out.
// Read handouts/06-mq.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mq.hpp"

// TODO: parse SECONDS, a plain decimal with an optional fraction (std::from_chars helps).

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse -n, -p and -t SECONDS before NAME (getopt); -n with -t is exit 2.
    // TODO: open NAME for reading (-n: O_NONBLOCK).
    // TODO: size the buffer from the queue's mq_msgsize (mq_getattr), not from a constant.
    // TODO: receive one message (with -t: mq_timedreceive and an absolute CLOCK_REALTIME deadline).
    // TODO: empty with -n (EAGAIN) or timed out (ETIMEDOUT): exit 3.
    // TODO: write "PRIO " first with -p, then exactly the message's bytes.
    std::fprintf(stderr, "mq_get: not implemented\n");
    return 1;
}
