// Hostile: reads the reference solution and prints it, hoping it shows up in the feedback.
//
// user namespace too
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

int main() {
    char exe[4096] = {};
    if (readlink("/proc/self/exe", exe, sizeof exe - 1) <= 0) return 1;
    // The grader's executables live in <project>/build*/cache/.
    std::string root = exe;
    root = root.substr(0, root.rfind("/cache/"));
    root = root.substr(0, root.rfind('/'));
    std::ifstream solution(root + "/solutions/01-shm-open/shm_remove.cpp");
    std::string text((std::istreambuf_iterator<char>(solution)), std::istreambuf_iterator<char>());
    std::cout << text;
    std::cerr << text;
    return 1;
}
