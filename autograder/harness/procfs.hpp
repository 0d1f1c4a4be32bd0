// What /proc says about a process, read in one place: its state, parent and CPU time
// (/proc/PID/stat), how often it went to sleep (/proc/PID/status), its children. Every reading
// is a snapshot of a process that may change or vanish meanwhile: a vanished one reads as empty.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace grade::procfs {

struct Stat {
    char state = 0;           // 'R', 'S', 'D', 'T', 'Z'...
    pid_t ppid = 0;           // as our /proc sees it
    double cpu = 0;           // user + system seconds of the process (all its threads)
    double children_cpu = 0;  // user + system seconds of the children it has waited for
};
std::optional<Stat> stat(pid_t pid);  // nullopt once the process is gone (reaped)

// Times the process (its main thread) went to sleep in the kernel, and was preempted; -1 if
// gone. A sleeping process that never woke shows the same counts at two looks.
struct Switches {
    long voluntary = -1, involuntary = -1;
    bool operator==(const Switches&) const = default;
};
Switches switches(pid_t pid);

// The processes whose parent is PID, from /proc/PID/task/*/children (a scan of /proc on kernels
// without that file); and its children's children, and so on.
std::vector<pid_t> children(pid_t pid);
std::vector<pid_t> descendants(pid_t pid);

// PID as the innermost PID namespace it belongs to sees it (NSpid in /proc/PID/status).
pid_t ns_pid(pid_t pid);

// The machine's CPU time so far (/proc/stat, in clock ticks, all CPUs together): how much of
// it was idle. Two readings tell how busy the machine was in between.
struct CpuTime {
    unsigned long long idle = 0, total = 0;
};
CpuTime cpu_time();

// The whole of a small file ("" if it cannot be read).
std::string read_file(const std::string& path);

}  // namespace grade::procfs
