// Hostile: a fork bomb. The per-uid process limit stops it; the test's deadline and the sandbox's
// PID namespace end it.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <unistd.h>

int main() {
    for (;;)
        fork();
}
