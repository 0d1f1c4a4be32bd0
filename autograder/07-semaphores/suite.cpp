// Lab 07-semaphores: a bounded buffer in shared memory (bb_*) and sem_pingpong, judged by the
// items that come out, by reading the ring through ring.hpp, and by the state of the processes.
#include <fcntl.h>
#include <poll.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "graded.hpp"
#include "procfs.hpp"
#include "ring.hpp"  // given/: the grader's copy, not the student's

using namespace grade;

namespace {

// The layout the programs and the grader share: three 8-byte fields, three semaphores, slots.
static_assert(sizeof(Ring) == 3 * 8 + 3 * sizeof(sem_t), "ring.hpp's layout changed");
static_assert(sizeof(Ring) % 8 == 0, "the slots must start 8-byte aligned");

// Which of the ring's semaphores the futex word at byte OFFSET of a ring's object belongs to.
const char* semaphore_at(unsigned long long offset) {
    const std::pair<const char*, std::size_t> fields[] = {
        {"free_slots", offsetof(Ring, free_slots)},
        {"used_slots", offsetof(Ring, used_slots)},
        {"mutex", offsetof(Ring, mutex)}};
    for (const auto& [name, at] : fields)
        if (offset >= at && offset < at + sizeof(sem_t)) return name;
    return nullptr;
}

int value(sem_t* sem);

// A deadlock of bb_produce and bb_consume, told by the semaphore each process sleeps on (the
// futex word sem_wait sleeps on, located in the ring's object) and the values they have now.
std::string explain_ring_deadlock(const std::vector<Sleeper>& sleepers) {
    std::map<std::string, std::vector<std::string>> on;  // semaphore: who sleeps on it
    std::string object;
    for (const auto& s : sleepers)
        if (const char* sem =
                s.file.rfind("/dev/shm/", 0) == 0 ? semaphore_at(s.offset) : nullptr) {
            on[sem].push_back(s.name());
            object = s.file.substr(8);  // "/NAME", the name shm_open knows it by
        }
    if (on.empty()) return "";
    int fd = shm_open(object.c_str(), O_RDWR | O_NOFOLLOW, 0);
    void* p = fd < 0 ? MAP_FAILED
                     : mmap(nullptr, sizeof(Ring), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (fd >= 0) close(fd);
    if (p == MAP_FAILED) return "";
    auto* ring = static_cast<Ring*>(p);
    std::map<std::string, int> values = {{"free_slots", value(&ring->free_slots)},
                                         {"used_slots", value(&ring->used_slots)},
                                         {"mutex", value(&ring->mutex)}};
    munmap(p, sizeof(Ring));
    // "bb_produce (pid 4) sleeps on free_slots (value 0); 3 processes on mutex (value 0)"
    std::string who;
    for (const auto& [sem, names] : on)
        who += (who.empty() ? "" : "; ") +
               (names.size() == 1 ? names.front() + " sleeps"
                                  : std::to_string(names.size()) + " processes") +
               " on " + sem + " (value " + std::to_string(values[sem]) + ")";
    for (const auto& [sem, names] : on)
        if (values[sem] > 0)  // a post that raised the value never woke the sleeper
            return who + ". " + sem +
                   " is above 0 and yet they sleep: a post in one process "
                   "wakes no sleeper in another when the semaphores are process-private "
                   "(sem_init's pshared argument must be 1)";
    const bool on_slot = on.count("free_slots") || on.count("used_slots");
    if (on.count("mutex") && values["mutex"] == 0 && on_slot) {
        const std::string slot = on.count("free_slots") ? "free_slots" : "used_slots";
        return who + ". So " + on[slot].front() + " sleeps on " + slot +
               " while the mutex is taken, and the process that would post " + slot +
               " waits for that mutex: wait for a slot first (free_slots in a producer, "
               "used_slots in a consumer), and only then for the mutex";
    }
    if (on.count("mutex") && values["mutex"] == 0)
        return who +
               ". The mutex is taken but nobody holds it while working on the ring: some "
               "path takes it and never posts it back";
    if (on.count("free_slots") && on.count("used_slots"))
        return who +
               ". Both at 0: the slots were miscounted. A producer posts used_slots once "
               "per item it puts, a consumer posts free_slots once per item it takes";
    return "";  // one side waits for the other, which is gone: the test's hint says why
}

[[maybe_unused]] const bool kExplained = (explain_deadlocks(explain_ring_deadlock), true);

// Waits (bounded) until DONE holds: an observation of something the programs do, never a
// substitute for synchronisation. Returns whether it happened.
bool wait_until(const std::function<bool()>& done, double seconds = 10) {
    const double give_up = now() + seconds;
    while (!done()) {
        if (now() > give_up) return false;
        pause_for(0.002);
    }
    return true;
}

// The grader's own view of a ring: the object mapped read-write, as the programs map it.
class RingView {
  public:
    explicit RingView(const std::string& name) {
        int fd = shm_open(name.c_str(), O_RDWR | O_NOFOLLOW, 0);
        struct stat st {};
        if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(sizeof(Ring))) {
            size_ = static_cast<std::size_t>(st.st_size);
            void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            ring_ = p == MAP_FAILED ? nullptr : static_cast<Ring*>(p);
        }
        if (fd >= 0) close(fd);
    }
    ~RingView() {
        if (ring_) munmap(ring_, size_);
    }
    RingView(const RingView&) = delete;
    RingView& operator=(const RingView&) = delete;

    Ring* get() const { return ring_; }
    std::size_t size() const { return size_; }
    // The ring's slots, or none if the object is smaller than its capacity says.
    std::vector<std::uint64_t> slots() const {
        if (!ring_ || ring_->capacity > kMaxCapacity || ring_bytes(ring_->capacity) > size_)
            return {};
        return {ring_->slots(), ring_->slots() + ring_->capacity};
    }

  private:
    Ring* ring_ = nullptr;
    std::size_t size_ = 0;
};

int value(sem_t* sem) {
    int v = -1;
    sem_getvalue(sem, &v);
    return v;
}

std::uint64_t item(std::uint64_t id, std::uint64_t i) {
    return id << 32 | i;
}

// The consumer's exact output for items FIRST..FIRST+N-1 of producer ID.
std::string lines(std::uint64_t id, std::uint64_t first, std::uint64_t n) {
    std::string s;
    for (std::uint64_t i = first; i < first + n; ++i)
        s += std::to_string(item(id, i)) + "\n";
    return s;
}

std::uint64_t random_id() {
    return 1 + random_below((std::uint64_t{1} << 31) - 1);
}

void init_ring(const std::string& name, std::uint64_t capacity) {
    expect_exit(run_student("bb_init", {name, std::to_string(capacity)}), 0,
                "bb_init must create a new ring: shm_open with O_CREAT | O_EXCL, ftruncate to "
                "ring_bytes(CAPACITY), then initialise the fields and the semaphores");
}

Proc producer(const std::string& name, std::uint64_t id, std::uint64_t count, double timeout = 30) {
    return Proc(student_path("bb_produce"), {name, std::to_string(id), std::to_string(count)},
                {.timeout = timeout, .deadlock_after = 1});
}

// A running bb_consume. Its stdout goes to a file, not a pipe: thousands of lines would fill a
// pipe that the grader is not reading while it waits for another program, and stall everyone.
class Consumer {
  public:
    Consumer(const std::string& name, std::uint64_t count, double timeout = 30)
        : out_(fresh_path("consumed")),
          proc_(student_path("bb_consume"), {name, std::to_string(count)},
                {.timeout = timeout, .stdout_file = out_, .deadlock_after = 1}) {}
    Proc& proc() { return proc_; }
    // Waits for it to end; the result's out holds everything it printed.
    Result finish() {
        Result r = proc_.wait();
        std::ifstream in(out_, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        r.out = s.str();
        return r;
    }

  private:
    std::string out_;
    Proc proc_;
};

// Waits until P has a SIGUSR1 handler installed and sleeps (waiting for WHAT).
void expect_waiting_with_handler(Proc& p, const std::string& what) {
    bool caught =
        wait_until([&] { return p.finished() || procfs::signal_in(p.pid(), "SigCgt", SIGUSR1); });
    expect(caught && !p.finished(), "a SIGUSR1 handler installed while waiting for " + what,
           p.finished() ? "the program exited" : "no handler for SIGUSR1 after 10 s",
           "install a handler for SIGUSR1 with sigaction (sa_flags without SA_RESTART) before "
           "the first sem_wait");
    expect_blocked(p, what, "wait in sem_wait, which sleeps in the kernel", 0.1);
}

// Interrupts P's wait with SIGUSR1 TIMES times; after each, P must take the signal and go back
// to sleep instead of giving up or moving on.
void interrupt(Proc& p, const std::string& what, int times) {
    const char* hint =
        "sem_wait returns -1 with errno EINTR when the SIGUSR1 handler ran: nothing was taken, "
        "so wait again (loop while errno == EINTR) instead of failing or going on";
    for (int k = 0; k < times; ++k) {
        p.signal(SIGUSR1);
        bool taken = wait_until([&] {
            return p.finished() || (!procfs::signal_in(p.pid(), "SigPnd", SIGUSR1) &&
                                    !procfs::signal_in(p.pid(), "ShdPnd", SIGUSR1));
        });
        expect(taken && !p.finished(), "still waiting for " + what + " after SIGUSR1",
               p.finished() ? "it exited: " + p.wait().describe() : "the signal stayed pending",
               hint);
        expect_blocked(p, what, hint, 0.1);
    }
}

void expect_consumed(Consumer& c, const std::string& want, const char* hint) {
    expect_output(c.finish(), want, hint);
}

// Checks the outputs of several consumers of PRODUCERS × N items: every item exactly once, and
// each consumer sees each producer's items in increasing order.
void expect_each_once(const std::vector<Result>& outs, const std::vector<std::uint64_t>& ids,
                      std::uint64_t n) {
    std::map<std::uint64_t, std::vector<int>> seen;
    for (auto id : ids)
        seen[id].assign(n, 0);
    const char* mutex_hint =
        "with several producers and consumers, reading and moving head or tail must happen "
        "under the mutex semaphore (sem_wait(&mutex) ... sem_post(&mutex)), or two processes "
        "use the same slot";
    for (std::size_t c = 0; c < outs.size(); ++c) {
        std::istringstream in(outs[c].out);
        std::map<std::uint64_t, std::int64_t> last;
        std::string line;
        while (std::getline(in, line)) {
            std::uint64_t v = 0;
            std::istringstream num(line);
            num >> v;
            const std::uint64_t id = v >> 32, i = v & 0xffffffff;
            auto it = seen.find(id);
            expect(num && num.eof() && it != seen.end() && i < n,
                   "only items that a producer put (ID << 32 | i)",
                   "consumer " + std::to_string(c + 1) + " printed " + show(line), mutex_hint);
            expect(++it->second[i] == 1, "every item exactly once",
                   "item " + line + " (producer " + std::to_string(id) +
                       ", i = " + std::to_string(i) + ") came out twice",
                   mutex_hint);
            auto [pos, fresh] = last.try_emplace(id, -1);
            expect(static_cast<std::int64_t>(i) > pos->second,
                   "each consumer sees a producer's items in increasing order",
                   "consumer " + std::to_string(c + 1) + " got i = " + std::to_string(i) +
                       " after i = " + std::to_string(pos->second),
                   "items leave the ring in the order they entered it: take from head, put at "
                   "tail, both under the mutex");
            pos->second = static_cast<std::int64_t>(i);
        }
    }
    for (auto& [id, counts] : seen)
        for (std::uint64_t i = 0; i < n; ++i)
            expect(counts[i] == 1, "every item exactly once",
                   "item " + std::to_string(item(id, i)) + " never came out", mutex_hint);
}

// A FIFO that several programs write their stdout into: the grader reads their lines in the
// order they were written (each line with one write() of less than PIPE_BUF bytes).
class SharedOutput {
  public:
    SharedOutput() : path_(fresh_path("out")) {
        if (mkfifo(path_.c_str(), 0600) < 0) throw std::runtime_error("mkfifo failed");
        fd_ = open(path_.c_str(), O_RDONLY | O_NONBLOCK);
        if (fd_ < 0) throw std::runtime_error("open of the FIFO failed");
    }
    ~SharedOutput() { close(fd_); }
    SharedOutput(const SharedOutput&) = delete;
    SharedOutput& operator=(const SharedOutput&) = delete;
    const std::string& path() const { return path_; }

    // Reads until every writer has closed, WANT stops matching, or SECONDS pass.
    std::string read_expecting(const std::string& want, double seconds) {
        std::string got;
        const double give_up = now() + seconds;
        char buf[65536];
        while (now() < give_up) {
            pollfd p{fd_, POLLIN, 0};
            poll(&p, 1, 100);
            ssize_t n = read(fd_, buf, sizeof buf);
            if (n == 0) break;  // no writer left
            if (n > 0) got.append(buf, static_cast<std::size_t>(n));
            if (want.compare(0, got.size(), got) != 0) break;
        }
        return got;
    }

  private:
    std::string path_;
    int fd_ = -1;
};

std::string sem_file(const std::string& name) {
    return "/dev/shm/sem." + name.substr(1);
}

std::string pingpong_name() {
    std::string name = fresh_shm_name();
    at_test_end([name] {
        sem_unlink((name + "-ping").c_str());
        sem_unlink((name + "-pong").c_str());
    });
    return name;
}

// Runs both sides of sem_pingpong for ROUNDS (at least 2) rounds, FIRST_SIDE started first and
// seen waiting before the other starts, and checks the strict alternation of their lines.
void expect_pingpong(const std::string& name, std::uint64_t rounds, const std::string& first_side) {
    SharedOutput out;
    const std::string second_side = first_side == "ping" ? "pong" : "ping";
    auto start = [&](const std::string& side) {
        return Proc(student_path("sem_pingpong"), {name, std::to_string(rounds), side},
                    {.timeout = 60, .stdout_file = out.path()});
    };
    Proc first = start(first_side);
    expect_blocked(first, "the " + second_side + " side",
                   "whichever side starts first creates both semaphores (O_CREAT, initial values "
                   "1 for NAME-ping and 0 for NAME-pong) and sleeps in sem_wait when it is not "
                   "its turn");
    Proc second = start(second_side);
    std::string want;
    for (std::uint64_t i = 0; i < rounds; ++i)
        want += "ping\npong\n";
    std::string got = out.read_expecting(want, 60);
    const char* hint =
        "ping waits on NAME-ping and posts NAME-pong, pong the mirror image; each writes its "
        "line (with write(), not buffered stdio) before it posts; both sides open both "
        "semaphores with O_CREAT";
    // Judge the output first: when it went wrong, a side may wait for ever, and waiting for
    // it would only burn the test's time.
    std::size_t i = 0;
    while (i < got.size() && i < want.size() && got[i] == want[i])
        ++i;
    expect(got == want, std::to_string(rounds) + " rounds of \"ping\\npong\\n\"",
           show(got) + " (first difference at byte " + std::to_string(i) + " of " +
               std::to_string(want.size()) + ")",
           hint);
    auto r1 = first.wait(), r2 = second.wait();
    expect_exit(r1, 0, hint);
    expect_exit(r2, 0, hint);
}

}  // namespace

GRADED("bb_init creates an empty ring of CAPACITY slots", 10, "07.init") {
    for (std::uint64_t capacity : {std::uint64_t{1}, std::uint64_t{8}, 2 + random_below(1000)}) {
        auto name = fresh_shm_name();
        init_ring(name, capacity);
        RingView view(name);
        Ring* ring = view.get();
        expect(ring && view.size() >= ring_bytes(capacity),
               "an object of at least ring_bytes(" + std::to_string(capacity) +
                   ") = " + std::to_string(ring_bytes(capacity)) + " bytes",
               "an object of " + std::to_string(view.size()) + " bytes",
               "ftruncate the object to ring_bytes(CAPACITY): the Ring struct, then the slots");
        expect(ring->capacity == capacity, "capacity " + std::to_string(capacity),
               "capacity " + std::to_string(ring->capacity), "store CAPACITY in ring->capacity");
        expect(ring->head == ring->tail && ring->head < capacity, "head == tail (an empty ring)",
               "head " + std::to_string(ring->head) + ", tail " + std::to_string(ring->tail),
               "an empty ring starts with head = tail = 0");
        const int free_slots = value(&ring->free_slots), used = value(&ring->used_slots),
                  mutex = value(&ring->mutex);
        expect(free_slots == static_cast<int>(capacity) && used == 0 && mutex == 1,
               "free_slots " + std::to_string(capacity) + ", used_slots 0, mutex 1",
               "free_slots " + std::to_string(free_slots) + ", used_slots " + std::to_string(used) +
                   ", mutex " + std::to_string(mutex),
               "a semaphore's initial value is what it counts at the start: every slot is free, "
               "none is used, and the mutex is available (sem_init's third argument)");
    }
}

GRADED("bb_init refuses an existing NAME and leaves its ring alone", 5, "07.init.exists") {
    auto name = fresh_shm_name();
    const std::uint64_t id = random_id();
    init_ring(name, 8);
    expect_exit(run_student("bb_produce", {name, std::to_string(id), "5"}), 0,
                "bb_produce must put 5 items into an empty ring of 8 slots without waiting");
    expect_error(run_student("bb_init", {name, "8"}), 1,
                 "creation must be exclusive: shm_open with O_CREAT | O_EXCL fails with EEXIST");
    expect_output(run_student("bb_consume", {name, "5"}, {.timeout = 10}), lines(id, 0, 5),
                  "a second bb_init must not touch the ring: initialising its head, tail and "
                  "semaphores again loses the items that are in it (use O_EXCL)");
}

CONCURRENT_GRADED("one producer and one consumer move every item in order", 15, "07.order") {
    for (std::uint64_t capacity : {1, 2, 64}) {
        auto name = fresh_shm_name();
        init_ring(name, capacity);
        // More items than fit in a page of slots, so that indices must wrap around.
        const std::uint64_t id = random_id(), n = per_round(1800 + random_below(600));
        Consumer c(name, n);
        Proc p = producer(name, id, n);
        const std::string hint =
            "with capacity " + std::to_string(capacity) +
            ": a producer waits on free_slots and posts used_slots, a consumer the other way "
            "round; head and tail advance modulo capacity";
        expect_consumed(c, lines(id, 0, n), hint.c_str());
        expect_exit(p.wait(), 0, hint);
    }
}

CONCURRENT_GRADED("4 producers and 4 consumers deliver every item exactly once", 20, "07.many") {
    auto name = fresh_shm_name();
    init_ring(name, 8);
    // Per producer. Under the perturber each of the rounds moves its share of them: a producer
    // that touches the ring without the mutex loses or duplicates an item in every round
    // measured with a third of that share, on one CPU as on two (the perturber pauses it right
    // after it reads the ring, at most some hundreds of times a run, however long the run).
    // Under valgrind (which looks for leaks, not races) the programs run far slower, so fewer.
    const std::uint64_t n = valgrind_mode() ? 2000 : per_round(3000);
    std::vector<std::uint64_t> ids;
    while (ids.size() < 4) {
        auto id = random_id();
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    std::vector<std::unique_ptr<Consumer>> consumers;
    std::vector<std::unique_ptr<Proc>> producers;
    for (int k = 0; k < 4; ++k)
        consumers.push_back(std::make_unique<Consumer>(name, n, 60));
    for (auto id : ids)
        producers.push_back(std::make_unique<Proc>(
            student_path("bb_produce"),
            std::vector<std::string>{name, std::to_string(id), std::to_string(n)},
            Options{.timeout = 60}));
    const char* hint =
        "every producer and consumer must finish: a lost or duplicated item leaves someone "
        "waiting forever; guard head, tail and the slots with the mutex semaphore";
    for (auto& p : producers)
        expect_exit(p->wait(), 0, hint);
    std::vector<Result> outs;
    for (auto& c : consumers) {
        outs.push_back(c->finish());
        expect_exit(outs.back(), 0, hint);
    }
    expect_each_once(outs, ids, n);
}

GRADED("a producer facing a full ring sleeps with CAPACITY items in it", 10, "07.full C.sleep") {
    auto name = fresh_shm_name();
    const std::uint64_t capacity = 2 + random_below(30), extra = 1 + random_below(10),
                        id = random_id();
    init_ring(name, capacity);
    RingView view(name);
    Ring* ring = view.get();
    expect(ring != nullptr, "a ring object", "none", "bb_init must create the ring");
    Proc p = producer(name, id, capacity + extra);
    bool full = wait_until(
        [&] { return p.finished() || value(&ring->used_slots) >= static_cast<int>(capacity); });
    expect(full && !p.finished(), "the producer still running once the ring is full",
           p.finished() ? "it exited: " + p.wait().describe() : "the ring never filled up",
           "put items while sem_wait(free_slots) lets you, and wait when it would go below 0");
    expect_blocked(p, "a free slot",
                   "a full ring means free_slots is 0: sem_wait(&free_slots) sleeps until a "
                   "consumer posts it (no loop around sem_trywait)");
    const int used = value(&ring->used_slots), free_slots = value(&ring->free_slots);
    expect(used == static_cast<int>(capacity) && free_slots == 0,
           "used_slots " + std::to_string(capacity) + ", free_slots 0",
           "used_slots " + std::to_string(used) + ", free_slots " + std::to_string(free_slots),
           "post used_slots once per item put, and wait on free_slots before each");
    auto slots = view.slots();
    std::sort(slots.begin(), slots.end());
    std::vector<std::uint64_t> want;
    for (std::uint64_t i = 0; i < capacity; ++i)
        want.push_back(item(id, i));
    expect(slots == want,
           "the slots holding exactly the first " + std::to_string(capacity) + " items",
           "other values in the slots",
           "store item ID << 32 | i at slots()[tail], then advance tail modulo capacity");
    Consumer c(name, capacity + extra);
    expect_consumed(c, lines(id, 0, capacity + extra),
                    "a consumer must drain the ring and let the producer finish");
    expect_exit(p.wait(), 0, "the producer must finish once a consumer frees slots");
}

GRADED("a consumer facing an empty ring sleeps until items arrive", 10, "07.empty C.sleep") {
    auto name = fresh_shm_name();
    const std::uint64_t capacity = 4 + random_below(30), n = 1 + random_below(capacity),
                        id = random_id();
    init_ring(name, capacity);
    Consumer c(name, n, 15);
    expect_blocked(c.proc(), "an item",
                   "an empty ring means used_slots is 0: sem_wait(&used_slots) sleeps until a "
                   "producer posts it (no loop around sem_trywait)");
    expect_exit(run_student("bb_produce", {name, std::to_string(id), std::to_string(n)}), 0,
                "bb_produce must put items into a ring with free slots without waiting");
    expect_consumed(c, lines(id, 0, n),
                    "the producer's sem_post(&used_slots) must wake the sleeping consumer: the "
                    "semaphores must be process-shared (sem_init's pshared argument 1)");
}

GRADED("a SIGUSR1 during sem_wait loses and duplicates no item", 10, "07.eintr") {
    auto name = fresh_shm_name();
    const std::uint64_t id = random_id();
    init_ring(name, 3);
    // A consumer interrupted while the ring is empty...
    Consumer c(name, 6);
    expect_waiting_with_handler(c.proc(), "an item");
    interrupt(c.proc(), "an item", 5);
    Proc p = producer(name, id, 12);
    expect_consumed(
        c, lines(id, 0, 6),
        "after SIGUSR1 the consumer must go on waiting and then take each item once: a sem_wait "
        "that fails with EINTR took nothing, so retry it instead of going on");
    // ... and a producer interrupted while it is full.
    RingView view(name);
    Ring* ring = view.get();
    bool full = wait_until([&] { return p.finished() || value(&ring->used_slots) == 3; });
    expect(full && !p.finished(), "the producer waiting on a full ring",
           p.finished() ? "it exited: " + p.wait().describe() : "the ring never filled up",
           "the producer must put items until the ring is full");
    expect_waiting_with_handler(p, "a free slot");
    interrupt(p, "a free slot", 5);
    Consumer drain(name, 6);
    expect_consumed(
        drain, lines(id, 6, 6),
        "after SIGUSR1 the producer must go on waiting and then put each item once: a sem_wait "
        "that fails with EINTR took nothing, so retry it instead of going on");
    expect_exit(p.wait(), 0, "the producer must finish once its items are taken");
}

GRADED("bb_destroy removes the ring", 5, "07.destroy") {
    auto name = fresh_shm_name();
    init_ring(name, 4);
    expect_exit(run_student("bb_destroy", {name}), 0, "bb_destroy must succeed on a ring");
    expect(!shm_info(name), "/dev/shm" + name + " gone", "it is still there",
           "after sem_destroy, remove the object with shm_unlink(NAME)");
    expect_error(run_student("bb_destroy", {name}), 1,
                 "a missing NAME is exit 1: check what shm_open returns");
}

CONCURRENT_GRADED("sem_pingpong alternates strictly, whichever side starts first", 10,
                  "07.pingpong.order") {
    // Each side's bug shows within the first rounds (it posts the wrong semaphore, or cannot
    // open one the other side did not create); the rounds are for a race that comes only now
    // and then, and each of the perturber's rounds plays its share.
    expect_pingpong(pingpong_name(), per_round(1500), "pong");
    expect_pingpong(pingpong_name(), 2 + random_below(50), "ping");
}

GRADED("sem_pingpong removes both semaphores when done", 5, "07.pingpong.remove") {
    auto name = pingpong_name();
    expect_pingpong(name, 3, "ping");
    for (const char* suffix : {"-ping", "-pong"}) {
        struct stat st {};
        expect(lstat(sem_file(name + suffix).c_str(), &st) != 0, sem_file(name + suffix) + " gone",
               "it is still there",
               "the pong side removes both names with sem_unlink when it is done (sem_close "
               "only closes this process's handle)");
    }
}

GRADED("bad arguments are usage errors (exit 2)", 5, "07.args C.usage") {
    auto name = fresh_shm_name();
    init_ring(name, 4);  // the normal path first: bb_init works
    auto unused = fresh_shm_name();
    const char* hint =
        "check the arguments before creating or opening anything: CAPACITY is a positive "
        "decimal, ID, COUNT and ROUNDS are plain decimals, the side is ping or pong; anything "
        "else (or a wrong count) is exit 2 with \"usage: ...\"";
    for (auto [program, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"bb_init", {unused}},
             {"bb_init", {unused, "0"}},
             {"bb_init", {unused, "abc"}},
             {"bb_init", {unused, "-4"}},
             {"bb_init", {unused, "8x"}},
             {"bb_produce", {name, "1"}},
             {"bb_produce", {name, "x", "3"}},
             {"bb_produce", {name, "1", "-2"}},
             {"bb_consume", {name}},
             {"bb_consume", {name, "2x"}},
             {"bb_destroy", {}},
             {"sem_pingpong", {unused, "3", "pang"}},
             {"sem_pingpong", {unused, "x", "ping"}},
             {"sem_pingpong", {unused, "3"}}}) {
        expect_usage(run_student(program, args, {.timeout = 10}), hint);
        expect(!shm_info(unused), "no object made by a usage error",
               "/dev/shm" + unused + " exists", hint);
    }
}
