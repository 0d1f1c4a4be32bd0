#include "bigfiles.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>

#include "fixtures.hpp"

namespace grade {
namespace {

constexpr std::size_t kBlock = 1 << 20;

class File {
  public:
    File(const std::string& path, int flags) : fd_(open(path.c_str(), flags | O_CLOEXEC, 0644)) {
        if (fd_ < 0) throw std::runtime_error("grader could not open " + path);
    }
    ~File() { close(fd_); }
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    void write_all(const std::string& bytes) {
        for (std::size_t done = 0; done < bytes.size();) {
            ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
            if (n <= 0) throw std::runtime_error("grader could not write a file");
            done += static_cast<std::size_t>(n);
        }
    }
    // Fills BUF with up to its capacity; returns how many bytes (0 at the end).
    std::size_t read_block(std::string& buf) {
        buf.resize(kBlock);
        std::size_t have = 0;
        while (have < buf.size()) {
            ssize_t n = read(fd_, buf.data() + have, buf.size() - have);
            if (n < 0) throw std::runtime_error("grader could not read a file");
            if (n == 0) break;
            have += static_cast<std::size_t>(n);
        }
        buf.resize(have);
        return have;
    }

  private:
    int fd_;
};

}  // namespace

std::string random_file(std::size_t size, const std::function<void(std::string&)>& transform,
                        std::string* expected) {
    std::string path = fresh_path("random");
    File out(path, O_WRONLY | O_CREAT | O_EXCL);
    std::unique_ptr<File> out2;
    if (expected) {
        *expected = fresh_path("expected");
        out2 = std::make_unique<File>(*expected, O_WRONLY | O_CREAT | O_EXCL);
    }
    for (std::size_t done = 0; done < size;) {
        std::string block = random_bytes(std::min(kBlock, size - done));
        done += block.size();
        out.write_all(block);
        if (out2) {
            if (transform) transform(block);
            out2->write_all(block);
        }
    }
    return path;
}

std::string compare_files(const std::string& got, const std::string& want) {
    File a(got, O_RDONLY), b(want, O_RDONLY);
    std::string x, y;
    std::size_t offset = 0;
    for (;;) {
        std::size_t nx = a.read_block(x), ny = b.read_block(y);
        if (x != y) {
            std::size_t i = 0;
            while (i < nx && i < ny && x[i] == y[i])
                ++i;
            // Count the rest of both files for the message.
            std::size_t total_x = offset + nx, total_y = offset + ny;
            while (std::size_t n = a.read_block(x))
                total_x += n;
            while (std::size_t n = b.read_block(y))
                total_y += n;
            std::string sizes =
                total_x == total_y
                    ? std::to_string(total_x) + " bytes"
                    : std::to_string(total_x) + " bytes instead of " + std::to_string(total_y);
            return sizes + ", first difference at byte " + std::to_string(offset + i);
        }
        if (nx == 0) return "";
        offset += nx;
    }
}

}  // namespace grade
