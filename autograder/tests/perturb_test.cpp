// Unit tests of the schedule perturber (autograder/perturb/perturb.cpp): the same seed gives the
// same plan in every process, whatever the pids; another seed gives another; and the wrapped
// calls return what they would without it, errno included. The program preloads the library
// into a copy of itself ("--child"), which makes a fixed sequence of wrapped calls in three
// processes and reports through its exit status whether every call behaved; the library writes
// each perturbation it makes to stderr (IPCLAB_PERTURB_TRACE=2). Other modes of the copy test
// the perturbations deferred into shared memory: "--race" counts lost updates of a counter in
// a shared mapping, "--fault" makes a fault of its own. Built twice: preloading
// libipclab-perturb.so (perturb/library), and as a static program with the perturber linked in
// as the students' programs have it (perturb/linked, IPCLAB_PERTURB_LINKED), where a seed in the
// copy's environment is all it takes.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <errno.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
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
// The semaphore and the pipe's buffers live in a writable shared mapping, as a ring does: the
// library watches it, and the kernel must still reach it (the futex, read() into it).
struct Shared {
    sem_t sem;
    char out[64], in[64];
};

// 60 and 20 rounds make some 440 perturbation points per process, more than the 256 that the
// library perturbs at its full rate: every kind of perturbation around every call, and no more
// sleeps than needed (each is a trip through the scheduler, slow on a loaded machine).
constexpr int kSemRounds = 60, kPipeRounds = 20;

int calls() {
    void* map =
        mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return 1000;
    auto* shared = static_cast<Shared*>(map);
    sem_t* sem = &shared->sem;
    if (sem_init(sem, 1, 0) != 0) return 1000;
    int wrong = 0;
    for (int i = 0; i < kSemRounds; ++i) {
        wrong += sem_post(sem) != 0;
        wrong += sem_trywait(sem) != 0;
        errno = 0;
        // The semaphore is at 0 again: EAGAIN, and the perturbation must not touch errno.
        wrong += !(sem_trywait(sem) == -1 && errno == EAGAIN);
    }
    int fds[2];
    if (pipe(fds) != 0) return 1000;
    char* out = shared->out;
    char* in = shared->in;
    for (int i = 0; i < kPipeRounds; ++i) {
        std::memset(out, 'a' + i % 26, 64);
        wrong += write(fds[1], out, 64) != 64;
        wrong += read(fds[0], in, 64) != 64;
        wrong += std::memcmp(in, out, 64) != 0;
    }
    close(fds[0]);
    close(fds[1]);
    errno = 0;
    wrong += !(read(-1, in, 1) == -1 && errno == EBADF);
    wrong += munmap(map, sizeof(Shared)) != 0;
    return wrong;
}

// Two processes add 1 to a shared counter kEach times each, with a separate load and store
// (volatile) and a semaphore call between increments for the library to perturb; with
// "locked", a semaphore guards the load and the store. Both wait at a barrier until both are
// ready, so that their loops overlap. Returns how many updates were lost, -1 on an error.
// A locked round makes three wrapped calls an increment, each one with its chance of a sleep
// (slow on a loaded machine): a tenth of the increments give it hundreds of perturbations.
struct Counter {
    sem_t ticks, mutex, ready, go;
    volatile unsigned long value;
};
constexpr unsigned long kEach = 20000;

bool wait_for(sem_t* sem) {
    while (sem_wait(sem) != 0)
        if (errno != EINTR) return false;
    return true;
}

long race_round(Counter* c, bool locked) {
    const unsigned long each = locked ? kEach / 10 : kEach;
    c->value = 0;
    for (int k = 0; k < 2; ++k) {
        pid_t pid = fork();
        if (pid < 0) return -1;
        if (pid > 0) continue;
        if (sem_post(&c->ready) != 0 || !wait_for(&c->go)) _exit(2);
        for (unsigned long i = 0; i < each; ++i) {
            sem_post(&c->ticks);
            if (locked) wait_for(&c->mutex);
            const unsigned long v = c->value;
            c->value = v + 1;
            if (locked) sem_post(&c->mutex);
        }
        _exit(0);
    }
    for (int k = 0; k < 2; ++k)
        if (!wait_for(&c->ready)) return -1;
    for (int k = 0; k < 2; ++k)
        if (sem_post(&c->go) != 0) return -1;
    for (int k = 0; k < 2; ++k) {
        int status = 0;
        if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    }
    return static_cast<long>(2 * each - c->value);
}

// The races, on one CPU: prints "LOST ROUNDS LOCKED", the updates the unlocked race lost, in how
// many rounds, and those the locked one lost. A lost update needs the scheduler to run the other
// process while one is paused between its load and its store, which on a loaded machine it may
// not do in a given round; so the unlocked race runs again, with two fresh processes (fresh
// plans: their fork ordinals differ), until it has lost an update, up to kRounds times. The
// verdict rests on that evidence, not on one schedule's luck.
int race() {
    void* map =
        mmap(nullptr, sizeof(Counter), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return 2;
    auto* c = static_cast<Counter*>(map);
    if (sem_init(&c->ticks, 1, 0) != 0 || sem_init(&c->mutex, 1, 1) != 0 ||
        sem_init(&c->ready, 1, 0) != 0 || sem_init(&c->go, 1, 0) != 0)
        return 2;
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof cpus, &cpus) != 0) return 2;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &cpus)) {
            CPU_ZERO(&cpus);
            CPU_SET(cpu, &cpus);
            break;
        }
    if (sched_setaffinity(0, sizeof cpus, &cpus) != 0) return 2;
    constexpr int kRounds = 10;
    long lost = 0;
    int rounds = 0;
    while (lost == 0 && rounds < kRounds) {
        lost = race_round(c, false);
        ++rounds;
    }
    const long locked = race_round(c, true);
    if (lost < 0 || locked < 0) return 2;
    std::printf("%ld %d %ld\n", lost, rounds, locked);
    return 0;
}

// A fault of the program's own (a write to a read-only page) must end it as it would without
// the library, even while a shared mapping is watched.
int fault() {
    void* shared = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    void* ro = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED || ro == MAP_FAILED) return 2;
    sem_t* sem = static_cast<sem_t*>(shared);
    for (int i = 0; i < 1000; ++i)
        if (sem_init(sem, 1, 1) != 0 || sem_wait(sem) != 0) return 2;
    *static_cast<volatile char*>(ro) = 1;
    return 3;
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

grade::Result run_child(const std::vector<std::string>& env,
                        std::vector<std::string> args = {"--child"}) {
    grade::Options opt;
    opt.student = false;
    opt.timeout = 30;
    opt.env = env;
    return grade::run(self_path, std::move(args), opt);
}

// What puts the library into the copy, besides a seed.
std::vector<std::string> with_library(std::vector<std::string> env) {
#ifndef IPCLAB_PERTURB_LINKED
    env.push_back("LD_PRELOAD=" + library);
#endif
    return env;
}

std::vector<std::string> perturbed(unsigned long long seed) {
    return with_library(
        {"IPCLAB_SEED=" + std::to_string(seed), "IPCLAB_PERTURB_ID=00000000000000000000"});
}

// The trace of one run: its lines, sorted (the three processes write theirs concurrently).
std::vector<std::string> run_traced(unsigned long long seed) {
    auto env = perturbed(seed);
    env.push_back("IPCLAB_PERTURB_TRACE=2");
    auto r = run_child(env);
    INFO(r.describe() << " " << r.err.substr(0, 300));
    CHECK(r.exit_code() == 0);
    std::vector<std::string> lines;
    std::istringstream in(r.err);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

// The trace of seed 424242, which several cases read: one run instead of one per case.
const std::vector<std::string>& reference_trace() {
    static const std::vector<std::string> lines = run_traced(424242);
    return lines;
}

}  // namespace

TEST_CASE("the same seed gives every process the same perturbations") {
    const auto& a = reference_trace();
    auto b = run_traced(424242);
    CHECK(!a.empty());
    CHECK(a == b);
    // Three processes with three positions: the parent's, and one per fork ordinal.
    std::set<std::string> ids;
    for (const auto& line : a)
        ids.insert(line.substr(0, line.find(' ')));
    CHECK(ids.size() == 3);
}

TEST_CASE("some perturbations wait for an access to the shared mapping") {
    // Upper case in the trace: carried out after the program touched its shared mapping.
    const auto& lines = reference_trace();
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return line.find(" S") != std::string::npos || line.find(" Y") != std::string::npos;
    }));
}

TEST_CASE("a race on a plain load and store loses updates on one CPU, a locked one none") {
    // Without the library, such a window of two instructions is almost never preempted on one
    // CPU; a deferred perturbation puts the other process inside it. The racy program repeats
    // its race until it has lost an update (see race()): a round in which the scheduler, busy
    // with other work, did not run the other process in time costs a round, not the verdict.
    auto r = run_child(perturbed(1), {"--race"});
    INFO(r.describe() << ": " << r.out << r.err.substr(0, 300));
    REQUIRE(r.exit_code() == 0);
    long lost = -1, locked = -1;
    int rounds = 0;
    std::istringstream(r.out) >> lost >> rounds >> locked;
    CHECK(lost > 0);
    CHECK(locked == 0);
}

TEST_CASE("the program's own fault ends it as it would without the library") {
    auto r = run_child(perturbed(7), {"--fault"});
    CHECK(r.signal() == SIGSEGV);
}

TEST_CASE("another seed gives another plan") {
    CHECK(run_traced(1) != reference_trace());
}

TEST_CASE("without a seed the library does nothing") {
    auto r = run_child(with_library({"IPCLAB_PERTURB_TRACE=2"}));
    CHECK(r.exit_code() == 0);
    CHECK(r.err.empty());
}

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "--child") return child_main();
    if (mode == "--race") return race();
    if (mode == "--fault") return fault();
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return 2;
    self_path.assign(buf, static_cast<std::size_t>(n));
#ifndef IPCLAB_PERTURB_LINKED
    library = IPCLAB_PERTURB_LIBRARY;
#endif
    doctest::Context context(argc, argv);
    const int failed = context.run();
    grade::remove_scratch_dir();  // the runs' working directory, made by grade::run
    return failed;
}
