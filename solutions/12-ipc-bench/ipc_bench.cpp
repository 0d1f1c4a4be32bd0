// ipc_bench MECH SIZE COUNT NAME: a child sends COUNT messages of SIZE bytes to its parent
// through MECH; the parent checks every byte, hashes them, and prints one line of CSV.
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>
#include <vector>

#include "ipclab/args.hpp"
#include "ipclab/errors.hpp"
#include "ipclab/fd.hpp"
#include "ipclab/io.hpp"
#include "ipclab/mapping.hpp"

// BEGIN SOLUTION: the test pattern: byte J of message I is (I * 31 + J) % 251.
namespace {

constexpr const char* kProg = "ipc_bench";
constexpr const char* kUsage = "ipc_bench pipe|fifo|mq|unix|shm|memcpy SIZE COUNT NAME";

// Byte J of message I is (I * 31 + J) % 251: it depends only on (I * 31 + J) mod 251, so
// message I is the slice of the repeating run 0, 1, ..., 250, 0, 1, ... that starts at
// (I * 31) % 251. One buffer of SIZE + 251 bytes holds every message: the sender never
// computes a byte while the clock runs, and the receiver compares with memcmp.
class Pattern {
  public:
    explicit Pattern(std::size_t size) : bytes_(size + 251) {
        for (std::size_t k = 0; k < bytes_.size(); ++k)
            bytes_[k] = static_cast<unsigned char>(k % 251);
    }
    const unsigned char* message(std::uint64_t i) const {
        return bytes_.data() + (i % 251) * 31 % 251;
    }

  private:
    std::vector<unsigned char> bytes_;
};
// END SOLUTION

// BEGIN SOLUTION: the receiver: it checks each piece of bytes that arrives against the pattern,
// folds it into an FNV-1a 64 hash, and fails on a wrong byte or on more bytes than SIZE * COUNT.

// The parent's side of every mechanism: bytes arrive in pieces of any length, and each piece
// is checked against the pattern and folded into the FNV-1a hash, in order.
class Receiver {
  public:
    Receiver(const Pattern& pattern, std::uint64_t size, std::uint64_t count)
        : pattern_(pattern), size_(size), count_(count) {}

    // Takes LEN received bytes. False (with a message printed) if one is wrong or too many came.
    bool take(const unsigned char* data, std::size_t len) {
        while (len > 0) {
            if (message_ == count_)
                return ipclab::fail_msg(kProg, "receive", "more bytes than expected") == 0;
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(len, size_ - offset_));
            if (std::memcmp(data, pattern_.message(message_) + offset_, n) != 0)
                return ipclab::fail_msg(kProg, "receive", "a received byte is wrong") == 0;
            for (std::size_t k = 0; k < n; ++k)
                hash_ = (hash_ ^ data[k]) * 0x100000001b3ULL;
            data += n;
            len -= n;
            offset_ += n;
            if (offset_ == size_) {
                offset_ = 0;
                ++message_;
            }
        }
        return true;
    }
    bool complete() const { return message_ == count_; }
    std::uint64_t hash() const { return hash_; }

  private:
    const Pattern& pattern_;
    std::uint64_t size_, count_, message_ = 0, offset_ = 0;
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;  // the FNV-1a offset basis
};
// END SOLUTION

// BEGIN SOLUTION: the sending child: fork it, and make sure that no path out leaves it running or
// unreaped.

// The sending child. If the parent leaves early (an error), the destructor kills and reaps
// it, so no path out leaves a child running or a zombie behind.
class Child {
  public:
    template <class Body>
    explicit Child(Body body) : pid_(fork()) {
        // _exit, not exit or return: the child must not run the parent's destructors (they
        // would remove names the parent still needs) or flush its copy of stdio's buffers.
        if (pid_ == 0) _exit(body() ? 0 : 1);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    bool started() const { return pid_ >= 0; }
    // Waits for the child; true if it sent everything and exited 0.
    bool succeeded() {
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0)
            if (errno != EINTR) return false;
        pid_ = -1;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }

  private:
    pid_t pid_;
};
// END SOLUTION

// BEGIN SOLUTION: remove NAME as soon as it is no longer needed, on every path out.

// Removes a name (FIFO or socket path, queue, shm object) when it goes out of scope.
class Name {
  public:
    Name(const char* name, int (*remove)(const char*)) : name_(name), remove_(remove) {}
    Name(const Name&) = delete;
    Name& operator=(const Name&) = delete;
    ~Name() { drop(); }
    void drop() {
        if (name_) remove_(name_);
        name_ = nullptr;
    }

  private:
    const char* name_;
    int (*remove_)(const char*);
};
// END SOLUTION

// BEGIN SOLUTION: the stream mechanisms: the child writes every message, the parent reads until
// end-of-file.
struct Job {
    const Pattern& pattern;
    Receiver& rx;
    std::uint64_t size, count;
    const char* name;
};

// The stream mechanisms: the child writes every message, the parent reads until end-of-file.
bool send_stream(const Job& job, int fd) {
    for (std::uint64_t i = 0; i < job.count; ++i)
        if (!ipclab::write_all(fd, job.pattern.message(i), job.size))
            return ipclab::fail(kProg, "write") == 0;
    return true;
}
int receive_stream(const Job& job, int fd, Child& child) {
    std::vector<unsigned char> buf(1 << 18);
    for (;;) {
        ssize_t n = read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ipclab::fail(kProg, "read");
        if (n == 0) break;
        if (!job.rx.take(buf.data(), static_cast<std::size_t>(n))) return 1;
    }
    if (!child.succeeded()) return ipclab::fail_msg(kProg, "child", "the sender failed");
    if (!job.rx.complete()) return ipclab::fail_msg(kProg, "receive", "fewer bytes than expected");
    return 0;
}
// END SOLUTION

// BEGIN SOLUTION: for each MECH, set up the channel (creating NAME exclusively), fork a child that
// sends the COUNT messages (in pieces where the mechanism needs it), receive in the parent, and
// wait for the child.
int bench_pipe(const Job& job) {
    int ends[2];
    if (pipe(ends) < 0) return ipclab::fail(kProg, "pipe");
    ipclab::Fd in(ends[0]), out(ends[1]);
    Child child([&] {
        in.reset();
        // Owned here, so that it is closed before _exit like every descriptor the child uses.
        ipclab::Fd end = std::move(out);
        return send_stream(job, end.get());
    });
    if (!child.started()) return ipclab::fail(kProg, "fork");
    out.reset();  // or the parent never sees end-of-file: it would hold a write end itself
    return receive_stream(job, in.get(), child);
}

int bench_fifo(const Job& job) {
    if (mkfifo(job.name, 0600) < 0) return ipclab::fail(kProg, "mkfifo");
    Name name(job.name, unlink);
    Child child([&] {
        ipclab::Fd out(open(job.name, O_WRONLY));
        if (!out.valid()) return ipclab::fail(kProg, "open") == 0;
        return send_stream(job, out.get());
    });
    if (!child.started()) return ipclab::fail(kProg, "fork");
    // Each open blocks until the other side opens too. Once both have, the name has served
    // its purpose: remove it now, before anything can fail and leave it behind.
    ipclab::Fd in(open(job.name, O_RDONLY));
    if (!in.valid()) return ipclab::fail(kProg, "open");
    name.drop();
    return receive_stream(job, in.get(), child);
}

int bench_unix(const Job& job) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (std::strlen(job.name) >= sizeof addr.sun_path)
        return ipclab::fail_msg(kProg, job.name, "path too long");
    std::strcpy(addr.sun_path, job.name);
    auto* sa = reinterpret_cast<sockaddr*>(&addr);

    ipclab::Fd listener(socket(AF_UNIX, SOCK_STREAM, 0));
    if (!listener.valid()) return ipclab::fail(kProg, "socket");
    if (bind(listener.get(), sa, sizeof addr) < 0)
        return ipclab::fail(kProg, "bind");  // exists: EADDRINUSE
    Name name(job.name, unlink);
    if (listen(listener.get(), 1) < 0) return ipclab::fail(kProg, "listen");
    Child child([&] {
        listener.reset();
        ipclab::Fd out(socket(AF_UNIX, SOCK_STREAM, 0));
        if (!out.valid() || connect(out.get(), sa, sizeof addr) < 0)
            return ipclab::fail(kProg, "connect") == 0;
        return send_stream(job, out.get());
    });
    if (!child.started()) return ipclab::fail(kProg, "fork");
    ipclab::Fd in(accept(listener.get(), nullptr, nullptr));
    if (!in.valid()) return ipclab::fail(kProg, "accept");
    name.drop();  // connected: the socket file is no longer needed
    return receive_stream(job, in.get(), child);
}

int bench_mq(const Job& job) {
    // A queue message is at most msgsize_max bytes: larger messages go in pieces, and an
    // empty message marks the end (a queue has no end-of-file).
    long max_size = 8192;
    std::ifstream("/proc/sys/fs/mqueue/msgsize_max") >> max_size;
    mq_attr attr{};
    attr.mq_msgsize = max_size;
    attr.mq_maxmsg = std::clamp(262144L / max_size, 1L, 10L);  // stay inside RLIMIT_MSGQUEUE
    mqd_t q = mq_open(job.name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    if (q == static_cast<mqd_t>(-1)) return ipclab::fail(kProg, "mq_open");
    ipclab::Fd queue(q);  // on Linux a queue descriptor is a file descriptor
    // Both processes share the open queue through fork, so the name can go at once.
    if (mq_unlink(job.name) < 0) return ipclab::fail(kProg, "mq_unlink");

    const auto piece = static_cast<std::size_t>(max_size);
    Child child([&] {
        ipclab::Fd mine = std::move(queue);  // the child's copy, closed when it is done
        for (std::uint64_t i = 0; i < job.count; ++i) {
            const auto* msg = reinterpret_cast<const char*>(job.pattern.message(i));
            for (std::uint64_t at = 0; at < job.size; at += piece) {
                auto n = static_cast<std::size_t>(std::min<std::uint64_t>(piece, job.size - at));
                while (mq_send(q, msg + at, n, 0) < 0)
                    if (errno != EINTR) return ipclab::fail(kProg, "mq_send") == 0;
            }
        }
        while (mq_send(q, "", 0, 0) < 0)
            if (errno != EINTR) return ipclab::fail(kProg, "mq_send") == 0;
        return true;
    });
    if (!child.started()) return ipclab::fail(kProg, "fork");
    std::vector<unsigned char> buf(piece);
    for (;;) {
        ssize_t n = mq_receive(q, reinterpret_cast<char*>(buf.data()), buf.size(), nullptr);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ipclab::fail(kProg, "mq_receive");
        if (n == 0) break;
        if (!job.rx.take(buf.data(), static_cast<std::size_t>(n))) return 1;
    }
    if (!child.succeeded()) return ipclab::fail_msg(kProg, "child", "the sender failed");
    if (!job.rx.complete()) return ipclab::fail_msg(kProg, "receive", "fewer bytes than expected");
    return 0;
}

// A ring of slots in shared memory. Two counting semaphores make it safe: the sender waits
// for a free slot before filling it, the receiver waits for a used slot before reading it.
// Without "used" the receiver would read slots the sender has not written yet.
constexpr std::size_t kSlots = 8;
constexpr std::size_t kSlotBytes = 64 * 1024;
struct Ring {
    sem_t free_slots;
    sem_t used_slots;
    struct Slot {
        std::size_t len;  // 0 marks the end
        unsigned char data[kSlotBytes];
    } slot[kSlots];
};

bool sem_wait_retry(sem_t* s) {
    while (sem_wait(s) < 0)
        if (errno != EINTR) return false;
    return true;
}

int bench_shm(const Job& job) {
    ipclab::Fd fd(shm_open(job.name, O_CREAT | O_EXCL | O_RDWR, 0600));
    if (!fd.valid()) return ipclab::fail(kProg, "shm_open");
    Name name(job.name, shm_unlink);
    if (ftruncate(fd.get(), sizeof(Ring)) < 0) return ipclab::fail(kProg, "ftruncate");
    if (int err = posix_fallocate(fd.get(), 0, sizeof(Ring)); err != 0) {
        errno = err;  // a full /dev/shm is an error here, not a SIGBUS later
        return ipclab::fail(kProg, "posix_fallocate");
    }
    ipclab::Mapping map(sizeof(Ring), PROT_READ | PROT_WRITE, MAP_SHARED, fd.get());
    if (!map.valid()) return ipclab::fail(kProg, "mmap");
    name.drop();  // the mapping, inherited by the child, keeps the object alive
    fd.reset();
    auto* ring = reinterpret_cast<Ring*>(map.data());
    // pshared = 1: the semaphores live in shared memory and work across processes.
    if (sem_init(&ring->free_slots, 1, kSlots) < 0 || sem_init(&ring->used_slots, 1, 0) < 0)
        return ipclab::fail(kProg, "sem_init");

    Child child([&] {
        std::size_t next = 0;
        auto put = [&](const unsigned char* data, std::size_t len) {
            if (!sem_wait_retry(&ring->free_slots)) return false;
            Ring::Slot& s = ring->slot[next];
            std::memcpy(s.data, data, len);
            s.len = len;
            next = (next + 1) % kSlots;
            return sem_post(&ring->used_slots) == 0;  // publishes the slot's bytes and length
        };
        for (std::uint64_t i = 0; i < job.count; ++i)
            for (std::uint64_t at = 0; at < job.size; at += kSlotBytes)
                if (!put(job.pattern.message(i) + at,
                         static_cast<std::size_t>(
                             std::min<std::uint64_t>(kSlotBytes, job.size - at))))
                    return ipclab::fail(kProg, "sem_wait") == 0;
        return put(nullptr, 0) || ipclab::fail(kProg, "sem_wait") == 0;
    });
    if (!child.started()) return ipclab::fail(kProg, "fork");
    for (std::size_t next = 0;; next = (next + 1) % kSlots) {
        if (!sem_wait_retry(&ring->used_slots)) return ipclab::fail(kProg, "sem_wait");
        const Ring::Slot& s = ring->slot[next];
        if (s.len == 0) break;
        if (!job.rx.take(s.data, s.len)) return 1;
        if (sem_post(&ring->free_slots) < 0) return ipclab::fail(kProg, "sem_post");
    }
    if (!child.succeeded()) return ipclab::fail_msg(kProg, "child", "the sender failed");
    if (!job.rx.complete()) return ipclab::fail_msg(kProg, "receive", "fewer bytes than expected");
    sem_destroy(&ring->free_slots);
    sem_destroy(&ring->used_slots);
    return 0;
}
// END SOLUTION

// BEGIN SOLUTION: memcpy copies in one process, with no child.

// The baseline: the same bytes copied once inside one process, with no kernel in between.
int bench_memcpy(const Job& job) {
    std::vector<unsigned char> buf(job.size);
    for (std::uint64_t i = 0; i < job.count; ++i) {
        std::memcpy(buf.data(), job.pattern.message(i), job.size);
        if (!job.rx.take(buf.data(), buf.size())) return 1;
    }
    return 0;
}
// END SOLUTION

// BEGIN SOLUTION: a monotonic clock, in seconds.
double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace
// END SOLUTION

int main(int argc, char* argv[]) {
    // BEGIN SOLUTION: parse MECH (pipe, fifo, mq, unix, shm, memcpy), SIZE and COUNT (positive
    // decimals) and NAME; anything else is exit 2.
    if (argc != 5) return ipclab::usage(kUsage);
    const std::string_view mech = argv[1];
    std::uint64_t size = 0, count = 0;
    if (!ipclab::parse_u64(argv[2], size, std::uint64_t{1} << 30) || size == 0 ||
        !ipclab::parse_u64(argv[3], count, std::uint64_t{1} << 40) || count == 0)
        return ipclab::usage(kUsage);
    int (*bench)(const Job&) = mech == "pipe"     ? bench_pipe
                               : mech == "fifo"   ? bench_fifo
                               : mech == "mq"     ? bench_mq
                               : mech == "unix"   ? bench_unix
                               : mech == "shm"    ? bench_shm
                               : mech == "memcpy" ? bench_memcpy
                                                  : nullptr;
    if (!bench) return ipclab::usage(kUsage);
    // END SOLUTION
    // BEGIN SOLUTION: time the transfer through MECH.

    // A child that dies early must turn into an error on write, not kill the sender silently.
    signal(SIGPIPE, SIG_IGN);
    Pattern pattern(size);
    Receiver rx(pattern, size, count);
    const double start = now();
    if (int rc = bench({pattern, rx, size, count, argv[4]}); rc != 0) return rc;
    const double seconds = std::max(now() - start, 1e-9);
    // END SOLUTION
    // BEGIN SOLUTION: print MECH,SIZE,COUNT,SECONDS,MIB_PER_S,MSGS_PER_S,FNV1A64.

    const double bytes = static_cast<double>(size) * static_cast<double>(count);
    std::printf("%s,%llu,%llu,%.6f,%.3f,%.1f,%016llx\n", argv[1],
                static_cast<unsigned long long>(size), static_cast<unsigned long long>(count),
                seconds, bytes / (1 << 20) / seconds, static_cast<double>(count) / seconds,
                static_cast<unsigned long long>(rx.hash()));
    return 0;
    // END SOLUTION (main)
}
