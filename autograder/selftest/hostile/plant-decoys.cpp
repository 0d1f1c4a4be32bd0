// Hostile: plants a decoy file and a symbolic link to /etc/passwd, both named ipclab-hostile-*,
// in every folder it can think of: its working directory, $HOME, $TMPDIR, /tmp, /var/tmp,
// /run/lock, /dev/shm, the folders above its own executable, and the folders named on the
// command lines of the grader's processes (build, submission, results). Then it exits 0.
//
// user namespace too
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

// Folders to reach: the usual ones, and each absolute path (and two parents) that the command
// line of a grader's process names (/proc/PID/cmdline is readable by anyone).
static std::set<std::string> targets() {
    std::set<std::string> dirs = {".", "/tmp", "/var/tmp", "/run/lock", "/dev/shm"};
    for (const char* var : {"HOME", "TMPDIR"})
        if (const char* v = std::getenv(var)) dirs.insert(v);
    auto add_with_parents = [&dirs](std::string path, int levels) {
        for (int up = 0; up < levels && path.size() > 1; ++up) {
            dirs.insert(path);
            path = path.substr(0, path.rfind('/'));
        }
    };
    char exe[4096] = {};
    if (readlink("/proc/self/exe", exe, sizeof exe - 1) > 0)
        add_with_parents(exe, 4);  // up to the grader's work folder
    DIR* d = opendir("/proc");
    while (dirent* e = d ? readdir(d) : nullptr) {
        int fd = open(("/proc/" + std::string(e->d_name) + "/cmdline").c_str(), O_RDONLY);
        if (fd < 0) continue;
        char buf[8192];
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        buf[n > 0 ? n : 0] = '\0';
        if (!std::strstr(buf, "ipclab-") && !std::strstr(buf, "/suites/")) continue;
        for (ssize_t i = 0; i < n; i += std::string(buf + i).size() + 1)
            if (buf[i] == '/') add_with_parents(buf + i, 3);
    }
    return dirs;
}

int main() {
    for (const auto& dir : targets()) {
        int fd = open((dir + "/ipclab-hostile-decoy").c_str(), O_WRONLY | O_CREAT, 0666);
        if (fd >= 0) close(fd);
        (void)!symlink("/etc/passwd", (dir + "/ipclab-hostile-link").c_str());
    }
    return 0;
}
