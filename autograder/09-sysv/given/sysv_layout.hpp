// What the System V programs of this lab agree on: the project letters for ftok, and the
// layout of the shared segment used by svshm_send and svshm_recv.
#pragma once

#include <cstddef>
#include <cstdint>

constexpr int kQueueProj = 'm';    // ftok(KEYFILE, 'm'): the message queue
constexpr int kSegmentProj = 's';  // ftok(KEYFILE, 's'): the segment and the semaphore set

constexpr std::size_t kBlock = 65536;  // payload bytes carried per round trip

// The segment: how many bytes of data[] are valid in this block (0 marks the end).
struct Shared {
    std::uint64_t length;
    unsigned char data[kBlock];
};
static_assert(sizeof(Shared) == 8 + kBlock);

// semctl's fourth argument: the caller must define this union itself (see semctl(2)).
union semun {
    int val;
    struct semid_ds* buf;
    unsigned short* array;
};
