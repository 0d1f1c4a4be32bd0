#include "mqueue.hpp"

#include <fcntl.h>
#include <mqueue.h>
#include <sys/stat.h>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "fixtures.hpp"

namespace grade {
namespace {

int counter = 0;

mqd_t open_mq(const std::string& name, int flags) {
    mqd_t mq = mq_open(name.c_str(), flags | O_CLOEXEC);
    if (mq == static_cast<mqd_t>(-1))
        throw std::runtime_error("grader could not open the queue " + name);
    return mq;
}

}  // namespace

std::string fresh_mq_name() {
    std::string name = "/ipclab-mq-" + std::to_string(getpid()) + "-" + std::to_string(++counter) +
                       "-" + random_word(6);
    at_test_end([name] { mq_unlink(name.c_str()); });
    return name;
}

std::optional<MqInfo> mq_info(const std::string& name) {
    mqd_t mq = mq_open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (mq == static_cast<mqd_t>(-1)) return std::nullopt;
    mq_attr attr{};
    struct stat st {};
    mq_getattr(mq, &attr);
    fstat(mq, &st);  // on Linux a queue descriptor is a file descriptor of the mqueue fs
    // Reading that file gives "QSIZE:… NOTIFY:… SIGNO:… NOTIFY_PID:N", N = 0 when nobody waits.
    char text[256] = {};
    ssize_t got = read(mq, text, sizeof text - 1);
    mq_close(mq);
    const char* pid = got > 0 ? std::strstr(text, "NOTIFY_PID:") : nullptr;
    bool registered = pid && std::atol(pid + std::strlen("NOTIFY_PID:")) != 0;
    return MqInfo{attr.mq_maxmsg, attr.mq_msgsize, attr.mq_curmsgs, st.st_mode & 07777, registered};
}

bool make_mq(const std::string& name, long maxmsg, long msgsize) {
    mq_attr attr{};
    attr.mq_maxmsg = maxmsg;
    attr.mq_msgsize = msgsize;
    mqd_t mq = mq_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
    if (mq == static_cast<mqd_t>(-1)) {
        if (errno == EINVAL || errno == EPERM) return false;
        throw std::runtime_error("grader could not create the queue " + name + ": " +
                                 std::strerror(errno));
    }
    mq_close(mq);
    return true;
}

long mq_msgsize_max() {
    std::ifstream in("/proc/sys/fs/mqueue/msgsize_max");
    long v = 8192;
    in >> v;
    return v;
}

void mq_put_message(const std::string& name, const std::string& bytes, unsigned prio) {
    mqd_t mq = open_mq(name, O_WRONLY | O_NONBLOCK);
    int r = mq_send(mq, bytes.data(), bytes.size(), prio);
    mq_close(mq);
    if (r < 0) throw std::runtime_error("grader could not send to the queue " + name);
}

std::optional<MqMessage> mq_take_message(const std::string& name) {
    mqd_t mq = open_mq(name, O_RDONLY | O_NONBLOCK);
    mq_attr attr{};
    mq_getattr(mq, &attr);
    std::vector<char> buf(static_cast<std::size_t>(attr.mq_msgsize));
    unsigned prio = 0;
    ssize_t n = mq_receive(mq, buf.data(), buf.size(), &prio);
    mq_close(mq);
    if (n < 0) return std::nullopt;
    return MqMessage{std::string(buf.data(), static_cast<std::size_t>(n)), prio};
}

}  // namespace grade
