#include "sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "procfs.hpp"
#include "protocol.hpp"
#include "suite_env.hpp"

namespace grade::sandbox {
namespace {

enum class Mode { none, user_namespace, root };
Mode g_mode = Mode::none;
pid_t g_init = 0;
uid_t g_uid = 0;  // the student's uid in root mode
std::string g_why_none = "not requested";

// Sizes of the private file systems: above the largest object or file a test makes.
constexpr const char* kShmSize = "size=256m";
constexpr const char* kScratchSize = "size=512m";
constexpr rlim_t kProcesses = 2 * kCrowd;  // per student uid: a fork bomb stops here

void write_file(const char* path, const std::string& text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(std::string("open ") + path);
    bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    if (!ok) throw std::runtime_error(std::string("write ") + path);
}

void must(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

std::string owner_options(const char* base) {
    std::string opts = base;
    if (g_mode == Mode::root)
        opts += ",uid=" + std::to_string(g_uid) + ",gid=" + std::to_string(g_uid);
    return opts;
}

// pid 1 of the sandbox's PID namespace (below) shares our memory where it can: a fork would
// copy our page tables, make each page we write afterwards a copy-on-write fault, and tear the
// copy down at its exit, about a millisecond of CPU a test. Sharing our memory, it also shares
// our thread pointer, so it must not touch errno (ours): it makes its system calls itself.
#if defined(__x86_64__)
constexpr bool kInitSharesMemory = true;
long raw_syscall(long number, long a = 0, long b = 0, long c = 0, long d = 0) {
    long result;
    register long r10 asm("r10") = d;
    asm volatile("syscall"
                 : "=a"(result)
                 : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                 : "rcx", "r11", "memory");
    return result;
}
#else
constexpr bool kInitSharesMemory = false;  // elsewhere a forked copy, whose errno is its own
long raw_syscall(long number, long a = 0, long b = 0, long c = 0, long d = 0) {
    return syscall(number, a, b, c, d);
}
#endif

// pid 1 of the sandbox's PID namespace: reaps orphans until it is killed, and dies with the
// suite (PR_SET_PDEATHSIG), which takes every process of the namespace with it. It touches
// nothing but its own stack, and waits for SIGCHLD, blocked, with sigtimedwait: no handler.
alignas(64) char g_init_stack[16384];

int run_init(void*) {
    raw_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
    const unsigned long chld = 1UL << (SIGCHLD - 1);
    raw_syscall(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&chld), 0, sizeof chld);
    for (;;) {
        while (raw_syscall(SYS_wait4, -1, 0, WNOHANG | __WALL, 0) > 0) {
        }
        // SIGCHLD is blocked, so one that comes between the reap and here stays pending.
        raw_syscall(SYS_rt_sigtimedwait, reinterpret_cast<long>(&chld), 0, 0, sizeof chld);
    }
}

// The mount points of this namespace, from /proc/self/mountinfo (field 5, octal escapes undone).
std::vector<std::string> mount_points() {
    std::vector<std::string> points;
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string field, point;
        for (int i = 0; i < 5 && fields >> field; ++i)
            point = field;
        std::string plain;
        for (std::size_t i = 0; i < point.size(); ++i)
            if (point[i] == '\\' && i + 3 < point.size()) {
                plain += static_cast<char>(std::stoi(point.substr(i + 1, 3), nullptr, 8));
                i += 3;
            } else {
                plain += point[i];
            }
        points.push_back(plain);
    }
    return points;
}

// Makes the mount at POINT read-only in this namespace. A remount must repeat the flags the
// mount already has (a user namespace may not clear them).
bool make_read_only(const std::string& point) {
    struct statvfs st {};
    if (statvfs(point.c_str(), &st) != 0) return false;
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
    for (auto [has, keep] : {std::pair{ST_NOSUID, MS_NOSUID},
                             {ST_NODEV, MS_NODEV},
                             {ST_NOEXEC, MS_NOEXEC},
                             {ST_NOATIME, MS_NOATIME},
                             {ST_NODIRATIME, MS_NODIRATIME},
                             {ST_RELATIME, MS_RELATIME}})
        if (st.f_flag & has) flags |= keep;
    return mount(nullptr, point.c_str(), nullptr, flags, nullptr) == 0;
}

// Where programs may expect to write: each gets an empty tmpfs of the test's own.
const char* const kPrivateDirs[] = {"/tmp", "/var/tmp", "/run/lock"};

// Nothing a test's programs write may outlive the test or reach the grader's files (the build,
// results, records, the cache, a home directory): every file system is made read-only in the
// sandbox, and the places meant for writing are fresh tmpfs mounts that vanish with it.
void seal_host_filesystems() {
    // The driver's work folder (compiled programs, the perturber, our scratch directory) often
    // lies in /tmp: held by a descriptor, then bound back into the new /tmp, read-only.
    const std::string work = scratch_dir().substr(0, scratch_dir().rfind('/'));
    const int held = open(work.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (held < 0) throw std::runtime_error("open " + work + ": " + std::strerror(errno));
    for (const auto& point : mount_points())
        if (point.rfind("/proc", 0) != 0 && point.rfind("/sys", 0) != 0 && !make_read_only(point) &&
            point == "/")
            throw std::runtime_error(std::string("make / read-only: ") + std::strerror(errno));
    bool hidden = false;
    for (const char* dir : kPrivateDirs) {
        struct stat st {};
        if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        must(mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777"), dir);
        hidden |= work.rfind(std::string(dir) + "/", 0) == 0;
    }
    if (hidden) {
        for (std::size_t slash = work.find('/', 1); slash != std::string::npos;
             slash = work.find('/', slash + 1))
            mkdir(work.substr(0, slash).c_str(), 0755);
        mkdir(work.c_str(), 0755);
        const std::string from = "/proc/self/fd/" + std::to_string(held);
        must(mount(from.c_str(), work.c_str(), nullptr, MS_BIND, nullptr), "bind the work folder");
        if (!make_read_only(work)) throw std::runtime_error("make the work folder read-only");
    }
    // Where the work folder is /tmp itself, the scratch directory's mount point is made anew.
    mkdir(scratch_dir().c_str(), 0755);
    close(held);
}

void mount_private_filesystems() {
    must(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), "make / private");
    seal_host_filesystems();
    must(mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
               owner_options((std::string(kShmSize) + ",mode=1777").c_str()).c_str()),
         "mount /dev/shm");
    struct stat st {};
    if (stat("/dev/mqueue", &st) == 0)
        must(mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV, nullptr),
             "mount /dev/mqueue");
    const std::string& scratch = scratch_dir();
    must(mount("tmpfs", scratch.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
               owner_options((std::string(kScratchSize) + ",mode=0700").c_str()).c_str()),
         "mount the scratch directory");
    if (const char* hide = std::getenv(protocol::kHide)) {
        std::istringstream dirs(hide);
        std::string dir;
        while (std::getline(dirs, dir, ':'))
            if (!dir.empty() && stat(dir.c_str(), &st) == 0)
                must(mount("tmpfs", dir.c_str(), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV,
                           "size=4k,mode=0"),
                     "hide a directory");
    }
}

}  // namespace

void enter() {
    const char* want = std::getenv(protocol::kSandbox);
    if (want && std::string(want) == "0") return;
    scratch_dir();  // made now, as the real user, so that the tmpfs can go over it
    const uid_t uid = getuid();
    const gid_t gid = getgid();
    int flags = CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID;
    // IPCLAB_USERNS=1: the user-namespace mode even as root (tests of that mode run as root).
    const char* userns = std::getenv(protocol::kUserns);
    if (geteuid() == 0 && !(userns && std::string(userns) == "1")) {
        g_mode = Mode::root;
        // One uid per suite process, so that the process limit and kill(-1) of one test's
        // programs never reach another test's, which may run at the same time.
        g_uid = 200000 + static_cast<uid_t>(getpid() % 100000);
    } else {
        g_mode = Mode::user_namespace;
        flags |= CLONE_NEWUSER;
    }
    if (unshare(flags) != 0) {
        g_why_none = std::string("namespaces unavailable: ") + std::strerror(errno);
        g_mode = Mode::none;
        return;
    }
    try {
        if (g_mode == Mode::user_namespace) {
            write_file("/proc/self/setgroups", "deny");
            write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
            write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
            // The student's programs have our uid: without this they could open our record
            // through /proc/PID/fd (past the read-only mounts) or read our environment.
            prctl(PR_SET_DUMPABLE, 0);
        }
        mount_private_filesystems();
    } catch (const std::exception& e) {
        // Half a sandbox is worse than none: it would hide the grader's own view.
        throw std::runtime_error(std::string("sandbox set-up failed: ") + e.what());
    }
    if (kInitSharesMemory) {
        g_init = clone(run_init, g_init_stack + sizeof g_init_stack, CLONE_VM | SIGCHLD, nullptr);
    } else {
        g_init = fork();
        if (g_init == 0) run_init(nullptr);
    }
    if (g_init < 0) throw std::runtime_error("start of the sandbox's init failed");
    if (g_mode == Mode::root) {
        // The effective uid decides who owns what the grader creates (objects the student's
        // programs must open); the real and saved uid stay 0, which the student's uid cannot
        // signal or trace.
        must(setresgid(static_cast<gid_t>(-1), g_uid, static_cast<gid_t>(-1)), "setresgid");
        must(setresuid(static_cast<uid_t>(-1), g_uid, static_cast<uid_t>(-1)), "setresuid");
    }
}

std::string describe() {
    switch (g_mode) {
        case Mode::root:
            return "root: namespaces (IPC, mount, PID), private /dev/shm, an unprivileged uid "
                   "per test, resource limits";
        case Mode::user_namespace:
            return "user namespace: namespaces (user, IPC, mount, PID), private /dev/shm, "
                   "resource limits";
        case Mode::none:
            break;
    }
    return "none (" + g_why_none + "): unique names, process sweep, resource limits";
}

void confine_child(bool under_valgrind) {
    auto limit = [](int resource, rlim_t value) {
        rlimit r{value, value};
        setrlimit(resource, &r);
    };
    limit(RLIMIT_CORE, 0);
    limit(RLIMIT_FSIZE, rlim_t{1} << 30);
    // Valgrind keeps its own descriptors (its log) above the soft limit: leave it room.
    if (!under_valgrind) limit(RLIMIT_NOFILE, 1024);
    limit(RLIMIT_CPU, under_valgrind ? 600 : 120);
    if (!under_valgrind) limit(RLIMIT_AS, rlim_t{8} << 30);
    if (g_mode == Mode::root) {
        // RLIMIT_NPROC counts the processes of the real uid: it binds once we are the student.
        limit(RLIMIT_NPROC, kProcesses);
        // Raw system calls, not libc's wrappers: we are a vfork child, and in a parent with
        // threads the wrappers would change the credentials of every thread of the parent.
        auto id = static_cast<long>(g_uid);
        if (syscall(SYS_setresuid, -1L, 0L, -1L) != 0 || syscall(SYS_setgroups, 0L, nullptr) != 0 ||
            syscall(SYS_setresgid, id, id, id) != 0 || syscall(SYS_setresuid, id, id, id) != 0)
            _exit(126);
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    } else if (g_mode == Mode::user_namespace) {
        // Our uid 0 in the namespace would give the program every capability in it, enough to
        // unmount the tmpfs over the solutions or make the host's file systems writable again:
        // it runs with none (an empty bounding set, then empty sets of its own).
        for (int cap = 0; cap <= CAP_LAST_CAP; ++cap)
            prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        __user_cap_data_struct none[2] = {};
        if (syscall(SYS_capset, &header, none) != 0) _exit(126);
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }
}

pid_t init_pid() {
    return g_init;
}

void kill_members() {
    if (g_init <= 0) return;
    // kill(-1) from inside a PID namespace reaches every process of it but its init, and a fork
    // cannot slip past it: the kernel aborts forks of a process that a fatal signal is pending
    // for. Our children are born inside the namespace; one of them sends it.
    pid_t killer = vfork();  // shares our memory and only signals: no copy of our page tables
    if (killer == 0) {
        kill(-1, SIGKILL);
        _exit(0);
    }
    if (killer > 0) waitpid(killer, nullptr, __WALL);
}

std::vector<pid_t> members() {
    std::vector<pid_t> found;
    if (g_init <= 0) return found;
    // Every process of the namespace descends from us: our children, or the orphans that the
    // init (our child too) adopts. A walk down from us finds them all without reading every
    // process of the machine. A process re-parented during the walk may be missed or seen
    // twice; a walk that finds none is exact, since only we could start a new line meanwhile.
    for (pid_t pid : procfs::descendants(getpid()))
        if (pid != g_init && std::find(found.begin(), found.end(), pid) == found.end())
            found.push_back(pid);
    return found;
}

void tear_down() {
    if (g_init <= 0) return;
    if (g_mode == Mode::root && seteuid(0) != 0) return;
    // Killing a PID namespace's init kills every process in it.
    kill(g_init, SIGKILL);
    waitpid(g_init, nullptr, __WALL);
    g_init = 0;
}

}  // namespace grade::sandbox
