// Lab 08-flock: flock and fcntl locks, judged by competing with the programs through the same
// kind of lock, by asking the kernel who holds what (F_GETLK), and by counting what many
// concurrent runs leave in their files. Every locked file is a fresh_path(): locks cross
// sandboxes, so nothing else can ever compete for it.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "graded.hpp"
#include "watch.hpp"

using namespace grade;

namespace {

constexpr std::size_t kRecord = 16;

// The grader's own descriptor of a test file. Careful: fcntl locks belong to the process, and
// closing ANY descriptor of the file drops them all, so while the grader holds an fcntl lock it
// reads and queries the file through this one descriptor only.
class File {
  public:
    explicit File(const std::string& path) : fd_(open(path.c_str(), O_RDWR | O_CREAT, 0644)) {
        if (fd_ < 0) throw std::runtime_error("grader could not open " + path);
    }
    ~File() { close(fd_); }
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    std::string contents() const {
        std::string s;
        char buf[4096];
        for (ssize_t n; (n = pread(fd_, buf, sizeof buf, static_cast<off_t>(s.size()))) > 0;)
            s.append(buf, static_cast<std::size_t>(n));
        return s;
    }
    void replace(const std::string& text) const {
        if (ftruncate(fd_, 0) < 0 ||
            pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
            throw std::runtime_error("grader could not write its file");
    }
    // flock(LOCK_EX | LOCK_NB) / flock(LOCK_UN): true if it worked.
    bool try_flock() const { return flock(fd_, LOCK_EX | LOCK_NB) == 0; }
    void funlock() const { flock(fd_, LOCK_UN); }
    // fcntl lock of TYPE (F_RDLCK, F_WRLCK, F_UNLCK) on [START, START+LEN), without waiting.
    bool set_lock(short type, off_t start, off_t len) const {
        struct flock l {};
        l.l_type = type;
        l.l_whence = SEEK_SET;
        l.l_start = start;
        l.l_len = len;
        return fcntl(fd_, F_SETLK, &l) == 0;
    }
    // The pid of a process whose lock conflicts with a write lock on the range, or 0.
    pid_t holder(off_t start, off_t len) const {
        struct flock l {};
        l.l_type = F_WRLCK;
        l.l_whence = SEEK_SET;
        l.l_start = start;
        l.l_len = len;
        if (fcntl(fd_, F_GETLK, &l) < 0) throw std::runtime_error("F_GETLK failed");
        return l.l_type == F_UNLCK ? 0 : l.l_pid;
    }

  private:
    int fd_;
};

// A pid as the programs see it: the last entry of NSpid, the pid inside the innermost PID
// namespace (the sandbox's); the pid itself outside a sandbox.
pid_t inner_pid(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("NSpid:", 0) == 0) {
            std::istringstream f(line.substr(6));
            pid_t last = pid;
            for (pid_t p; f >> p;)
                last = p;
            return last;
        }
    return pid;
}

// A grader-made process holding a read lock on [START, START+LEN) of PATH until it is
// destroyed. Forked from the grader, it lives in the sandbox's PID namespace, so the programs
// can see its pid (a lock of the grader itself would show them pid 0).
class ReadLocker {
  public:
    ReadLocker(const std::string& path, off_t start, off_t len) {
        int ready[2], hold[2];
        if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(hold, O_CLOEXEC) < 0)
            throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {  // only system calls from here to _exit
            close(ready[0]);
            close(hold[1]);
            struct flock l {};
            l.l_type = F_RDLCK;
            l.l_whence = SEEK_SET;
            l.l_start = start;
            l.l_len = len;
            int fd = open(path.c_str(), O_RDONLY);
            char ok = fd >= 0 && fcntl(fd, F_SETLK, &l) == 0 ? '1' : '0';
            (void)!::write(ready[1], &ok, 1);
            char c;
            while (::read(hold[0], &c, 1) != 0) {
            }
            _exit(0);
        }
        close(ready[1]);
        close(hold[0]);
        hold_ = hold[1];
        char ok = 0;
        locked_ = ::read(ready[0], &ok, 1) == 1 && ok == '1';
        close(ready[0]);
    }
    ~ReadLocker() {
        close(hold_);  // the helper sees end-of-file and exits
        waitpid(pid_, nullptr, 0);
    }
    ReadLocker(const ReadLocker&) = delete;
    ReadLocker& operator=(const ReadLocker&) = delete;
    bool locked() const { return locked_; }
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int hold_ = -1;
    bool locked_ = false;
};

std::string who(pid_t pid) {
    return pid == 0 ? "no lock" : "a lock of pid " + std::to_string(pid);
}

// While it exists, this process and the programs it starts run on CPU 0 only: a race that
// needs two CPUs to show must then show through preemption.
class OneCpu {
  public:
    OneCpu() {
        sched_getaffinity(0, sizeof saved_, &saved_);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(0, &one);
        sched_setaffinity(0, sizeof one, &one);
    }
    ~OneCpu() { sched_setaffinity(0, sizeof saved_, &saved_); }
    OneCpu(const OneCpu&) = delete;
    OneCpu& operator=(const OneCpu&) = delete;

  private:
    cpu_set_t saved_;
};

Options holder_options() {
    return {.interactive = true, .timeout = 30};
}

// Starts a program that prints "locked" once it holds its lock and holds it until stdin ends.
std::unique_ptr<Proc> start_holder(const std::string& program,
                                   const std::vector<std::string>& args) {
    return std::make_unique<Proc>(student_path(program), args, holder_options());
}

void expect_line(Proc& p, const std::string& want, const std::string& what,
                 const std::string& hint) {
    std::string line = p.read_line(10);
    expect(line == want, what + ": the line " + show(want),
           line.empty() ? "no line after 10 s" + (p.finished() ? ", " + p.wait().describe() : "")
                        : "the line " + show(line),
           hint);
}

void expect_holds_then_exits(Proc& p, const std::string& hint) {
    p.close_stdin();
    expect_exit(p.wait(), 0, hint);
}

// P is waiting for a lock: asleep, and it has not said "locked".
void expect_waiting(Proc& p, const std::string& what, const std::string& hint) {
    expect_blocked(p, what, hint, 0.2);
    // Anything it printed before falling asleep is already in the pipe.
    std::string line = p.read_line(0.05);
    expect(line.empty(), "no \"locked\" while " + what + " is held by another process",
           "the line " + show(line), hint);
}

std::string record(std::uint64_t balance) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%15llu\n", static_cast<unsigned long long>(balance));
    return buf;
}
std::string accounts_text(const std::vector<std::uint64_t>& balances) {
    std::string s;
    for (auto b : balances)
        s += record(b);
    return s;
}

std::string transfer_args_text(std::uint64_t from, std::uint64_t to, std::uint64_t amount) {
    return std::to_string(from) + " " + std::to_string(to) + " " + std::to_string(amount);
}

Result transfer(const std::string& path, std::uint64_t from, std::uint64_t to,
                std::uint64_t amount) {
    return run_student("bank_transfer",
                       {path, std::to_string(from), std::to_string(to), std::to_string(amount)},
                       {.timeout = 10});
}

// Error paths earn points only from a program that also does its job.
void expect_transfer_works(const std::string& path, File& f, std::vector<std::uint64_t>& bal) {
    const std::uint64_t from = random_below(16), to = (from + 1 + random_below(15)) % 16,
                        amount = 1 + random_below(bal[from] / 2);
    auto r = transfer(path, from, to, amount);
    const std::string hint = "bank_transfer " + transfer_args_text(from, to, amount) +
                             " must take AMOUNT from record FROM and add it to record TO, each "
                             "written back as 15 right-aligned digits and a newline";
    expect_output(r, "", hint);
    bal[from] -= amount;
    bal[to] += amount;
    expect(f.contents() == accounts_text(bal), "the file " + show(accounts_text(bal)),
           "the file " + show(f.contents()), hint);
}

void expect_counter_total(const std::string& where) {
    auto path = fresh_path("counter");
    File f(path);
    const std::uint64_t start = random_below(100000);
    f.replace(std::to_string(start) + "\n");
    // Under the perturber each round makes its share of the increments.
    const std::uint64_t n = per_round(500);
    std::vector<std::unique_ptr<Proc>> runs;
    for (int k = 0; k < 8; ++k)
        runs.push_back(std::make_unique<Proc>(student_path("flock_counter"),
                                              std::vector<std::string>{path, std::to_string(n)},
                                              Options{.timeout = 60}));
    const char* hint =
        "take flock(fd, LOCK_EX) before reading the counter and release it (LOCK_UN) only after "
        "writing the new value: a value read outside the lock may be stale by the time it is "
        "written back, and that increment is lost";
    for (auto& r : runs)
        expect_exit(r->wait(), 0, hint);
    const std::string want = std::to_string(start + 8 * n) + "\n";
    expect(f.contents() == want,
           "8 runs of " + std::to_string(n) + " increments from " + std::to_string(start) + " (" +
               where + "): " + show(want),
           show(f.contents()), hint);
}

}  // namespace

CONCURRENT_GRADED("flock_counter: 8 processes at once lose no update", 20, "08.counter.lock") {
    expect_counter_total("two CPUs");
    OneCpu pinned;
    expect_counter_total("one CPU");
}

GRADED("flock_counter creates FILE and continues from the number in it", 5, "08.counter.file") {
    auto path = fresh_path("counter");
    expect_exit(run_student("flock_counter", {path, "3"}), 0,
                "flock_counter must create a missing FILE (O_CREAT, mode 0644) and count from 0");
    struct stat st {};
    stat(path.c_str(), &st);
    expect((st.st_mode & 07777) == 0644, "mode 644", "mode " + octal(st.st_mode & 07777),
           "pass 0644 as open's mode argument");
    File f(path);
    expect(f.contents() == "3\n", "the file \"3\\n\"", show(f.contents()),
           "an empty file holds 0; write the new value and a newline after each increment");
    const std::uint64_t start = random_below(1000000);
    f.replace(" \t" + std::to_string(start) + "  \n\n");
    expect_exit(run_student("flock_counter", {path, "2"}), 0,
                "whitespace around the digits does not count");
    expect(f.contents() == std::to_string(start + 2) + "\n",
           "the file " + show(std::to_string(start + 2) + "\n"), show(f.contents()),
           "skip the whitespace around the digits, then write back exactly the new value and "
           "'\\n' (truncate what was longer)");
    for (std::string bad : {"12abc\n", "abc\n", "1 2\n", "-5\n"}) {
        f.replace(bad);
        expect_error(run_student("flock_counter", {path, "1"}), 1,
                     "text other than one decimal number (with whitespace around it) is exit 1 "
                     "with a message: check the whole text, not just its first digits");
        expect(f.contents() == bad, "the file unchanged: " + show(bad), show(f.contents()),
               "do not write anything when the counter cannot be read");
    }
}

GRADED("bad numbers and missing arguments are usage errors (exit 2)", 5, "08.args C.usage") {
    auto path = fresh_path("counter");
    expect_exit(run_student("flock_counter", {path, "2"}), 0, "flock_counter must work first");
    auto unused = fresh_path("unused");
    const char* hint =
        "check the arguments before opening FILE: N is a positive decimal, START and LEN plain "
        "decimals; anything else (or a wrong count) is exit 2 with \"usage: ...\"";
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"flock_counter", {unused}},
             {"flock_counter", {unused, "0"}},
             {"flock_counter", {unused, "x"}},
             {"flock_counter", {unused, "-3"}},
             {"flock_counter", {unused, "3x"}},
             {"flock_try", {}},
             {"fcntl_hold", {unused, "x", "5"}},
             {"fcntl_hold", {unused, "0", "-1"}},
             {"fcntl_hold", {unused, "0"}},
             {"fcntl_who", {path, "1"}},
             {"fcntl_who", {path, "1", "5x"}}}) {
        expect_usage(run_student(program, args, {.timeout = 10}), hint);
        expect(access(unused.c_str(), F_OK) != 0, "no file made by a usage error",
               unused + " exists", hint);
    }
}

GRADED("flock_try says busy while another process holds the lock", 15, "08.try.busy") {
    auto path = fresh_path("try");
    auto a = start_holder("flock_try", {path});
    expect_line(*a, "locked\n", "flock_try on a free FILE",
                "take flock(fd, LOCK_EX | LOCK_NB); on success print \"locked\"");
    expect_holds_then_exits(*a, "after \"locked\", wait for stdin to end, then exit 0");

    File f(path);
    expect(f.try_flock(), "the grader can take the lock", "it is taken",
           "the lock must be gone once flock_try has exited");
    auto r = run_student("flock_try", {path}, {.timeout = 10});
    const char* hint =
        "with LOCK_NB, flock fails with EWOULDBLOCK when another process holds the lock: print "
        "\"busy\" and exit 3 (without LOCK_NB, flock waits instead)";
    expect_exit(r, 3, hint);
    expect(r.out == "busy\n", "stdout \"busy\\n\"", "stdout " + show(r.out), hint);
    f.funlock();

    auto b = start_holder("flock_try", {path});
    expect_line(*b, "locked\n", "flock_try on a FILE that nobody locks",
                "take flock(fd, LOCK_EX | LOCK_NB); on success print \"locked\"");
    r = run_student("flock_try", {path}, {.timeout = 10});
    const char* hint2 =
        "two flock_try must not both hold the lock: an exclusive lock (LOCK_EX, not LOCK_SH) "
        "excludes every other";
    expect_exit(r, 3, hint2);
    expect(r.out == "busy\n", "stdout \"busy\\n\"", "stdout " + show(r.out), hint2);
    expect_holds_then_exits(*b, "after \"locked\", wait for stdin to end, then exit 0");
}

GRADED("flock_try holds the lock until stdin ends", 10, "08.try.hold") {
    auto path = fresh_path("try");
    File f(path);
    auto p = start_holder("flock_try", {path});
    expect_line(*p, "locked\n", "flock_try on a free FILE",
                "take flock(fd, LOCK_EX | LOCK_NB); on success print \"locked\"");
    const char* hint =
        "keep the descriptor open (the lock lives as long as it does) and read stdin until "
        "read() returns 0 before exiting";
    expect_blocked(*p, "the end of stdin", hint, 0.1);
    expect(!f.try_flock(), "the lock still held while stdin is open", "the grader could take it",
           hint);
    expect_holds_then_exits(*p, hint);
    expect(f.try_flock(), "the lock released once flock_try exits", "it is still taken",
           "the lock goes with the last descriptor of its open file: close it or exit");
}

GRADED("fcntl_hold locks exactly its range and waits for overlaps", 15, "08.hold") {
    auto path = fresh_path("ranges");
    File f(path);
    const off_t s = 16 + static_cast<off_t>(random_below(1000)),
                len = 2 + static_cast<off_t>(random_below(100));
    auto a = start_holder("fcntl_hold", {path, std::to_string(s), std::to_string(len)});
    const std::string range_hint =
        "lock with struct flock {l_type F_WRLCK, l_whence SEEK_SET, l_start START, l_len LEN} "
        "and fcntl(F_SETLKW)";
    expect_line(*a, "locked\n", "fcntl_hold on a free range", range_hint);
    for (auto [at, mine] : std::vector<std::pair<off_t, bool>>{
             {s - 1, false}, {s, true}, {s + len - 1, true}, {s + len, false}}) {
        pid_t h = f.holder(at, 1);
        expect(h == (mine ? a->pid() : 0),
               "byte " + std::to_string(at) + ": " + who(mine ? a->pid() : 0),
               "byte " + std::to_string(at) + ": " + who(h),
               range_hint + ": exactly bytes [START, START+LEN)");
    }
    auto b = start_holder("fcntl_hold", {path, std::to_string(s + len), "7"});
    expect_line(*b, "locked\n", "a disjoint range locked at the same time",
                "locks on ranges that do not overlap do not conflict: lock [START, START+LEN) "
                "only, not the whole file");
    auto c = start_holder("fcntl_hold", {path, std::to_string(s + len - 1), "2"});
    const char* wait_hint =
        "F_SETLKW waits while another process holds an overlapping lock; F_SETLK fails at once "
        "with EAGAIN, which is not success";
    expect_waiting(*c, "two locked ranges", wait_hint);
    expect_holds_then_exits(*a, "after \"locked\", wait for stdin to end, then exit 0");
    expect_waiting(*c, "the second range", wait_hint);
    expect_holds_then_exits(*b, "after \"locked\", wait for stdin to end, then exit 0");
    expect_line(*c, "locked\n", "the waiting fcntl_hold once both ranges are free",
                "F_SETLKW returns once the conflicting locks are released");
    pid_t h = f.holder(s + len - 1, 2);
    expect(h == c->pid(), who(c->pid()), who(h), range_hint);
    expect_holds_then_exits(*c, "after \"locked\", wait for stdin to end, then exit 0");

    auto d = start_holder("fcntl_hold", {path, "0", "0"});
    expect_line(*d, "locked\n", "fcntl_hold FILE 0 0", range_hint);
    h = f.holder(off_t{1} << 40, 1);
    expect(h == d->pid(), "byte 2^40: " + who(d->pid()), "byte 2^40: " + who(h),
           "LEN 0 locks from START to the end of the file, however far it grows: pass l_len 0");
    expect_holds_then_exits(*d, "after \"locked\", wait for stdin to end, then exit 0");
}

GRADED("fcntl_who prints the holder's pid, or unlocked", 10, "08.who") {
    auto path = fresh_path("who");
    File f(path);
    const off_t s = static_cast<off_t>(random_below(1000)), len = 10;
    auto who_prints = [&](off_t start, off_t n, const std::string& want, const std::string& hint) {
        expect_output(run_student("fcntl_who", {path, std::to_string(start), std::to_string(n)},
                                  {.timeout = 10}),
                      want, hint);
    };
    const std::string hint =
        "ask F_GETLK about a write lock (l_type F_WRLCK) on the range: it fills in l_pid of a "
        "conflicting lock, or sets l_type to F_UNLCK";
    who_prints(s, len, "unlocked\n", hint);
    auto h = start_holder("fcntl_hold", {path, std::to_string(s), std::to_string(len)});
    expect_line(*h, "locked\n", "fcntl_hold on a free range", "fcntl_hold must lock its range");
    who_prints(s + len - 1, 5, std::to_string(h->ns_pid()) + "\n", hint);
    who_prints(s + len, 5, "unlocked\n", hint + " (ranges that do not overlap do not conflict)");
    // A read lock conflicts with a write lock too.
    {
        ReadLocker reader(path, 5000, 10);
        expect(reader.locked(), "the grader's read lock on bytes 5000-5009", "refused",
               "(grader) nothing else locks these bytes");
        who_prints(5005, 1, std::to_string(inner_pid(reader.pid())) + "\n",
                   hint +
                       ": a read lock conflicts with a write lock, so asking about F_WRLCK "
                       "finds read locks too (asking about F_RDLCK does not)");
    }
    // The kernel drops every lock of a process that dies.
    h->signal(SIGKILL);
    h->wait();
    who_prints(s, len, "unlocked\n", hint + " (a dead process holds no locks)");
    expect_error(run_student("fcntl_who", {path + "-missing", "0", "0"}, {.timeout = 10}), 1,
                 "a missing FILE is exit 1: open it read-only, without O_CREAT");
}

GRADED("bank_transfer moves AMOUNT and refuses what it cannot do", 10, "08.bank.move") {
    auto path = fresh_path("bank");
    File f(path);
    std::vector<std::uint64_t> bal;
    for (int i = 0; i < 16; ++i)
        bal.push_back(100 + random_below(1000000));
    f.replace(accounts_text(bal));
    expect_transfer_works(path, f, bal);
    expect_transfer_works(path, f, bal);

    const std::uint64_t from = random_below(16), to = (from + 1 + random_below(15)) % 16;
    auto r = transfer(path, from, to, bal[from] + 1);
    expect_exit(r, 3, "a balance smaller than AMOUNT is exit 3: compare before subtracting");
    expect(f.contents() == accounts_text(bal), "the file unchanged", show(f.contents()),
           "check the balance before writing anything");
    for (auto args : std::vector<std::vector<std::string>>{{path, "3", "3", "1"},
                                                           {path, "1", "2", "0"},
                                                           {path, "1", "2", "x"},
                                                           {path, "1", "-2", "5"},
                                                           {path, "1", "2"}})
        expect_usage(run_student("bank_transfer", args, {.timeout = 10}),
                     "FROM = TO, a missing argument or a number that is not a plain positive "
                     "decimal is a usage error: exit 2 before touching the file");
    expect_error(transfer(path, 2, 16, 1), 1,
                 "account 16 starts at byte 256, past the end of a 256-byte file: exit 1");
    bal[to] = 999999999999999 - random_below(10);
    f.replace(accounts_text(bal));
    expect_error(transfer(path, from, to, 11), 1,
                 "a balance that would need more than 15 digits is exit 1, nothing changed");
    expect(f.contents() == accounts_text(bal), "the file unchanged", show(f.contents()),
           "check that the new balance fits before writing anything");
}

GRADED("bank_transfer locks both records, the lower index first", 10, "08.bank.order") {
    auto path = fresh_path("bank");
    File f(path);
    std::vector<std::uint64_t> bal;
    for (int i = 0; i < 16; ++i)
        bal.push_back(1000 + random_below(1000000));
    f.replace(accounts_text(bal));
    const std::uint64_t low = random_below(8), high = 8 + random_below(8);
    auto at = [](std::uint64_t account) { return static_cast<off_t>(account * kRecord); };
    const off_t rec = kRecord;

    // Phase 1: the grader holds the LOWER record; a transfer from high to low must wait for it
    // without holding the higher one (in argument order, it would take `high` first).
    expect(f.set_lock(F_WRLCK, at(low), rec), "the grader's lock", "refused", "(grader)");
    Proc t(student_path("bank_transfer"), {path, std::to_string(high), std::to_string(low), "1"},
           {.timeout = 30});
    expect_blocked(t, "account " + std::to_string(low) + "'s record",
                   "lock each record with fcntl(F_SETLKW) on its 16 bytes before reading it");
    pid_t h = f.holder(at(high), rec);
    expect(h == 0,
           "account " + std::to_string(high) +
               " not locked while the transfer waits for "
               "account " +
               std::to_string(low),
           who(h) + " (the waiting transfer holds it)",
           "lock the lower-numbered record first, whatever the order of FROM and TO: two "
           "transfers that take them in argument order can each wait for the other forever");
    f.set_lock(F_UNLCK, at(low), rec);
    expect_exit(t.wait(), 0, "the transfer must finish once the record is free");
    bal[high] -= 1;
    bal[low] += 1;
    expect(f.contents() == accounts_text(bal), "the transfer done", show(f.contents()),
           "move AMOUNT once both records are locked");

    // Phase 2: the grader holds the HIGHER record; the transfer must hold the lower one while it
    // waits (its lock must survive everything it does in between).
    expect(f.set_lock(F_WRLCK, at(high), rec), "the grader's lock", "refused", "(grader)");
    Proc t2(student_path("bank_transfer"), {path, std::to_string(low), std::to_string(high), "1"},
            {.timeout = 30});
    expect_blocked(t2, "account " + std::to_string(high) + "'s record",
                   "lock each record with fcntl(F_SETLKW) on its 16 bytes");
    h = f.holder(at(low), rec);
    expect(h == t2.pid(),
           "account " + std::to_string(low) + " locked by the waiting transfer (pid " +
               std::to_string(t2.pid()) + ")",
           who(h),
           "keep the lower record locked while waiting for the higher one; fcntl locks vanish "
           "when the process closes ANY descriptor of the file, so never open and close the "
           "file again while you hold them");
    f.set_lock(F_UNLCK, at(high), rec);
    expect_exit(t2.wait(), 0, "the transfer must finish once the record is free");
}

CONCURRENT_GRADED("32 concurrent transfers keep every balance and never deadlock", 5,
                  "08.bank.many") {
    auto path = fresh_path("bank");
    File f(path);
    std::vector<std::uint64_t> bal;
    for (int i = 0; i < 16; ++i)
        bal.push_back(1000000 + random_below(1000000));
    const std::uint64_t total_before = [&] {
        std::uint64_t t = 0;
        for (auto b : bal)
            t += b;
        return t;
    }();
    f.replace(accounts_text(bal));
    // The transfers move money among 4 of the 16 accounts, so that every two of them are likely
    // to want a record in common, and the grader holds the whole file while it starts them: they
    // all wait for it, then compete for the records at once. A transfer that writes outside its
    // locks then loses an update in nearly every round with 32 of them; 200 transfers on all 16
    // accounts, started one after another with nothing to wait for, cost six times as much.
    std::vector<std::uint64_t> hot;
    while (hot.size() < 4)
        if (auto a = random_below(16); std::find(hot.begin(), hot.end(), a) == hot.end())
            hot.push_back(a);
    expect(f.set_lock(F_WRLCK, 0, 0), "the grader's lock on the file", "refused", "(grader)");
    std::vector<std::unique_ptr<Proc>> runs;
    // Under valgrind (which looks for leaks, not races) every process at once needs much
    // memory: 20 of them check the same code paths.
    const int transfers = valgrind_mode() ? 20 : 32;
    for (int k = 0; k < transfers; ++k) {
        const std::uint64_t i = random_below(4), from = hot[i],
                            to = hot[(i + 1 + random_below(3)) % 4],
                            amount = 1 + random_below(1000);
        bal[from] -= amount;  // every transfer succeeds: no balance can drop below AMOUNT
        bal[to] += amount;
        runs.push_back(std::make_unique<Proc>(
            student_path("bank_transfer"),
            std::vector<std::string>{path, std::to_string(from), std::to_string(to),
                                     std::to_string(amount)},
            Options{.timeout = 60}));
    }
    // Observation only: give each transfer (bounded) time to reach its first lock and sleep.
    const double give_up = now() + 5;
    for (auto& r : runs)
        while (now() < give_up && !r->finished() && pid_state(r->pid()) != 'S')
            pause_for(0.002);
    f.set_lock(F_UNLCK, 0, 0);
    for (auto& r : runs)
        expect_output(r->wait(), "",
                      "every transfer must finish"
                      ": lock the two records in one global order (lower index first) "
                      "so that no two transfers wait for each other");
    std::string got = f.contents();
    std::uint64_t total_after = 0;
    bool valid = got.size() == 16 * kRecord;
    for (std::size_t i = 0; valid && i < 16; ++i) {
        std::string r = got.substr(i * kRecord, kRecord);
        valid = r.back() == '\n' && r.find_first_not_of(' ') < 15 &&
                r.find_first_not_of("0123456789", r.find_first_not_of(' ')) == 15;
        if (valid) total_after += std::stoull(r);
    }
    expect(valid, "16 records of 15 right-aligned digits and '\\n'", show(got),
           "write each balance back with exactly 15 characters and '\\n' at 16 * I");
    expect(got == accounts_text(bal),
           "every balance as the " + std::to_string(transfers) + " transfers leave it (total " +
               std::to_string(total_before) + ")",
           "other balances (total " + std::to_string(total_after) + ")",
           "hold both records' locks from before reading them until after writing both: a "
           "balance read or written outside the locks loses another transfer's update");
}
