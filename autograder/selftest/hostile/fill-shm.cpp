// Hostile: fills /dev/shm until it is full.
//
// replaces: 01-shm-open/shm_remove.cpp
// fails: shm_remove removes the object
// fails: shm_remove removes an object it may not open
// fails: shm_remove reports a missing object
// fails: every program answers missing arguments with usage and exit 2
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

int main() {
    static char block[1 << 20];
    for (int i = 0;; ++i) {
        int fd =
            shm_open(("/ipclab-hostile-fill-" + std::to_string(i)).c_str(), O_CREAT | O_RDWR, 0600);
        if (fd < 0) return 1;
        for (int j = 0; j < 64; ++j)
            if (write(fd, block, sizeof block) < 0) return 1;
        close(fd);
    }
}
