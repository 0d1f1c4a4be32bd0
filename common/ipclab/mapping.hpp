// Mapping: owns one mmap() region and unmaps it when it goes out of scope.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <utility>

namespace ipclab {

class Mapping {
  public:
    Mapping() = default;
    // Maps LEN bytes of FD at offset 0. Check valid() afterwards: errno says why it failed.
    Mapping(std::size_t len, int prot, int flags, int fd) : len_(len) {
        void* p = ::mmap(nullptr, len, prot, flags, fd, 0);
        addr_ = p == MAP_FAILED ? nullptr : p;
    }
    Mapping(Mapping&& other) noexcept
        : addr_(std::exchange(other.addr_, nullptr)), len_(std::exchange(other.len_, 0)) {}
    Mapping& operator=(Mapping&& other) noexcept {
        std::swap(addr_, other.addr_);
        std::swap(len_, other.len_);
        return *this;
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping() {
        if (addr_) ::munmap(addr_, len_);
    }

    bool valid() const { return addr_ != nullptr; }
    std::byte* data() const { return static_cast<std::byte*>(addr_); }
    std::size_t size() const { return len_; }

  private:
    void* addr_ = nullptr;
    std::size_t len_ = 0;
};

}  // namespace ipclab
