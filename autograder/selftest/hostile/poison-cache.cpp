// Hostile: appends a marker to every file beside its own executable (the lab's other compiled
// programs, hard links into the grader's build cache) and in the build cache itself: a later
// submission with the same sources would run the doctored programs. Then it exits 0.
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

#include <string>

static void mark_files_in(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    while (dirent* e = d ? readdir(d) : nullptr) {
        int fd = open((dir + "/" + e->d_name).c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW);
        if (fd < 0) continue;
        (void)!write(fd, "ipclab-hostile", 14);
        close(fd);
    }
    if (d) closedir(d);
}

int main() {
    char exe[4096] = {};
    if (readlink("/proc/self/exe", exe, sizeof exe - 1) <= 0) return 0;
    const std::string bin = std::string(exe).substr(0, std::string(exe).rfind('/'));
    mark_files_in(bin);
    // Each program there is a hard link to <build>/cache/<hash>-<program>: the build folder is
    // where the grader's own executable (argv[0] in /proc/PID/cmdline, readable by anyone) is.
    DIR* d = opendir("/proc");
    while (dirent* e = d ? readdir(d) : nullptr) {
        char argv0[4096] = {};
        int fd = open(("/proc/" + std::string(e->d_name) + "/cmdline").c_str(), O_RDONLY);
        if (fd < 0) continue;
        (void)!read(fd, argv0, sizeof argv0 - 1);
        close(fd);
        const std::string path = argv0;
        if (path.ends_with("/ipclab-grade") || path.ends_with("/ipclab-batch"))
            mark_files_in(path.substr(0, path.rfind('/')) + "/cache");
    }
    if (d) closedir(d);
    return 0;
}
