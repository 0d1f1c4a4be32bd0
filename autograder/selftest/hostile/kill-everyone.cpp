// Hostile: kill(-1, SIGKILL): every process it may signal.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <signal.h>

int main() {
    kill(-1, SIGKILL);
    return 0;
}
