#include "files.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fixtures.hpp"
#include "procfs.hpp"
#include "watch.hpp"

namespace grade::lab03 {
namespace {

// Sets or clears the immutable attribute; false when the file system or our rights refuse.
bool set_immutable(const std::string& path, bool on) {
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return false;
    int flags = 0;
    bool ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    close(fd);
    return ok;
}

}  // namespace

void write_file(const std::string& path, const std::string& bytes, unsigned mode) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("grader could not create " + path);
    fill_and_close(fd, bytes, mode, path);
}

std::optional<std::string> read_file(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    std::string bytes;
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        bytes.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return bytes;
}

std::optional<FileInfo> file_info(const std::string& path) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) return std::nullopt;
    return FileInfo{static_cast<std::uint64_t>(st.st_size), st.st_mode & 07777};
}

void make_read_only(const std::string& path) {
    if (chmod(path.c_str(), 0444) != 0) throw std::runtime_error("grader could not chmod " + path);
    if (geteuid() == 0) {
        // Root may write to any file whatever its mode: only the immutable flag stops it.
        if (!set_immutable(path, true))
            throw std::runtime_error("grader (root) could not make " + path + " immutable");
        at_test_end([path] { set_immutable(path, false); });
    }
    int fd = open(path.c_str(), O_RDWR);
    if (fd >= 0) {
        close(fd);
        throw std::runtime_error("grader could not make " + path + " read-only");
    }
}

void interleave_children(Proc& p, double seconds) {
    const double give_up = now() + seconds;
    while (!p.finished() && now() < give_up) {
        std::vector<pid_t> live;
        for (pid_t c : procfs::children(p.pid())) {
            char st = pid_state(c);
            if (st != 0 && st != 'Z' && st != 'X') live.push_back(c);
        }
        if (live.size() < 2) {
            pause_for(0.0005);  // observation: wait for the program to fork more children
            continue;
        }
        const pid_t runner = live[random_below(live.size())];
        for (pid_t c : live)
            if (c != runner) kill(c, SIGSTOP);
        const double round_end = std::min(give_up, now() + 1.0);
        for (char st = pid_state(runner); st != 0 && st != 'Z' && st != 'X' && now() < round_end;
             st = pid_state(runner))
            pause_for(0.0005);
        for (pid_t c : live)
            if (c != runner) kill(c, SIGCONT);
    }
}

int cpu_count() {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : 1;
}

void on_cpus(const std::vector<int>& cpus, const std::function<void()>& fn) {
    cpu_set_t old, want;
    if (sched_getaffinity(0, sizeof old, &old) != 0)
        throw std::runtime_error("grader: sched_getaffinity failed");
    CPU_ZERO(&want);
    if (cpus.empty())
        for (int c = 0; c < cpu_count() && c < CPU_SETSIZE; ++c)
            CPU_SET(c, &want);
    for (int c : cpus)
        CPU_SET(c, &want);
    if (sched_setaffinity(0, sizeof want, &want) != 0)
        throw std::runtime_error("grader: sched_setaffinity failed");
    try {
        fn();
    } catch (...) {
        sched_setaffinity(0, sizeof old, &old);
        throw;
    }
    sched_setaffinity(0, sizeof old, &old);
}

}  // namespace grade::lab03
