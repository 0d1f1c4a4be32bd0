// What a traced program still holds as it exits (traced_exit.hpp).
#include "traced_exit.hpp"

#include <dirent.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <sstream>

#include "procfs.hpp"

namespace grade::traced_exit {

void trace_me() {
    ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
}

void on_stop(pid_t pid, int status, bool& set_up, std::vector<std::string>& held) {
    if (!set_up) {  // the SIGTRAP that follows a traced execve
        ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL);
        set_up = true;
        ptrace(PTRACE_CONT, pid, nullptr, nullptr);
    } else if ((status >> 16) == PTRACE_EVENT_EXIT) {
        // The program is exiting but has not yet released anything: look at what it holds.
        for (auto& h : held_by(pid))
            held.push_back(std::move(h));
        ptrace(PTRACE_CONT, pid, nullptr, nullptr);
    } else {
        ptrace(PTRACE_CONT, pid, nullptr, WSTOPSIG(status));  // pass the signal on
    }
}

std::vector<std::string> held_by(pid_t pid) {
    std::vector<std::string> held;
    const std::string base = "/proc/" + std::to_string(pid);
    if (DIR* d = opendir((base + "/fd").c_str())) {
        while (dirent* e = readdir(d)) {
            int n = std::atoi(e->d_name);
            if (e->d_name[0] == '.' || n <= 2) continue;
            char target[512] = {};
            ssize_t len = readlink((base + "/fd/" + e->d_name).c_str(), target, sizeof target - 1);
            if (len > 0)
                held.push_back("descriptor " + std::string(e->d_name) + " (" + target + ")");
        }
        closedir(d);
    }
    std::istringstream maps(procfs::read_file(base + "/maps"));
    std::string line;
    std::set<std::string> seen;
    while (std::getline(maps, line)) {
        std::istringstream f(line);
        std::string range, perms, off, dev, inode, path;
        f >> range >> perms >> off >> dev >> inode;
        std::getline(f >> std::ws, path);
        bool shared = perms.size() > 3 && perms[3] == 's';
        if ((shared || path.rfind("/dev/shm/", 0) == 0) && seen.insert(path).second)
            held.push_back("mapping of " + (path.empty() ? "anonymous memory" : path));
    }
    // Children it never waited for: zombies now, orphans once it is gone.
    for (pid_t child : procfs::children(pid)) {
        auto stat = procfs::stat(child);
        held.push_back(std::string(stat && stat->state == 'Z' ? "zombie" : "running") +
                       " child process " + std::to_string(child));
    }
    return held;
}

}  // namespace grade::traced_exit
