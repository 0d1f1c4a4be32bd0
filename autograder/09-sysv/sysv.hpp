// Grader-side access to the System V objects of lab 09: keys from a fresh key file, the
// grader's own msgsnd/msgrcv, and what /proc/sysvipc says exists.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace grade {

// A fresh, empty key file and the two keys the contract derives from it. Every queue, segment
// and semaphore set with these keys is removed when the test ends.
struct KeyFile {
    std::string path;
    key_t queue_key;    // ftok(path, 'm')
    key_t segment_key;  // ftok(path, 's'): the segment and the semaphore set
};
KeyFile fresh_keyfile();

// One line of /proc/sysvipc/{msg,shm,sem} for KEY, split into fields; nullopt if none.
struct SysvEntry {
    unsigned perms = 0;
    unsigned long long size = 0;   // msg: cbytes, shm: size, sem: nsems
    unsigned long long count = 0;  // msg: qnum
};
std::optional<SysvEntry> sysv_entry(const char* kind, key_t key);

std::size_t msg_limit();  // the largest message a fresh queue accepts: min(msgmax, msgmnb)

int grader_queue(key_t key);                                     // get or create (mode 0600)
void put_message(int qid, long type, const std::string& bytes);  // never blocks
struct Message {
    long type;
    std::string bytes;
};
std::optional<Message> take_message(int qid, long type);  // never blocks; nullopt if none
std::size_t queue_length(int qid);

// Processes sleeping in semop on any semaphore of the set of KEY (GETNCNT + GETZCNT).
int sem_waiters(key_t key);

}  // namespace grade
