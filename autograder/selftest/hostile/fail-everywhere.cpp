// Hostile: every program of every lab reports a failed operation and exits 1, whatever its
// arguments. A test that such a program passes accepts an error as evidence; each must first see
// the program work on valid input.
//
// replaces: 01-shm-open/*
// replaces: 02-shm-rw/*
// replaces: 03-mmap-file/*
// replaces: 04-pipe/*
// replaces: 05-fifo/*
// replaces: 06-mq/*
// replaces: 07-semaphores/*
// replaces: 08-flock/*
// replaces: 09-sysv/*
// replaces: 10-unix-socket/*
// replaces: 11-signals/*
// replaces: 12-ipc-bench/*
// replaces: 13-vm/*
// fails: *
#include <cstdio>

int main() {
    std::fputs("x: failed: No such file or directory\n", stderr);
    return 1;
}
