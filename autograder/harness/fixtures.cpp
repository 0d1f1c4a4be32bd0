#include "fixtures.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>  // fstat
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "check.hpp"
#include "protocol.hpp"

namespace grade {
namespace {

std::vector<std::function<void()>>& cleanups() {
    static std::vector<std::function<void()>> list;
    return list;
}

int counter = 0;

}  // namespace

std::string student_path(const std::string& program) {
    const char* bin = std::getenv(protocol::kBin);
    std::string path = std::string(bin ? bin : ".") + "/" + program;
    if (access(path.c_str(), X_OK) != 0)
        fail("the program " + program, "no executable named " + program + " was built",
             "write " + program + ".cpp in this lab's folder and make sure it compiles");
    return path;
}

Result run_student(const std::string& program, const std::vector<std::string>& args, Options opt) {
    return run(student_path(program), args, std::move(opt));
}

void at_test_end(std::function<void()> cleanup) {
    cleanups().push_back(std::move(cleanup));
}

void run_test_cleanups() {
    auto list = std::move(cleanups());
    cleanups().clear();
    for (auto it = list.rbegin(); it != list.rend(); ++it)
        (*it)();
}

std::mt19937_64& rng() {
    // A round under the perturber draws its inputs from a seed of its own, derived from its
    // schedule seed by the driver: replaying SEED=N gives the test the same payloads, sizes and
    // ids as well as the same schedule plan.
    static std::mt19937_64 gen{[] {
        const char* seed = std::getenv(protocol::kInputSeed);
        return seed && *seed ? std::strtoull(seed, nullptr, 10) : std::random_device{}();
    }()};
    return gen;
}

std::uint64_t random_below(std::uint64_t bound) {
    return std::uniform_int_distribution<std::uint64_t>(0, bound - 1)(rng());
}

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t v = state += 0x9e3779b97f4a7c15;
    v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9;
    v = (v ^ (v >> 27)) * 0x94d049bb133111eb;
    return v ^ (v >> 31);
}

}  // namespace

void fill_random(char* p, std::size_t n, std::uint64_t state) {
    // splitmix64: several times faster per byte than the Mersenne twister and as good for a
    // payload. Each 8 bytes advance STATE by one step, so a fill that starts where another one's
    // steps end continues the same sequence. Whole words first: a loop without a partial word
    // in it runs twice as fast.
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const std::uint64_t v = splitmix64(state);
        std::memcpy(p + i, &v, 8);
    }
    if (i < n) {
        const std::uint64_t v = splitmix64(state);
        std::memcpy(p + i, &v, n - i);
    }
}

std::string random_bytes(std::size_t n) {
    std::string s(n, '\0');
    fill_random(s.data(), n, rng()());  // one draw from rng(): the same seed, the same bytes
    if (n > 1) s[n / 2] = '\0';  // binary safety is part of every contract: always include a NUL
    return s;
}

std::string random_word(std::size_t n) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (std::size_t i = 0; i < n; ++i)
        s += alphabet[random_below(sizeof alphabet - 1)];
    return s;
}

std::string fresh_shm_name() {
    std::string name = "/ipclab-" + std::to_string(getpid()) + "-" + std::to_string(++counter) +
                       "-" + random_word(6);
    at_test_end([name] { remove_shm(name); });
    return name;
}

std::string fresh_path(const std::string& stem) {
    std::string path =
        scratch_dir() + "/" + stem + "-" + std::to_string(++counter) + "-" + random_word(6);
    at_test_end([path] { ::unlink(path.c_str()); });
    return path;
}

std::optional<ShmInfo> shm_info(const std::string& name) {
    struct stat st {};
    // Looked up by path with O_NOFOLLOW semantics of lstat: a planted symlink is not followed.
    if (lstat(("/dev/shm" + name).c_str(), &st) != 0) return std::nullopt;
    return ShmInfo{static_cast<std::uint64_t>(st.st_size), st.st_mode & 07777};
}

std::string shm_contents(const std::string& name) {
    int fd = shm_open(name.c_str(), O_RDONLY | O_NOFOLLOW, 0);
    if (fd < 0) return {};
    std::string bytes;
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        bytes.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return bytes;
}

void fill_and_close(int fd, const std::string& bytes, unsigned mode, const std::string& what) {
    bool ok = fchmod(fd, mode) == 0;
    for (std::size_t done = 0; ok && done < bytes.size();) {
        ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    close(fd);
    if (!ok) throw std::runtime_error("grader could not fill " + what);
}

void make_shm(const std::string& name, const std::string& bytes, unsigned mode) {
    int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) throw std::runtime_error("grader could not create " + name);
    fill_and_close(fd, bytes, mode, name);
}

void remove_shm(const std::string& name) {
    shm_unlink(name.c_str());
}

std::string octal(unsigned mode) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%o", mode);
    return buf;
}

}  // namespace grade
