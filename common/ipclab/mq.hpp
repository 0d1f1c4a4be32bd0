// Mq: owns one POSIX message queue descriptor and closes it when it goes out of scope.
#pragma once

#include <mqueue.h>

#include <utility>

namespace ipclab {

class Mq {
  public:
    Mq() = default;
    explicit Mq(mqd_t mq) : mq_(mq) {}
    Mq(Mq&& other) noexcept : mq_(std::exchange(other.mq_, kNone)) {}
    Mq& operator=(Mq&& other) noexcept {
        std::swap(mq_, other.mq_);
        return *this;
    }
    Mq(const Mq&) = delete;
    Mq& operator=(const Mq&) = delete;
    // Closing also cancels a notification this process registered (mq_notify) on the queue.
    ~Mq() {
        if (valid()) ::mq_close(mq_);
    }

    mqd_t get() const { return mq_; }
    bool valid() const { return mq_ != kNone; }

  private:
    static inline const mqd_t kNone = static_cast<mqd_t>(-1);  // what mq_open returns on failure
    mqd_t mq_ = kNone;
};

}  // namespace ipclab
