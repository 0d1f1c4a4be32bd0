// Hostile: ignores SIGTERM and leaves a grandchild in a session of its own, then exits 0.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <signal.h>
#include <unistd.h>

int main() {
    signal(SIGTERM, SIG_IGN);
    if (fork() == 0) {
        setsid();
        if (fork() == 0)
            for (;;)
                pause();  // the grandchild: no parent, no group, no terminal
        return 0;
    }
    return 0;
}
