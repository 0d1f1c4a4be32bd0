// Student programs under memcheck (valgrind.hpp).
#include "valgrind.hpp"

#include <glob.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "procfs.hpp"

namespace grade::valgrind {

std::vector<std::string> command(const std::string& log) {
    return {"valgrind",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--track-fds=yes",
            "--errors-for-leak-kinds=definite,indirect",
            "--log-file=" + log + ".%p"};
}

std::string complaints(const std::string& log_prefix) {
    glob_t g{};
    std::string log;
    if (::glob((log_prefix + ".*").c_str(), 0, nullptr, &g) == 0)
        for (std::size_t i = 0; i < g.gl_pathc; ++i)
            log += procfs::read_file(g.gl_pathv[i]);
    globfree(&g);
    std::istringstream in(log);
    std::string line, found;
    bool errors = false;
    while (std::getline(in, line)) {
        auto pos = line.find("ERROR SUMMARY: ");
        if (pos != std::string::npos && std::atoi(line.c_str() + pos + 15) > 0) errors = true;
        // Memcheck lists its own log file among the open descriptors.
        for (const char* key : {"Open file descriptor ", "Open AF_UNIX socket "}) {
            auto k = line.find(key);
            if (k != std::string::npos && std::atoi(line.c_str() + k + std::strlen(key)) > 2 &&
                line.find(log_prefix) == std::string::npos)
                found += line + "\n";
        }
    }
    if (errors || !found.empty()) return log;
    return "";
}

}  // namespace grade::valgrind
