#include "procfs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace grade::procfs {
namespace {

std::string proc_path(pid_t pid, const char* what) {
    return "/proc/" + std::to_string(pid) + "/" + what;
}

// The number after KEY at the start of a line of /proc/PID/status; -1 if there is none.
long status_field(const std::string& status, const char* key) {
    const auto at = status.find(key);
    return at == std::string::npos ? -1 : std::atol(status.c_str() + at + std::strlen(key));
}

// Every pid that names PID as its parent in /proc/*/stat: the slow way, for kernels without
// the children files.
std::vector<pid_t> children_by_scan(pid_t pid) {
    std::vector<pid_t> found;
    if (DIR* d = opendir("/proc")) {
        while (dirent* e = readdir(d)) {
            const pid_t p = std::atoi(e->d_name);
            if (p <= 0) continue;
            if (auto s = stat(p); s && s->ppid == pid) found.push_back(p);
        }
        closedir(d);
    }
    return found;
}

}  // namespace

std::string read_file(const std::string& path) {
    std::string text;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return text;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        text.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return text;
}

std::optional<Stat> stat(pid_t pid) {
    return stat_of("/proc/" + std::to_string(pid));
}

std::vector<std::string> tasks(pid_t pid) {
    std::vector<std::string> found;
    const std::string dir = proc_path(pid, "task");
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.') found.push_back(dir + "/" + e->d_name);
        closedir(d);
    }
    return found;
}

std::optional<Stat> stat_of(const std::string& dir) {
    const std::string text = read_file(dir + "/stat");
    // The command name in parentheses may hold anything, ')' and spaces included: the fields
    // that follow start after the last ')'. After it: state (3), ppid (4) ... utime (14),
    // stime (15), numbered as in proc(5).
    const auto paren = text.rfind(')');
    if (paren == std::string::npos || paren + 2 >= text.size()) return std::nullopt;
    Stat s;
    s.state = text[paren + 2];
    const char* p = text.c_str() + paren + 3;
    double ticks[16] = {};
    for (int field = 4; field <= 15; ++field) {
        char* end = nullptr;
        ticks[field] = std::strtod(p, &end);
        if (end == p) break;
        p = end;
    }
    static const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    s.ppid = static_cast<pid_t>(ticks[4]);
    s.cpu = (ticks[14] + ticks[15]) / hz;
    return s;
}

std::optional<double> cpu_clock(pid_t pid) {
    clockid_t clock{};
    timespec t{};
    if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &t) != 0) return std::nullopt;
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

Switches switches(pid_t pid) {
    return switches_of("/proc/" + std::to_string(pid));
}

Switches switches_of(const std::string& dir) {
    const std::string status = read_file(dir + "/status");
    if (status.empty()) return {};
    return {status_field(status, "\nvoluntary_ctxt_switches:"),
            status_field(status, "\nnonvoluntary_ctxt_switches:")};
}

std::vector<pid_t> children(pid_t pid) {
    static const bool have_files = [] {
        return access(("/proc/self/task/" + std::to_string(getpid()) + "/children").c_str(),
                      R_OK) == 0;
    }();
    if (!have_files) return children_by_scan(pid);
    // Each thread's children are listed under that thread.
    std::vector<pid_t> found;
    const std::string tasks = proc_path(pid, "task");
    if (DIR* d = opendir(tasks.c_str())) {
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            const std::string list = read_file(tasks + "/" + e->d_name + "/children");
            const char* p = list.c_str();
            for (char* end = nullptr;; p = end) {
                const long child = std::strtol(p, &end, 10);
                if (end == p) break;
                found.push_back(static_cast<pid_t>(child));
            }
        }
        closedir(d);
    }
    return found;
}

std::vector<pid_t> descendants(pid_t pid) {
    std::vector<pid_t> found = children(pid);
    for (std::size_t i = 0; i < found.size(); ++i)
        for (pid_t grandchild : children(found[i]))
            found.push_back(grandchild);
    return found;
}

std::vector<Mapping> mappings(pid_t pid) {
    std::vector<Mapping> found;
    const std::string text = read_file(proc_path(pid, "maps"));
    // "start-end perms offset dev inode   path", the path absent for anonymous memory.
    for (std::size_t at = 0; at < text.size();) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string::npos) eol = text.size();
        const std::string line = text.substr(at, eol - at);
        at = eol + 1;
        Mapping m;
        char perms[8] = {};
        int path_at = 0;
        if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %*s %*s %n", &m.start, &m.end, perms,
                        &m.offset, &path_at) < 4)
            continue;
        m.perms = perms;
        if (path_at > 0) m.path = line.substr(static_cast<std::size_t>(path_at));
        found.push_back(m);
    }
    return found;
}

std::string fd_target(pid_t pid, long fd) {
    char target[512] = {};
    const std::string link = proc_path(pid, "fd/") + std::to_string(fd);
    return readlink(link.c_str(), target, sizeof target - 1) > 0 ? target : "";
}

std::vector<Descriptor> descriptors(pid_t pid) {
    std::vector<Descriptor> found;
    if (DIR* d = opendir(proc_path(pid, "fd").c_str())) {
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            Descriptor desc;
            desc.fd = std::atol(e->d_name);
            desc.target = fd_target(pid, desc.fd);
            const std::string info = read_file(proc_path(pid, "fdinfo/") + e->d_name);
            const auto flags = info.find("flags:");
            if (desc.target.empty() || flags == std::string::npos) continue;  // closed meanwhile
            desc.writes =
                (std::strtol(info.c_str() + flags + 6, nullptr, 8) & O_ACCMODE) != O_RDONLY;
            found.push_back(desc);
        }
        closedir(d);
    }
    std::sort(found.begin(), found.end(),
              [](const Descriptor& a, const Descriptor& b) { return a.fd < b.fd; });
    return found;
}

Syscall syscall(pid_t pid) {
    return syscall_of("/proc/" + std::to_string(pid));
}

Syscall syscall_of(const std::string& dir) {
    // "NR ARG1 ... ARG6 SP PC" in hex but NR, "running", or -1 alone for a kernel thread.
    Syscall c;
    const std::string text = read_file(dir + "/syscall");
    const char* p = text.c_str();
    while (*p == ' ')
        ++p;
    if (!*p) return c;
    c.known = true;
    c.running = std::strncmp(p, "running", 7) == 0;
    if (c.running) return c;
    char* end = nullptr;
    c.nr = std::strtol(p, &end, 10);
    p = end;
    for (auto& a : c.arg) {
        a = std::strtoull(p, &end, 16);
        p = end;
    }
    return c;
}

bool signal_in(pid_t pid, const char* mask, int sig) {
    const std::string status = read_file(proc_path(pid, "status"));
    const auto at = status.find("\n" + std::string(mask) + ":");
    if (at == std::string::npos) return false;
    const unsigned long long bits =
        std::strtoull(status.c_str() + at + std::strlen(mask) + 2, nullptr, 16);
    return (bits >> (sig - 1)) & 1;
}

pid_t ns_pid(pid_t pid) {
    const std::string status = read_file(proc_path(pid, "status"));
    const auto at = status.find("\nNSpid:");
    if (at == std::string::npos) return pid;
    // The pids from the outermost namespace to the innermost: the last one is the innermost.
    const auto end = status.find('\n', at + 1);
    const std::string line = status.substr(at + 7, end - at - 7);
    const auto last = line.find_last_of(" \t");
    return static_cast<pid_t>(std::atol(line.c_str() + (last == std::string::npos ? 0 : last)));
}

}  // namespace grade::procfs
