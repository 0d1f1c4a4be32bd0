// The schedule perturber (docs/perturber.md), in the student programs of the tests marked
// CONCURRENT_GRADED: linked into their static executables (libipclab-perturb-static.a), or
// preloaded (LD_PRELOAD) as libipclab-perturb.so into programs linked against the shared C
// library; without IPCLAB_SEED in the environment it does nothing. Around the calls where one
// process hands the CPU or a resource to another (semaphores, pipe/socket/file reads and
// writes, message queues, System V IPC, locks, fork) it sometimes yields or sleeps a few
// microseconds, before or after the call. Every decision comes from a PRNG seeded by
// IPCLAB_SEED and the process's position in the test (IPCLAB_PERTURB_ID, and for a forked child
// the parent's id and the fork's ordinal), never from pids or clocks: the same seed gives every
// process the same plan of perturbations, which is what makes a failing schedule replayable.
//
// This is the grader's code inside the student's process, so it must not change anything but
// timing: every wrapper calls the real function with the same arguments, returns its result and
// leaves errno as the real call left it. The wrappers allocate nothing and take no lock (a
// wrapped call may happen in a signal handler or in a child between fork and exec), so only
// async-signal-safe system calls are used: sched_yield and nanosleep.
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>

#include "wrapped.hpp"

#ifdef IPCLAB_PERTURB_STATIC
#define IPCLAB_DECLARE_REAL(fn) decltype(::fn) __real_##fn;
extern "C" {
IPCLAB_PERTURB_WRAPPED(IPCLAB_DECLARE_REAL)
}
#endif

namespace {

// splitmix64's finaliser: a good 64-bit mix, so that nearby seeds and ids give unrelated plans.
constexpr uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// The process's plan. A counter-based generator (splitmix64) advanced with one atomic
// fetch_add: lock-free, so safe in signal handlers and across threads (threads of one process
// share the sequence; their order of drawing is then up to the scheduler, see the docs).
std::atomic<uint64_t> g_counter{0};
uint64_t g_id = 0;                  // this process's position in the test
std::atomic<uint64_t> g_forks{0};   // children forked so far: the next child's ordinal
std::atomic<uint64_t> g_points{0};  // perturbation points passed so far
uint64_t g_seed = 0;
// The digits of IPCLAB_PERTURB_ID in this process's environment (20, zero-padded by the
// harness): a forked child writes its own id over them, so that a program it executes starts
// from the child's position rather than repeating its parent's plan.
char* g_id_text = nullptr;
unsigned g_rate_shift = 5;  // perturb a call with probability 2^-g_rate_shift on each side
bool g_on = false;

uint64_t draw() {
    return mix(g_counter.fetch_add(kGolden, std::memory_order_relaxed) + kGolden);
}

void start_plan(uint64_t seed, uint64_t id) {
    g_seed = seed;
    g_id = id;
    g_counter.store(mix(seed ^ mix(id + kGolden)), std::memory_order_relaxed);
    g_forks.store(0, std::memory_order_relaxed);
    g_points.store(0, std::memory_order_relaxed);
    // Each process gets one intensity for its whole run, drawn from its plan: some schedules
    // perturb often (1 call in 4), some rarely (1 in 64), so that both fine and coarse
    // interleavings are tried across seeds.
    static constexpr unsigned kShifts[] = {2, 3, 4, 5, 6};
    g_rate_shift = kShifts[draw() % 5];
}

uint64_t parse_u64(const char* s, bool& ok) {
    uint64_t v = 0;
    ok = s && *s;
    for (; ok && *s; ++s) {
        if (*s < '0' || *s > '9') ok = false;
        v = v * 10 + static_cast<uint64_t>(*s - '0');
    }
    return v;
}

// IPCLAB_PERTURB_TRACE=FD: every perturbation is also written to descriptor FD as one line
// "ID POINT y" (a yield) or "ID POINT sK" (a sleep of 2^K us), for the library's own tests.
// One write() per line, so that lines from several processes on one pipe do not mix.
int g_trace_fd = -1;

char* put_u64(char* p, uint64_t v) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = digits[--n];
    return p;
}

void trace(uint64_t point, char kind, uint64_t k) {
    if (g_trace_fd < 0) return;
    char line[64];
    char* p = put_u64(line, g_id);
    *p++ = ' ';
    p = put_u64(p, point);
    *p++ = ' ';
    *p++ = kind;
    if (kind == 's') p = put_u64(p, k);
    *p++ = '\n';
    // The system call itself: write() would be this library's own wrapper.
    (void)!syscall(SYS_write, g_trace_fd, line, static_cast<size_t>(p - line));
}

// Keeps errno as it was across the library's own work.
struct SaveErrno {
    int saved = errno;
    ~SaveErrno() { errno = saved; }
};

// Sleeps for 2^k microseconds. No loop on EINTR: a signal ends the pause early, which is only
// less perturbation.
void pause_for(uint64_t k) {
    timespec ts{0, static_cast<long>(1000ULL << k)};
    nanosleep(&ts, nullptr);
}

// Carries out one perturbation that the plan drew as r, at point n: a yield or a short sleep.
// `deferred` marks, in the trace, one that waited for an access to shared memory (below).
void act(uint64_t n, uint64_t r, bool deferred) {
    const uint64_t kind = (r >> 8) & 7;
    if (kind < 4) {
        trace(n, deferred ? 'Y' : 'y', 0);
        sched_yield();  // let any runnable peer go first
        return;
    }
    // A sleep of 2^k microseconds, k in 0..10 (1 us to about 1 ms), short ones more likely
    // (the smaller of two draws): long enough for a peer on the other CPU to get through its own
    // call, or for a peer on this CPU to run.
    const uint64_t k1 = (r >> 16) % 11, k2 = (r >> 24) % 11;
    const uint64_t k = k1 < k2 ? k1 : k2;
    trace(n, deferred ? 'S' : 's', k);
    pause_for(k);
}

// --- perturbations inside a critical section --------------------------------------------------
// A race on plain loads and stores (two producers reading the same `tail` of a ring in shared
// memory) happens between two instructions, not between two calls: a delay before or after a
// call cannot put a peer inside that window. So half of the perturbations drawn while the
// program has a writable shared mapping are *deferred*: the library makes the mapping
// inaccessible (PROT_NONE), lets the program run on, and when it touches the mapping 1 to 3
// times more (each access faults: SIGSEGV, the library opens the pages and single-steps that one
// instruction with the trap flag: SIGTRAP, and closes them again) it carries the perturbation out
// right after the last of those accesses: in the middle of whatever the program does with the
// shared memory after a call, with a value it has just loaded held in a register.
//
// The kernel cannot read or write a PROT_NONE page on the program's behalf either (a futex on a
// semaphore in the mapping, read() into it), so every wrapped call opens the pages before the
// real call and closes them again after, and a few calls are wrapped for that alone. Watching
// stops for good when the program handles SIGSEGV or SIGTRAP itself or starts a thread (page
// protections are per process, single steps per thread). x86-64 only (the trap flag).
#if defined(__x86_64__)
constexpr bool kCanWatch = true;
#else
constexpr bool kCanWatch = false;
#endif

struct Watched {
    char* begin;
    size_t len;
    int prot;
};
constexpr int kMaxWatched = 8;
Watched g_watched[kMaxWatched];
int g_nwatched = 0;
bool g_watch_off = false;  // the program has its own SIGSEGV/SIGTRAP handler, or a thread
bool g_handlers = false;   // this library's SIGSEGV and SIGTRAP handlers are installed
// The pending deferred perturbation: accesses still to come before it (0: none), and what it is.
volatile sig_atomic_t g_pending = 0;
uint64_t g_deferred_r = 0, g_deferred_n = 0;
volatile sig_atomic_t g_covered = 0;   // the watched pages are PROT_NONE now
volatile sig_atomic_t g_stepping = 0;  // one instruction is being single-stepped
// Calls in progress that need the pages open (a wrapped call, and one that a signal handler
// makes while the first is blocked): the pages close again only when the last one returns.
volatile sig_atomic_t g_open_calls = 0;

bool watching() {
    return kCanWatch && g_on && !g_watch_off && g_nwatched > 0;
}

// The system call itself: mprotect() is wrapped below.
void set_covered(bool covered) {
    for (int i = 0; i < g_nwatched; ++i)
        (void)!syscall(SYS_mprotect, g_watched[i].begin, g_watched[i].len,
                       covered ? PROT_NONE : g_watched[i].prot);
    g_covered = covered;
}

// Around a call the kernel may make on the mapping: open the pages before, close them after the
// last such call returns if a deferred perturbation is still waiting for its accesses.
void expose() {
    SaveErrno keep;
    g_open_calls = g_open_calls + 1;
    if (g_covered) set_covered(false);
}
void cover() {
    SaveErrno keep;
    g_open_calls = g_open_calls - 1;
    if (g_open_calls == 0 && g_pending && !g_covered && !g_stepping && watching())
        set_covered(true);
}
struct Exposed {
    Exposed() { expose(); }
    ~Exposed() { cover(); }
};

void stop_watching() {
    if (g_covered) set_covered(false);
    g_pending = 0;
    g_watch_off = true;
}

// Draws whether this perturbation waits for the program's next accesses to its shared memory.
bool defer(uint64_t n, uint64_t r) {
    if (!watching() || g_pending || ((r >> 12) & 1) == 0) return false;
    g_deferred_r = r;
    g_deferred_n = n;
    g_pending = static_cast<sig_atomic_t>(1 + (r >> 36) % 3);
    return true;
}

// One perturbation point. The decision and its length come from the plan; nothing here
// depends on what the program has done except how many points it has passed.
void point() {
    if (!g_on) return;
    // The first 256 points are perturbed at the process's full rate, later ones ever more
    // rarely (point n at rate / (1 + n / 256)): a short program (a client making a few calls)
    // is perturbed throughout, and a loop of a million calls still gets some hundreds of
    // perturbations, spread over its whole run, instead of a slowdown of many times.
    const uint64_t n = g_points.fetch_add(1, std::memory_order_relaxed);
    const uint64_t r = draw();
    if (((r >> 44) % (1 + (n >> 8))) != 0 || (r & ((1ULL << g_rate_shift) - 1)) != 0) return;
    if (!defer(n, r)) act(n, r, false);
}

// Runs one perturbation point and leaves errno exactly as it was; before a wrapped call the
// watched pages are opened, after it they are closed again if a deferred perturbation waits.
void before() {
    SaveErrno keep;
    point();
    expose();
}
void after() {
    SaveErrno keep;
    point();
    cover();
}

// Reads and writes: pipes, FIFOs, sockets and regular files (the counters of lab 08 live in a
// file read and written between two lock calls). Not terminals or other devices: nothing is
// handed between the test's processes there.
bool interesting_fd(int fd) {
    if (!g_on) return false;
    SaveErrno keep;
    struct stat st;
    if (fstat(fd, &st) != 0) return false;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISREG(st.st_mode);
}

#ifndef IPCLAB_PERTURB_STATIC
template <typename F>
F real(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}
#endif

__attribute__((constructor)) void init() {
    bool ok_seed = false, ok_id = false;
    const uint64_t seed = parse_u64(getenv("IPCLAB_SEED"), ok_seed);
    const uint64_t id = parse_u64(getenv("IPCLAB_PERTURB_ID"), ok_id);
    if (!ok_seed) return;  // no seed: the library does nothing at all
    start_plan(seed, ok_id ? id : 0);
    char* text = getenv("IPCLAB_PERTURB_ID");
    if (ok_id && strlen(text) == 20) g_id_text = text;
    // Sleeps of a few microseconds need a timer slack below the default 50 us.
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    bool ok_fd = false;
    const uint64_t fd = parse_u64(getenv("IPCLAB_PERTURB_TRACE"), ok_fd);
    if (ok_fd && fd < 1024) g_trace_fd = static_cast<int>(fd);
    g_on = true;
}

#ifdef IPCLAB_PERTURB_STATIC
// Linked into the program: the linker has sent its calls of NAME to WRAPPER(NAME), and
// __real_NAME is the C library's NAME.
#define WRAPPER(fn) __wrap_##fn
#define REAL(fn)                               \
    static decltype(&::fn) real_##fn##_get() { \
        return &::__real_##fn;                 \
    }
#else
// Preloaded: the wrappers take the functions' own names, and the real functions are looked up
// when the library is loaded (dlsym may allocate, so it must not run first inside a signal
// handler). A call that comes before that (another library's constructor) looks its function
// up on the spot.
#define WRAPPER(fn) fn
#define REAL(fn)                                                              \
    static decltype(&::fn) ptr_##fn = real<decltype(&::fn)>(#fn);             \
    static decltype(&::fn) real_##fn##_get() {                                \
        return ptr_##fn ? ptr_##fn : (ptr_##fn = real<decltype(&::fn)>(#fn)); \
    }
#endif

// A call perturbed on both sides: BODY is the real call.
#define AROUND(body)         \
    do {                     \
        before();            \
        auto result_ = body; \
        after();             \
        return result_;      \
    } while (0)

// A call the kernel may make on a watched mapping, not perturbed: BODY is the real call.
#define OPENED(body)      \
    do {                  \
        Exposed exposed_; \
        return body;      \
    } while (0)

REAL(sigaction)

// The trap flag: the CPU runs one instruction, then raises SIGTRAP.
void set_trap_flag(void* context, bool on) {
#if defined(__x86_64__)
    auto& flags = static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_EFL];
    flags = on ? (flags | 0x100) : (flags & ~0x100LL);
#else
    (void)context;
    (void)on;
#endif
}

// A fault or trap that is not the library's: the program's own. Let it have the effect it has
// without the library (the faulting instruction runs again and the default action ends it).
void pass_on(int sig) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    real_sigaction_get()(sig, &dfl, nullptr);
    if (sig == SIGTRAP) raise(sig);
}

bool in_watched(const void* address) {
    const char* a = static_cast<const char*>(address);
    for (int i = 0; i < g_nwatched; ++i)
        if (a >= g_watched[i].begin && a < g_watched[i].begin + g_watched[i].len) return true;
    return false;
}

// The program touched a covered page: open the pages and step over that one instruction.
void on_fault(int sig, siginfo_t* info, void* context) {
    SaveErrno keep;
    if (!g_covered || !in_watched(info->si_addr)) return pass_on(sig);
    set_covered(false);
    g_stepping = 1;
    set_trap_flag(context, true);
}

// The instruction ran: close the pages again, or, after the last of the accesses the deferred
// perturbation waited for, carry it out.
void on_step(int sig, siginfo_t*, void* context) {
    SaveErrno keep;
    if (!g_stepping) return pass_on(sig);
    set_trap_flag(context, false);
    g_stepping = 0;
    g_pending = g_pending - 1;
    if (g_pending > 0) return set_covered(true);
    act(g_deferred_n, g_deferred_r, true);
}

// Starts watching a mapping the program has just made, if it is shared and writable: unless the
// program handles SIGSEGV or SIGTRAP itself, the library's handlers go in (SA_NODEFER: a step may
// come inside the program's own signal handler, and a fault inside the library's sleep).
void watch(void* begin, size_t len, int prot, int flags) {
    if (begin == MAP_FAILED || !(flags & MAP_SHARED) || !(prot & PROT_WRITE)) return;
    if (!kCanWatch || !g_on || g_watch_off || g_nwatched == kMaxWatched || len == 0) return;
    if (!g_handlers) {
        struct sigaction segv {};
        struct sigaction trap {};
        real_sigaction_get()(SIGSEGV, nullptr, &segv);
        real_sigaction_get()(SIGTRAP, nullptr, &trap);
        if (segv.sa_handler != SIG_DFL || trap.sa_handler != SIG_DFL) {
            g_watch_off = true;
            return;
        }
        struct sigaction sa {};
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART;
        sa.sa_sigaction = on_fault;
        real_sigaction_get()(SIGSEGV, &sa, nullptr);
        sa.sa_sigaction = on_step;
        real_sigaction_get()(SIGTRAP, &sa, nullptr);
        // A blocked SIGSEGV from a fault kills the process: never let the program block them.
        sigset_t both;
        sigemptyset(&both);
        sigaddset(&both, SIGSEGV);
        sigaddset(&both, SIGTRAP);
        sigprocmask(SIG_UNBLOCK, &both, nullptr);
        g_handlers = true;
    }
    Exposed open;  // the new range is closed with the others if a perturbation waits
    g_watched[g_nwatched++] = Watched{static_cast<char*>(begin), len, prot};
}

// The program unmaps or re-protects [begin, begin + len): the ranges that overlap it are no
// longer watched (the pages that remain keep whatever protection the program gives them).
void forget(const void* begin, size_t len) {
    const char* b = static_cast<const char*>(begin);
    Exposed open;  // the ranges dropped stay open, the others close again if a perturbation waits
    int kept = 0;
    for (int i = 0; i < g_nwatched; ++i) {
        const Watched& w = g_watched[i];
        if (w.begin + w.len <= b || b + len <= w.begin) g_watched[kept++] = w;
    }
    g_nwatched = kept;
}

// A signal mask or a handler's mask without SIGSEGV and SIGTRAP (see watch()).
const sigset_t* unblocking(const sigset_t* set, sigset_t& copy) {
    if (!kCanWatch || !g_on || !set) return set;
    copy = *set;
    sigdelset(&copy, SIGSEGV);
    sigdelset(&copy, SIGTRAP);
    return &copy;
}

}  // namespace

extern "C" {

// --- POSIX semaphores -------------------------------------------------------------------------
REAL(sem_wait)
REAL(sem_trywait)
REAL(sem_timedwait)
REAL(sem_post)
int WRAPPER(sem_wait)(sem_t* s) {
    AROUND(real_sem_wait_get()(s));
}
int WRAPPER(sem_trywait)(sem_t* s) {
    AROUND(real_sem_trywait_get()(s));
}
int WRAPPER(sem_timedwait)(sem_t* s, const timespec* t) {
    AROUND(real_sem_timedwait_get()(s, t));
}
int WRAPPER(sem_post)(sem_t* s) {
    AROUND(real_sem_post_get()(s));
}

// --- reads and writes -------------------------------------------------------------------------
REAL(read)
REAL(write)
REAL(pread)
REAL(pwrite)
REAL(readv)
REAL(writev)
ssize_t WRAPPER(read)(int fd, void* buf, size_t n) {
    if (!interesting_fd(fd)) OPENED(real_read_get()(fd, buf, n));
    AROUND(real_read_get()(fd, buf, n));
}
ssize_t WRAPPER(write)(int fd, const void* buf, size_t n) {
    if (!interesting_fd(fd)) OPENED(real_write_get()(fd, buf, n));
    AROUND(real_write_get()(fd, buf, n));
}
ssize_t WRAPPER(pread)(int fd, void* buf, size_t n, off_t off) {
    if (!interesting_fd(fd)) OPENED(real_pread_get()(fd, buf, n, off));
    AROUND(real_pread_get()(fd, buf, n, off));
}
ssize_t WRAPPER(pwrite)(int fd, const void* buf, size_t n, off_t off) {
    if (!interesting_fd(fd)) OPENED(real_pwrite_get()(fd, buf, n, off));
    AROUND(real_pwrite_get()(fd, buf, n, off));
}
ssize_t WRAPPER(readv)(int fd, const iovec* v, int n) {
    if (!interesting_fd(fd)) OPENED(real_readv_get()(fd, v, n));
    AROUND(real_readv_get()(fd, v, n));
}
ssize_t WRAPPER(writev)(int fd, const iovec* v, int n) {
    if (!interesting_fd(fd)) OPENED(real_writev_get()(fd, v, n));
    AROUND(real_writev_get()(fd, v, n));
}

// --- sockets ----------------------------------------------------------------------------------
REAL(send)
REAL(recv)
REAL(sendmsg)
REAL(recvmsg)
REAL(accept)
REAL(connect)
ssize_t WRAPPER(send)(int fd, const void* buf, size_t n, int flags) {
    AROUND(real_send_get()(fd, buf, n, flags));
}
ssize_t WRAPPER(recv)(int fd, void* buf, size_t n, int flags) {
    AROUND(real_recv_get()(fd, buf, n, flags));
}
ssize_t WRAPPER(sendmsg)(int fd, const msghdr* m, int flags) {
    AROUND(real_sendmsg_get()(fd, m, flags));
}
ssize_t WRAPPER(recvmsg)(int fd, msghdr* m, int flags) {
    AROUND(real_recvmsg_get()(fd, m, flags));
}
int WRAPPER(accept)(int fd, sockaddr* a, socklen_t* len) {
    AROUND(real_accept_get()(fd, a, len));
}
int WRAPPER(connect)(int fd, const sockaddr* a, socklen_t len) {
    AROUND(real_connect_get()(fd, a, len));
}

// --- POSIX message queues ---------------------------------------------------------------------
REAL(mq_send)
REAL(mq_receive)
REAL(mq_timedsend)
REAL(mq_timedreceive)
int WRAPPER(mq_send)(mqd_t q, const char* m, size_t n, unsigned prio) {
    AROUND(real_mq_send_get()(q, m, n, prio));
}
ssize_t WRAPPER(mq_receive)(mqd_t q, char* m, size_t n, unsigned* prio) {
    AROUND(real_mq_receive_get()(q, m, n, prio));
}
int WRAPPER(mq_timedsend)(mqd_t q, const char* m, size_t n, unsigned prio, const timespec* t) {
    AROUND(real_mq_timedsend_get()(q, m, n, prio, t));
}
ssize_t WRAPPER(mq_timedreceive)(mqd_t q, char* m, size_t n, unsigned* prio, const timespec* t) {
    AROUND(real_mq_timedreceive_get()(q, m, n, prio, t));
}

// --- System V IPC -----------------------------------------------------------------------------
REAL(msgsnd)
REAL(msgrcv)
REAL(semop)
REAL(semtimedop)
int WRAPPER(msgsnd)(int id, const void* m, size_t n, int flags) {
    AROUND(real_msgsnd_get()(id, m, n, flags));
}
ssize_t WRAPPER(msgrcv)(int id, void* m, size_t n, long type, int flags) {
    AROUND(real_msgrcv_get()(id, m, n, type, flags));
}
int WRAPPER(semop)(int id, sembuf* ops, size_t n) {
    AROUND(real_semop_get()(id, ops, n));
}
int WRAPPER(semtimedop)(int id, sembuf* ops, size_t n, const timespec* t) {
    AROUND(real_semtimedop_get()(id, ops, n, t));
}

// --- locks ------------------------------------------------------------------------------------
REAL(flock)
REAL(lockf)
int WRAPPER(flock)(int fd, int op) {
    AROUND(real_flock_get()(fd, op));
}
int WRAPPER(lockf)(int fd, int cmd, off_t len) {
    AROUND(real_lockf_get()(fd, cmd, len));
}
// fcntl is variadic; every command takes at most one argument, an int or a pointer, which is
// passed on as the same machine word. Only the record-lock commands are perturbed.
// With _FILE_OFFSET_BITS=64 the headers send fcntl to fcntl64: both are wrapped.
using fcntl_fn = int (*)(int, int, ...);
namespace {
#ifdef IPCLAB_PERTURB_STATIC
fcntl_fn ptr_fcntl = &::__real_fcntl, ptr_fcntl64 = &::__real_fcntl64;
int lock_call(fcntl_fn& ptr, const char*, int fd, int cmd, void* arg) {
#else
fcntl_fn ptr_fcntl = real<fcntl_fn>("fcntl"), ptr_fcntl64 = real<fcntl_fn>("fcntl64");
int lock_call(fcntl_fn& ptr, const char* name, int fd, int cmd, void* arg) {
    if (!ptr) ptr = real<fcntl_fn>(name);
#endif
    switch (cmd) {
        case F_SETLK:
        case F_SETLKW:
        case F_GETLK:
        case F_OFD_SETLK:
        case F_OFD_SETLKW:
        case F_OFD_GETLK:
            AROUND(ptr(fd, cmd, arg));
        default:
            return ptr(fd, cmd, arg);
    }
}
}  // namespace
int WRAPPER(fcntl)(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    return lock_call(ptr_fcntl, "fcntl", fd, cmd, arg);
}
int WRAPPER(fcntl64)(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    return lock_call(ptr_fcntl64, "fcntl64", fd, cmd, arg);
}

// --- fork -------------------------------------------------------------------------------------
// The child's position is its parent's id and the fork's ordinal, mixed: independent of pids,
// and of how the parent's and the child's later calls interleave. Which of the two runs first
// after a fork is the classic race (a child that must block a signal before its parent sends
// it), so every fork holds one of them back for 16 us to 1 ms: long enough for the other to get
// ahead on another CPU, or to run on this one. Which one is the seed's parity mixed with the
// child's position: the driver gives a test's rounds seeds of alternating parity, so that every
// fork is tried both ways in any two rounds, rather than each way with even odds.
REAL(fork)
pid_t WRAPPER(fork)() {
    before();
    const uint64_t ordinal = g_forks.fetch_add(1, std::memory_order_relaxed);
    const uint64_t r = g_on ? draw() : 0;
    const uint64_t child_id = mix(g_id * kGolden + ordinal + 1);
    const bool child_waits = ((g_seed ^ child_id) & 1) == 0;
    const pid_t pid = real_fork_get()();
    SaveErrno keep;
    if (pid == 0 && g_on) {
        start_plan(g_seed, child_id);
        uint64_t id = child_id;
        for (int i = 19; g_id_text && i >= 0; --i, id /= 10)
            g_id_text[i] = static_cast<char>('0' + id % 10);
    }
    if (g_on && pid >= 0 && (pid == 0) == child_waits) {
        const uint64_t k = 4 + (r >> 8) % 7;
        trace(g_points.load(std::memory_order_relaxed), 'f', k);
        pause_for(k);
    }
    point();  // parent and child each draw from their own plan
    cover();
    return pid;
}

// --- calls that only need the watched pages open ----------------------------------------------
// glibc's locks and condition variables sleep in the kernel (futex) on their own word: in a
// watched mapping the kernel must be able to read it.
REAL(pthread_mutex_lock)
REAL(pthread_mutex_timedlock)
REAL(pthread_mutex_unlock)
REAL(pthread_cond_wait)
REAL(pthread_cond_timedwait)
REAL(pthread_cond_signal)
REAL(pthread_cond_broadcast)
int WRAPPER(pthread_mutex_lock)(pthread_mutex_t* m) {
    OPENED(real_pthread_mutex_lock_get()(m));
}
int WRAPPER(pthread_mutex_timedlock)(pthread_mutex_t* m, const timespec* t) {
    OPENED(real_pthread_mutex_timedlock_get()(m, t));
}
int WRAPPER(pthread_mutex_unlock)(pthread_mutex_t* m) {
    OPENED(real_pthread_mutex_unlock_get()(m));
}
int WRAPPER(pthread_cond_wait)(pthread_cond_t* c, pthread_mutex_t* m) {
    OPENED(real_pthread_cond_wait_get()(c, m));
}
int WRAPPER(pthread_cond_timedwait)(pthread_cond_t* c, pthread_mutex_t* m, const timespec* t) {
    OPENED(real_pthread_cond_timedwait_get()(c, m, t));
}
int WRAPPER(pthread_cond_signal)(pthread_cond_t* c) {
    OPENED(real_pthread_cond_signal_get()(c));
}
int WRAPPER(pthread_cond_broadcast)(pthread_cond_t* c) {
    OPENED(real_pthread_cond_broadcast_get()(c));
}

// --- what starts and ends watching --------------------------------------------------------------
REAL(mmap)
REAL(mmap64)
REAL(munmap)
REAL(mprotect)
REAL(pthread_create)
void* WRAPPER(mmap)(void* a, size_t len, int prot, int flags, int fd, off_t off) {
    void* p = real_mmap_get()(a, len, prot, flags, fd, off);
    watch(p, len, prot, flags);
    return p;
}
void* WRAPPER(mmap64)(void* a, size_t len, int prot, int flags, int fd, off64_t off) {
    void* p = real_mmap64_get()(a, len, prot, flags, fd, off);
    watch(p, len, prot, flags);
    return p;
}
int WRAPPER(munmap)(void* a, size_t len) {
    forget(a, len);
    return real_munmap_get()(a, len);
}
int WRAPPER(mprotect)(void* a, size_t len, int prot) {
    forget(a, len);
    return real_mprotect_get()(a, len, prot);
}
// Page protections are the process's, single steps a thread's: no watching with threads.
int WRAPPER(pthread_create)(pthread_t* t, const pthread_attr_t* attr, void* (*start)(void*),
                            void* arg) {
    stop_watching();
    return real_pthread_create_get()(t, attr, start, arg);
}

// --- signals: the program's own SIGSEGV/SIGTRAP handler ends watching; no mask blocks them ---
REAL(signal)
REAL(sigprocmask)
REAL(pthread_sigmask)
REAL(sigsuspend)
int WRAPPER(sigaction)(int sig, const struct sigaction* act, struct sigaction* old) {
    if (act && (sig == SIGSEGV || sig == SIGTRAP)) stop_watching();
    if (!act || !kCanWatch || !g_on) return real_sigaction_get()(sig, act, old);
    struct sigaction copy = *act;
    unblocking(&act->sa_mask, copy.sa_mask);
    return real_sigaction_get()(sig, &copy, old);
}
sighandler_t WRAPPER(signal)(int sig, sighandler_t handler) {
    if (sig == SIGSEGV || sig == SIGTRAP) stop_watching();
    return real_signal_get()(sig, handler);
}
int WRAPPER(sigprocmask)(int how, const sigset_t* set, sigset_t* old) {
    sigset_t copy;
    return real_sigprocmask_get()(how, how == SIG_UNBLOCK ? set : unblocking(set, copy), old);
}
int WRAPPER(pthread_sigmask)(int how, const sigset_t* set, sigset_t* old) {
    sigset_t copy;
    return real_pthread_sigmask_get()(how, how == SIG_UNBLOCK ? set : unblocking(set, copy), old);
}
int WRAPPER(sigsuspend)(const sigset_t* set) {
    sigset_t copy;
    return real_sigsuspend_get()(unblocking(set, copy));
}

}  // extern "C"
