// Hostile: an infinite loop that never makes a system call.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
int main() {
    for (volatile unsigned long i = 0;; ++i) {
    }
}
