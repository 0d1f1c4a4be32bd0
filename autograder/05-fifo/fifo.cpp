#include "fifo.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "fixtures.hpp"
#include "procfs.hpp"

namespace grade::fifo {
namespace {

// Waits for FD to become readable until DEADLINE (a now() value). False on timeout.
bool wait_readable(int fd, double deadline) {
    for (;;) {
        double left = deadline - now();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        int r = poll(&p, 1, static_cast<int>(left * 1000) + 1);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

std::string make_fifo(const std::string& stem) {
    std::string path = fresh_path(stem);
    if (mkfifo(path.c_str(), 0600) < 0) throw std::runtime_error("grader could not make " + path);
    return path;
}

}  // namespace

Server::Server(int pipe_size) : path_(make_fifo("grader-server")) {
    in_ = open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    out_ = open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (in_ < 0 || out_ < 0) throw std::runtime_error("grader could not open " + path_);
    if (pipe_size > 0 && fcntl(in_, F_SETPIPE_SZ, pipe_size) < 0)
        throw std::runtime_error("grader could not resize " + path_);
}

Server::~Server() {
    close(in_);
    close(out_);
}

void Server::inject(const std::string& bytes) {
    if (write(out_, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
        throw std::runtime_error("grader could not write to " + path_);
}

std::size_t Server::available() const {
    int n = 0;
    if (ioctl(in_, FIONREAD, &n) < 0) throw std::runtime_error("FIONREAD failed");
    return pending_.size() + static_cast<std::size_t>(n);
}

std::string Server::take(std::size_t n) {
    while (pending_.size() < n) {
        char buf[4096];
        ssize_t got =
            read(in_, buf, sizeof buf < n - pending_.size() ? sizeof buf : n - pending_.size());
        if (got <= 0) throw std::runtime_error("grader could not read " + path_);
        pending_.append(buf, static_cast<std::size_t>(got));
    }
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
}

std::string Server::peek() {
    for (std::size_t want = available(); pending_.size() < want;) {
        char buf[4096];
        ssize_t got = read(in_, buf, std::min(sizeof buf, want - pending_.size()));
        if (got <= 0) throw std::runtime_error("grader could not read " + path_);
        pending_.append(buf, static_cast<std::size_t>(got));
    }
    return pending_;
}

std::optional<std::string> Server::request(double seconds) {
    const double deadline = now() + seconds;
    for (;;) {
        if (auto nl = pending_.find('\n'); nl != std::string::npos) {
            std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            return line;
        }
        char buf[4096];
        ssize_t got = read(in_, buf, sizeof buf);  // in_ does not block
        if (got > 0) {
            pending_.append(buf, static_cast<std::size_t>(got));
            continue;
        }
        if (!wait_readable(in_, deadline)) return std::nullopt;
    }
}

bool Server::reply(const std::string& client_fifo, const std::string& text) {
    int fd = open(client_fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    close(fd);
    return ok;
}

std::vector<std::optional<std::string>> ask_together(const std::string& path,
                                                     const std::vector<std::uint64_t>& ns,
                                                     double seconds) {
    const double deadline = now() + seconds;
    std::vector<int> ins;
    std::string requests;
    for (std::uint64_t n : ns) {
        std::string mine = make_fifo("grader-client");
        ins.push_back(open(mine.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
        requests += mine + " " + std::to_string(n) + "\n";
    }
    int out = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    bool sent = out >= 0 && write(out, requests.data(), requests.size()) ==
                                static_cast<ssize_t>(requests.size());
    if (out >= 0) close(out);  // the server must cope with its writers coming and going
    std::vector<std::optional<std::string>> replies;
    for (int in : ins) {
        std::string reply;
        while (sent && reply.find('\n') == std::string::npos && wait_readable(in, deadline)) {
            char buf[256];
            ssize_t got = read(in, buf, sizeof buf);
            if (got == 0) break;  // the server opened and closed our FIFO without a whole line
            if (got > 0) reply.append(buf, static_cast<std::size_t>(got));
        }
        close(in);
        auto nl = reply.find('\n');
        replies.push_back(nl == std::string::npos ? std::nullopt
                                                  : std::optional(reply.substr(0, nl)));
    }
    return replies;
}

std::optional<std::string> ask(const std::string& path, std::uint64_t n, double seconds) {
    return ask_together(path, {n}, seconds)[0];
}

std::string unopened_fifo() {
    return make_fifo("grader-unopened");
}

std::set<std::string> student_fifos(const std::string& where) {
    std::set<std::string> found;
    DIR* dir = opendir(where.c_str());
    if (!dir) return found;
    while (dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        struct stat st {};
        if (name.rfind("grader-", 0) == 0 || name.rfind("vgdb-pipe", 0) == 0) continue;
        if (lstat((where + "/" + name).c_str(), &st) == 0 && S_ISFIFO(st.st_mode))
            found.insert(name);
    }
    closedir(dir);
    return found;
}

bool survives_signal(pid_t pid, int sig) {
    return procfs::signal_in(pid, "SigBlk", sig) || procfs::signal_in(pid, "SigIgn", sig) ||
           procfs::signal_in(pid, "SigCgt", sig);
}

}  // namespace grade::fifo
