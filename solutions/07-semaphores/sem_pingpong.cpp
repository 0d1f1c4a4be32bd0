// sem_pingpong NAME ROUNDS ping|pong: two processes take turns through the named semaphores
// NAME-ping and NAME-pong; each side writes its word ROUNDS times.
#include <fcntl.h>
#include <semaphore.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/io.hpp"

// BEGIN SOLUTION: a class that owns an open named semaphore and sem_closes it when it goes out of
// scope.
namespace {

constexpr const char* kProg = "sem_pingpong";

// Owns one open named semaphore and closes it (sem_close) when it goes out of scope.
class NamedSem {
  public:
    NamedSem(const std::string& name, unsigned initial)
        : sem_(sem_open(name.c_str(), O_CREAT, 0600, initial)) {}
    NamedSem(const NamedSem&) = delete;
    NamedSem& operator=(const NamedSem&) = delete;
    ~NamedSem() {
        if (valid()) sem_close(sem_);
    }
    bool valid() const { return sem_ != SEM_FAILED; }
    sem_t* get() const { return sem_; }

  private:
    sem_t* sem_;
};

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse NAME ROUNDS ping|pong (anything else is exit 2).
    std::uint64_t rounds = 0;
    const std::string side = argc == 4 ? argv[3] : "";
    if (argc != 4 || !ipclab::parse_u64(argv[2], rounds) || (side != "ping" && side != "pong"))
        return ipclab::usage("sem_pingpong NAME ROUNDS ping|pong");
    const std::string ping_name = std::string(argv[1]) + "-ping";
    const std::string pong_name = std::string(argv[1]) + "-pong";
    // END SOLUTION
    // BEGIN SOLUTION: open NAME-ping (initial value 1) and NAME-pong (0), both with O_CREAT and
    // mode 0600.

    // Both sides pass O_CREAT with the same initial values, so whichever starts first creates
    // the pair; the initial value only counts for the one that creates it. ping = 1 lets ping
    // go first; pong = 0 makes pong wait for ping's first post.
    NamedSem ping(ping_name, 1), pong(pong_name, 0);
    if (!ping.valid() || !pong.valid()) return ipclab::fail(kProg, "sem_open");
    // END SOLUTION
    // BEGIN SOLUTION: ROUNDS times: wait on your own semaphore, write your word and a newline, post
    // the other's.

    const bool is_ping = side == "ping";
    sem_t* mine = is_ping ? ping.get() : pong.get();
    sem_t* theirs = is_ping ? pong.get() : ping.get();
    const std::string line = side + "\n";
    for (std::uint64_t i = 0; i < rounds; ++i) {
        while (sem_wait(mine) < 0)
            if (errno != EINTR) return ipclab::fail(kProg, "sem_wait");
        // write(), not buffered stdio: the line must be out before the other side may run.
        if (!ipclab::write_all(STDOUT_FILENO, line.data(), line.size()))
            return ipclab::fail(kProg, "write");
        if (sem_post(theirs) < 0) return ipclab::fail(kProg, "sem_post");
    }
    // END SOLUTION
    // BEGIN SOLUTION: close both; the pong side also removes both names (sem_unlink).

    // pong finishes last (its final turn comes after ping's), so it removes the pair.
    if (!is_ping && (sem_unlink(ping_name.c_str()) < 0 || sem_unlink(pong_name.c_str()) < 0))
        return ipclab::fail(kProg, "sem_unlink");
    return 0;
    // END SOLUTION (main)
}
