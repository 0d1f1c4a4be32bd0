#include "watch.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "clock.hpp"
#include "procfs.hpp"
#include "sandbox.hpp"

namespace grade {

char pid_state(pid_t pid) {
    auto s = procfs::stat(pid);
    return s ? s->state : 0;
}

double pid_cpu_seconds(pid_t pid) {
    auto s = procfs::stat(pid);
    return s ? s->cpu : 0;
}

namespace {

using Call = procfs::Syscall;

// The call ends by itself after a while (a timeout or a sleep): the process will wake.
bool timed(const Call& c) {
    const auto* a = c.arg;
    switch (c.nr) {
#ifdef SYS_nanosleep
        case SYS_nanosleep:
#endif
        case SYS_clock_nanosleep:
            return true;
#ifdef SYS_poll
        case SYS_poll:
            return static_cast<int>(a[2]) >= 0;
#endif
#ifdef SYS_select
        case SYS_select:
#endif
        case SYS_pselect6:
            return a[4] != 0;
        case SYS_ppoll:
            return a[2] != 0;
#ifdef SYS_epoll_wait
        case SYS_epoll_wait:
#endif
        case SYS_epoll_pwait:
            return static_cast<int>(a[3]) >= 0;
        case SYS_futex: {
            const auto op = a[1] & 0x7f;  // without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME
            return (op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_LOCK_PI ||
                    op == FUTEX_WAIT_REQUEUE_PI) &&
                   a[3] != 0;
        }
        case SYS_rt_sigtimedwait:
            return a[2] != 0;
        case SYS_semtimedop:
            return a[3] != 0;
        case SYS_mq_timedsend:
        case SYS_mq_timedreceive:
            return a[4] != 0;
        default:
            return false;
    }
}

// Waiting for a signal, which a timer set with alarm() or setitimer() may send unseen.
bool waits_for_signal(const Call& c) {
    return c.nr == SYS_rt_sigsuspend || c.nr == SYS_rt_sigtimedwait
#ifdef SYS_pause
           || c.nr == SYS_pause
#endif
        ;
}

// Every descriptor of PID that refers to OBJECT and is open for writing.
std::vector<long> write_ends(pid_t pid, const std::string& object) {
    std::vector<long> found;
    for (const auto& d : procfs::descriptors(pid))
        if (d.target == object && d.writes) found.push_back(d.fd);
    return found;
}

// The file and offset that ADDRESS of PID's memory maps, for a shared mapping of a file.
void locate(pid_t pid, unsigned long long address, Sleeper& s) {
    for (const auto& m : procfs::mappings(pid)) {
        if (address < m.start || address >= m.end) continue;
        if (m.shared() && !m.path.empty() && m.path[0] == '/') {
            s.file = m.path;
            s.offset = address - m.start + m.offset;
        }
        return;
    }
}

std::string in_words(const Call& c, Sleeper& s) {
    const std::string on = s.object.empty() ? "" : " " + s.object;
    const std::string fd = " (fd " + std::to_string(s.fd) + ")";
    switch (c.nr) {
        case SYS_read:
        case SYS_readv:
        case SYS_pread64:
        case SYS_recvfrom:
        case SYS_recvmsg:
            return "reads" + on + fd;
        case SYS_write:
        case SYS_writev:
        case SYS_pwrite64:
        case SYS_sendto:
        case SYS_sendmsg:
            return "writes to" + on + fd;
        case SYS_wait4:
        case SYS_waitid:
            return "waits for a child to end";
        case SYS_futex:
            return s.file.empty() ? "sleeps on a futex (sem_wait, a lock) in its own memory"
                                  : "sleeps on a futex (sem_wait, a lock) at byte " +
                                        std::to_string(s.offset) + " of " + s.file;
        case SYS_openat:
            return "waits in open() (a FIFO nobody opened the other end of?)";
        case SYS_flock:
            return "waits for a lock (flock)";
        case SYS_fcntl:
            return "waits for a record lock (fcntl)";
        case SYS_accept:
        case SYS_accept4:
            return "waits for a connection (accept)" + fd;
        case SYS_connect:
            return "waits to connect" + fd;
        case SYS_msgrcv:
        case SYS_msgsnd:
            return "waits on a System V message queue";
        case SYS_semop:
        case SYS_semtimedop:
            return "waits on a System V semaphore";
        case SYS_mq_timedsend:
        case SYS_mq_timedreceive:
            return "waits on a message queue";
        case SYS_rt_sigsuspend:
        case SYS_rt_sigtimedwait:
            return "waits for a signal";
        default:
            return c.nr < 0 ? "sleeps" : "sleeps in system call " + std::to_string(c.nr);
    }
}

std::string (*g_explain)(const std::vector<Sleeper>&) = nullptr;

}  // namespace

std::string Sleeper::name() const {
    return program + " (pid " + std::to_string(ns_pid) + ")";
}

double DeadlockWatch::quiet_seconds() {
    std::vector<std::pair<pid_t, long>> seen;
    for (pid_t p : procfs::descendants(getpid())) {
        if (p == sandbox::init_pid()) continue;  // the sandbox's init always waits
        char state = pid_state(p);
        if (state == 0 || state == 'Z') continue;
        long switches = 0;
        for (const auto& task : procfs::tasks(p)) {  // every thread of it
            const auto task_stat = procfs::stat_of(task);
            const char task_state = task_stat ? task_stat->state : 0;
            if (task_state == 0 || task_state == 'Z') continue;
            const Call c = procfs::syscall_of(task);
            // Running, stopped, in uninterruptible I/O, or about to wake by itself: no deadlock.
            bool stuck = task_state == 'S' && !c.running && !timed(c);
            if (!strict_) stuck = stuck && c.known && c.nr >= 0 && !waits_for_signal(c);
            if (!stuck) {
                last_.clear();
                return 0;
            }
            // Every wake-up of a sleeping task ends in a context switch: an unchanged count
            // means it never woke since the last look.
            const auto task_switches = procfs::switches_of(task);
            switches += task_switches.voluntary + task_switches.involuntary;
        }
        seen.emplace_back(p, switches);
    }
    std::sort(seen.begin(), seen.end());
    if (seen.empty() || seen != last_) {
        last_ = std::move(seen);
        since_ = now();
        return 0;
    }
    return now() - since_;
}

std::vector<Sleeper> DeadlockWatch::sleepers() const {
    std::vector<Sleeper> found;
    for (const auto& [pid, switches] : last_) {
        Sleeper s;
        s.pid = pid;
        const std::string base = "/proc/" + std::to_string(pid);
        s.program = procfs::read_file(base + "/comm");
        while (!s.program.empty() && s.program.back() == '\n')
            s.program.pop_back();
        s.ns_pid = procfs::ns_pid(pid);
        const Call c = procfs::syscall_of(base);
        s.call = c.nr;
        const bool on_fd = c.nr == SYS_read || c.nr == SYS_readv || c.nr == SYS_pread64 ||
                           c.nr == SYS_write || c.nr == SYS_writev || c.nr == SYS_pwrite64 ||
                           c.nr == SYS_recvfrom || c.nr == SYS_recvmsg || c.nr == SYS_sendto ||
                           c.nr == SYS_sendmsg || c.nr == SYS_accept || c.nr == SYS_accept4 ||
                           c.nr == SYS_connect;
        if (on_fd) {
            s.fd = static_cast<int>(c.arg[0]);
            s.object = procfs::fd_target(pid, s.fd);
        }
        if (c.nr == SYS_futex) locate(pid, c.arg[0], s);
        s.waits = in_words(c, s);
        found.push_back(s);
    }
    return found;
}

void explain_deadlocks(std::string (*explain)(const std::vector<Sleeper>&)) {
    g_explain = explain;
}

std::string explain_deadlock(const std::vector<Sleeper>& sleepers) {
    if (g_explain) {
        std::string own = g_explain(sleepers);
        if (!own.empty()) return own;
    }
    // A reader that sleeps on a pipe whose write end some process (maybe itself) still holds.
    for (const auto& reader : sleepers) {
        if (reader.object.rfind("pipe:", 0) != 0 || reader.waits.rfind("reads", 0) != 0) continue;
        std::string holders;
        for (const auto& other : sleepers)
            for (long fd : write_ends(other.pid, reader.object))
                holders +=
                    (holders.empty() ? "" : ", ") + other.name() + " fd " + std::to_string(fd);
        if (holders.empty()) continue;
        return "a pipe end was left open: " + reader.name() +
               " waits for end-of-file on a pipe whose write end is still open "
               "in " +
               holders +
               ", and nobody writes to it: a reader sees end-of-file only once every copy of "
               "the write end is closed. Close each pipe end in every process that does not "
               "use it, as soon as it has handed it on (before waiting for anything)";
    }
    return "";
}

}  // namespace grade
