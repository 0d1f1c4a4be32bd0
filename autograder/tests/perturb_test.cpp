// Unit tests of the schedule perturber (autograder/perturb/perturb.cpp): the same seed gives the
// same plan in every process, whatever the pids; another seed gives another; and the wrapped
// calls return what they would without it, errno included. The program preloads the library
// into a copy of itself ("--child"), which makes a fixed sequence of wrapped calls in three
// processes and reports through its exit status whether every call behaved; the library writes
// each perturbation it makes to stderr (IPCLAB_PERTURB_TRACE=2).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <errno.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"

namespace {

std::string self_path;
std::string library;

// The child's work: a semaphore of its own, a pipe, and two forked children doing the same.
// Returns the number of calls that did not return what they must.
int calls() {
    sem_t own;
    sem_t* sem = &own;
    if (sem_init(sem, 0, 0) != 0) return 1000;
    int wrong = 0;
    for (int i = 0; i < 300; ++i) {
        wrong += sem_post(sem) != 0;
        wrong += sem_trywait(sem) != 0;
        errno = 0;
        // The semaphore is at 0 again: EAGAIN, and the perturbation must not touch errno.
        wrong += !(sem_trywait(sem) == -1 && errno == EAGAIN);
    }
    int fds[2];
    if (pipe(fds) != 0) return 1000;
    char out[64], in[64];
    for (int i = 0; i < 100; ++i) {
        std::memset(out, 'a' + i % 26, sizeof out);
        wrong += write(fds[1], out, sizeof out) != static_cast<ssize_t>(sizeof out);
        wrong += read(fds[0], in, sizeof in) != static_cast<ssize_t>(sizeof in);
        wrong += std::memcmp(in, out, sizeof in) != 0;
    }
    close(fds[0]);
    close(fds[1]);
    errno = 0;
    wrong += !(read(-1, in, 1) == -1 && errno == EBADF);
    return wrong;
}

int child_main() {
    int wrong = calls();
    std::vector<pid_t> kids;
    for (int k = 0; k < 2; ++k) {
        pid_t pid = fork();
        if (pid == 0) _exit(calls() == 0 ? 0 : 1);
        kids.push_back(pid);
    }
    for (pid_t kid : kids) {
        int status = 0;
        wrong += waitpid(kid, &status, 0) != kid || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    return wrong == 0 ? 0 : 1;
}

grade::Result run_child(const std::vector<std::string>& env) {
    grade::Options opt;
    opt.student = false;
    opt.timeout = 30;
    opt.env = env;
    return grade::run(self_path, {"--child"}, opt);
}

// The trace of one run: its lines, sorted (the three processes write theirs concurrently).
std::vector<std::string> traced(unsigned long long seed) {
    auto r = run_child({"LD_PRELOAD=" + library, "IPCLAB_SEED=" + std::to_string(seed),
                        "IPCLAB_PERTURB_ID=00000000000000000000", "IPCLAB_PERTURB_TRACE=2"});
    INFO(r.describe() << " " << r.err.substr(0, 300));
    CHECK(r.exit_code() == 0);
    std::vector<std::string> lines;
    std::istringstream in(r.err);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace

TEST_CASE("the same seed gives every process the same perturbations") {
    auto a = traced(424242), b = traced(424242);
    CHECK(!a.empty());
    CHECK(a == b);
    // Three processes with three positions: the parent's, and one per fork ordinal.
    std::set<std::string> ids;
    for (const auto& line : a)
        ids.insert(line.substr(0, line.find(' ')));
    CHECK(ids.size() == 3);
}

TEST_CASE("another seed gives another plan") {
    CHECK(traced(1) != traced(2));
}

TEST_CASE("without a seed the library does nothing") {
    auto r = run_child({"LD_PRELOAD=" + library, "IPCLAB_PERTURB_TRACE=2"});
    CHECK(r.exit_code() == 0);
    CHECK(r.err.empty());
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--child") return child_main();
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return 2;
    self_path.assign(buf, static_cast<std::size_t>(n));
    library = IPCLAB_PERTURB_LIBRARY;
    doctest::Context context(argc, argv);
    return context.run();
}
