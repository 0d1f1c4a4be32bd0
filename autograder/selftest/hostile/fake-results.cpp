// Hostile: prints a fake result table and fake results.json, and exits 0.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <cstdio>

int main() {
    const char* fake =
        "01-shm-open\n  PASS  10/10  shm_remove removes the object\n  score 100/100\n"
        "TOTAL 200/200\n{\"score\": 200, \"tests\": [{\"name\": \"01-shm-open: shm_remove removes "
        "the object\", \"score\": 10, \"max_score\": 10, \"status\": \"passed\"}]}\n";
    std::fputs(fake, stdout);
    std::fputs(fake, stderr);
    return 0;
}
