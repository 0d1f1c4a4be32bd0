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
    char state = 0;  // 'R', 'S', 'D', 'T', 'Z'...
    pid_t ppid = 0;  // as our /proc sees it
    double cpu = 0;  // user + system seconds of the process (all its threads)
};
std::optional<Stat> stat(pid_t pid);  // nullopt once the process is gone (reaped)
// The same of one thread (or process) named by its folder: a tasks() entry, or /proc/PID.
std::optional<Stat> stat_of(const std::string& dir);

// CPU seconds the process has used, all its threads together, in nanoseconds rather than the
// 10 ms clock ticks of /proc/PID/stat (the process's CPU clock, clock_getcpuclockid). Readable
// until it is reaped, whoever owns it; nullopt once it is gone.
std::optional<double> cpu_clock(pid_t pid);

// The folders of every thread of PID (/proc/PID/task/TID); none once it is gone.
std::vector<std::string> tasks(pid_t pid);

// Times the process (its main thread) went to sleep in the kernel, and was preempted; -1 if
// gone. A sleeping process that never woke shows the same counts at two looks.
struct Switches {
    long voluntary = -1, involuntary = -1;
    bool operator==(const Switches&) const = default;
};
Switches switches(pid_t pid);
Switches switches_of(const std::string& dir);  // of one thread, named as for stat_of

// The processes whose parent is PID, from /proc/PID/task/*/children (a scan of /proc on kernels
// without that file); and its children's children, and so on.
std::vector<pid_t> children(pid_t pid);
std::vector<pid_t> descendants(pid_t pid);

// The system call a thread (or process) sleeps in, from DIR/syscall (DIR named as for stat_of):
// its number and six arguments, or running while it is on a CPU. Not known when the file
// cannot be read (that takes the right to trace the process).
struct Syscall {
    bool known = false, running = false;
    long nr = -1;  // -1 unless known and not running
    unsigned long long arg[6] = {};
};
Syscall syscall_of(const std::string& dir);
Syscall syscall(pid_t pid);

// Whether signal SIG is set in one of the masks of /proc/PID/status: "SigBlk", "SigIgn",
// "SigCgt", "SigPnd" (pending for a thread) or "ShdPnd" (for the process). False if gone.
bool signal_in(pid_t pid, const char* mask, int sig);

// PID as the innermost PID namespace it belongs to sees it (NSpid in /proc/PID/status).
pid_t ns_pid(pid_t pid);

// One line of /proc/PID/maps: the addresses [start, end), the offset in the file mapped there,
// "rw-s"-style permissions (the fourth letter is 's' for a shared mapping) and the file's path
// ("" for anonymous memory).
struct Mapping {
    unsigned long long start = 0, end = 0, offset = 0;
    std::string perms, path;
    bool shared() const { return perms.size() > 3 && perms[3] == 's'; }
};
std::vector<Mapping> mappings(pid_t pid);

// One open descriptor of a process: its number, what its /proc/PID/fd link names
// ("pipe:[123]", a path...), and whether it is open for writing (from /proc/PID/fdinfo).
struct Descriptor {
    long fd = -1;
    std::string target;
    bool writes = false;
};
std::vector<Descriptor> descriptors(pid_t pid);
std::string fd_target(pid_t pid, long fd);  // "" if there is no such descriptor

// The whole of a small file ("" if it cannot be read).
std::string read_file(const std::string& path);

}  // namespace grade::procfs
