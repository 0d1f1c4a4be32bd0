// ring.hpp: the layout of a bounded buffer in shared memory. Given: do not edit. Every program of
// the lab, and the grader, read the object through this struct.
//
//   | capacity | head | tail | free_slots | used_slots | mutex | slot 0 | slot 1 | ... |
//
// Items are std::uint64_t. Producers put an item at slots()[tail], consumers take it from
// slots()[head]; both indices stay below capacity (they wrap around to 0).
#pragma once

#include <semaphore.h>

#include <cstddef>
#include <cstdint>

struct Ring {
    std::uint64_t capacity;  // number of slots, set once by bb_init
    std::uint64_t head;      // next slot to take; 0 <= head < capacity
    std::uint64_t tail;      // next slot to fill; 0 <= tail < capacity
    sem_t free_slots;        // how many slots are empty: starts at capacity
    sem_t used_slots;        // how many slots hold an item: starts at 0
    sem_t mutex;             // 1 while nobody touches head, tail or the slots
    // The slots follow the struct directly (sizeof(Ring) is a multiple of 8).
    std::uint64_t* slots() { return reinterpret_cast<std::uint64_t*>(this + 1); }
};

// The largest ring bb_init makes: 2^20 slots (8 MiB of items).
constexpr std::uint64_t kMaxCapacity = std::uint64_t{1} << 20;

// The size of the shared memory object that holds a ring of CAPACITY slots.
constexpr std::size_t ring_bytes(std::uint64_t capacity) {
    return sizeof(Ring) + capacity * sizeof(std::uint64_t);
}
