// Grader-side ends of the 05-fifo protocol, so that the server and the client can each be
// judged against a partner that is known to be correct.
#pragma once

#include <sys/types.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "process.hpp"

namespace grade::fifo {

// The grader playing the server: a FIFO at a fresh path that the grader reads (it also keeps a
// write descriptor, so the FIFO never reads as end-of-file).
class Server {
  public:
    // PIPE_SIZE > 0 shrinks the FIFO's buffer to that many bytes (F_SETPIPE_SZ).
    explicit Server(int pipe_size = 0);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    const std::string& path() const { return path_; }
    // Writes BYTES into the FIFO as a client would (one write).
    void inject(const std::string& bytes);
    // Bytes waiting in the FIFO (FIONREAD).
    std::size_t available() const;
    // Reads exactly N bytes that are already in the FIFO.
    std::string take(std::size_t n);
    // Everything already in the FIFO, left there for request() to read.
    std::string peek();
    // The next request line (without its '\n'); nullopt if none came within SECONDS.
    std::optional<std::string> request(double seconds);
    // Sends TEXT to CLIENT_FIFO the way the contract's server does. False if that failed.
    bool reply(const std::string& client_fifo, const std::string& text);

  private:
    std::string path_, pending_;
    int in_ = -1, out_ = -1;
};

// The grader playing a client: asks the server at PATH for N numbers through a FIFO of its own.
// Returns the reply line without '\n', or nullopt when no reply came within SECONDS.
std::optional<std::string> ask(const std::string& path, std::uint64_t n, double seconds = 10);
// The grader playing several clients whose requests, one per N, reach the server in a single
// write, so that one read() of the server returns them all. Their replies, in the same order.
std::vector<std::optional<std::string>> ask_together(const std::string& path,
                                                     const std::vector<std::uint64_t>& ns,
                                                     double seconds = 10);

// A FIFO at a fresh path that nobody has open.
std::string unopened_fifo();

// The FIFOs in DIR (by default the scratch directory, $TMPDIR of every student run) not made
// by the grader.
std::set<std::string> student_fifos(const std::string& dir = scratch_dir());

// Whether the process ignores, blocks or catches SIG (from /proc/PID/status).
bool survives_signal(pid_t pid, int sig);

}  // namespace grade::fifo
