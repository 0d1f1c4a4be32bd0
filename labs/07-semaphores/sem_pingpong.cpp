// sem_pingpong NAME ROUNDS ping|pong: two processes take turns through the named semaphores
// NAME-ping and NAME-pong; each side writes its word ROUNDS times.
// Read handouts/07-semaphores.md first. Replace each TODO with your code.
#include <fcntl.h>
#include <semaphore.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"

// TODO: a class that owns an open named semaphore and sem_closes it when it goes out of scope.

int main(int argc, char* argv[]) {
    (void)argc;
    (void)argv;
    // TODO: parse NAME ROUNDS ping|pong (anything else is exit 2).
    // TODO: open NAME-ping (initial value 1) and NAME-pong (0), both with O_CREAT and mode 0600.
    // TODO: ROUNDS times: wait on your own semaphore, write your word and a newline, post the
    // other's.
    // TODO: close both; the pong side also removes both names (sem_unlink).
    std::fprintf(stderr, "sem_pingpong: not implemented\n");
    return 1;
}
