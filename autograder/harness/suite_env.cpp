// What a suite process finds around it (suite_env.hpp).
#include "suite_env.hpp"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "protocol.hpp"

namespace grade {
namespace {

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
    return ::remove(path);
}

}  // namespace

bool valgrind_mode() {
    const char* v = std::getenv(protocol::kValgrind);
    return v && std::string(v) == "1";
}

std::uint64_t per_round(std::uint64_t n) {
    const char* rounds = std::getenv(protocol::kRounds);
    const char* lib = std::getenv(protocol::kPerturbLib);
    if (!rounds || !lib || !*lib) return n;
    const std::uint64_t k = std::strtoull(rounds, nullptr, 10);
    return k > 1 ? std::max<std::uint64_t>(1, n / k) : n;
}

// When the driver runs a concurrent test, it gives this suite the library and a seed, and every
// student program started here gets them, with its launch ordinal within the test as its
// position: the same seed then gives the same program the same plan, whatever its pid. The id is
// zero-padded to 20 digits so that the library can write a forked child's own id over it in
// place.
std::vector<std::string> perturb_env() {
    const char* lib = std::getenv(protocol::kPerturbLib);
    const char* seed = std::getenv(protocol::kSeed);
    if (!lib || !*lib || !seed || !*seed) return {};
    static unsigned long long launches = 0;
    char id[21];
    std::snprintf(id, sizeof id, "%020llu", launches++);
    return {std::string("LD_PRELOAD=") + lib, protocol::assign(protocol::kSeed, seed),
            protocol::assign(protocol::kPerturbId, id)};
}

const std::string& scratch_dir() {
    static std::string dir = [] {
        const char* base = std::getenv("TMPDIR");
        std::string templ = std::string(base && *base ? base : "/tmp") + "/ipclab-XXXXXX";
        if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
        chmod(templ.c_str(), 0755);
        return templ;
    }();
    return dir;
}

void remove_scratch_dir() {
    nftw(scratch_dir().c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

}  // namespace grade
