// What a traced program still holds as it exits (traced_exit.hpp).
#include "traced_exit.hpp"

#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

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
    for (const auto& d : procfs::descriptors(pid))
        if (d.fd > 2) held.push_back("descriptor " + std::to_string(d.fd) + " (" + d.target + ")");
    std::set<std::string> seen;
    for (const auto& m : procfs::mappings(pid))
        if ((m.shared() || m.path.rfind("/dev/shm/", 0) == 0) && seen.insert(m.path).second)
            held.push_back("mapping of " + (m.path.empty() ? "anonymous memory" : m.path));
    // Children it never waited for: zombies now, orphans once it is gone.
    for (pid_t child : procfs::children(pid)) {
        auto stat = procfs::stat(child);
        held.push_back(std::string(stat && stat->state == 'Z' ? "zombie" : "running") +
                       " child process " + std::to_string(child));
    }
    return held;
}

}  // namespace grade::traced_exit
