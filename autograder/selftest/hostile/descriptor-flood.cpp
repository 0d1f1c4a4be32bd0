// Hostile: opens descriptors until EMFILE and keeps them.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <fcntl.h>
#include <unistd.h>

int main() {
    while (open("/dev/null", O_RDONLY) >= 0) {
    }
    return 0;
}
