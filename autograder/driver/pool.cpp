#include "pool.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "procfs.hpp"

namespace driver {
namespace {

constexpr double kIdleLook = 0.1;  // seconds between two looks at how idle the machine is

// Whether the CPUs were more than half idle since the last call.
class IdleMeter {
  public:
    bool mostly_idle() {
        const auto now = grade::procfs::cpu_time();
        const bool idle =
            now.total > last_.total && 2 * (now.idle - last_.idle) > now.total - last_.total;
        last_ = now;
        return idle;
    }

  private:
    grade::procfs::CpuTime last_ = grade::procfs::cpu_time();
};

}  // namespace

void run_pool(std::size_t count, const PoolOptions& options,
              const std::function<std::unique_ptr<grade::Proc>(std::size_t)>& start,
              const std::function<void(std::size_t, const grade::Result&)>& finish) {
    const std::size_t width = static_cast<std::size_t>(std::max(1, options.width));
    std::vector<std::pair<std::size_t, std::unique_ptr<grade::Proc>>> running;
    IdleMeter meter;
    std::size_t next = 0;
    double next_look = grade::now();
    for (;;) {
        std::size_t limit = width;
        if (options.overlap_when_idle && grade::now() >= next_look) {
            next_look = grade::now() + kIdleLook;
            // One more at a time: each new program shows in the next look's load.
            if (meter.mostly_idle()) limit = std::min(2 * width, running.size() + 1);
        }
        while (next < count && running.size() < std::max(limit, width)) {
            const std::size_t item = next++;
            if (auto proc = start(item)) running.emplace_back(item, std::move(proc));
        }
        if (running.empty()) {
            if (next >= count) return;
            continue;
        }
        std::vector<grade::Proc*> procs;
        for (auto& r : running)
            procs.push_back(r.second.get());
        double until = 1e300;
        if (options.tick) until = grade::now() + options.tick_seconds;
        if (options.overlap_when_idle && next < count) until = std::min(until, next_look);
        const std::size_t done = grade::wait_any(procs, until);
        if (done == procs.size()) {
            if (options.tick) options.tick();
            continue;
        }
        auto ended = std::move(running[done]);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(done));
        const grade::Result result = ended.second->wait();
        ended.second.reset();
        finish(ended.first, result);
    }
}

}  // namespace driver
