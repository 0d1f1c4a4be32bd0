# ipclab: `make grade` grades your labs, `make check` runs the project's own tests.
# Both install what is missing (see autograder/install-deps.sh) and build into build/.

BUILD      ?= build
SUBMISSION ?= labs
RESULTS    ?= $(BUILD)/results.json
JOBS       ?= 2
LABS       := $(sort $(notdir $(wildcard autograder/[0-9][0-9]-*)))

GRADE_FLAGS = --submission $(SUBMISSION) --results $(RESULTS) --jobs $(JOBS) \
              $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test "$(TEST)") \
              $(if $(filter 1,$(VALGRIND)),--valgrind) \
              $(if $(ROUNDS),--rounds $(ROUNDS)) $(if $(SEED),--seed $(SEED)) \
              $(if $(filter 0,$(PERTURB)),--no-perturb)

.PHONY: all grade check deps build clean bench $(LABS)

all: grade

grade: build
	@$(BUILD)/ipclab-grade $(GRADE_FLAGS)

# `make 02-shm-rw` is `make grade LAB=02-shm-rw`.
$(LABS):
	@$(MAKE) --no-print-directory grade LAB=$@

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Grade the solutions RUNS times (default 50) on one CPU beside a CPU hog; report flaky verdicts.
stress: build
	@BUILD=$(BUILD) RUNS=$(RUNS) LAB=$(LAB) sh autograder/stress.sh

deps:
	@sh autograder/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

# `make bench` sweeps lab 12's ipc_bench over sizes and mechanisms (SUBMISSION=solutions for
# the reference): $(BUILD)/bench.csv, a table, and the plot $(BUILD)/bench.svg.
bench:
	@sh autograder/bench/bench.sh $(SUBMISSION) $(BUILD)

clean:
	rm -rf $(BUILD)

# Instructors (docs/instructors.md): grade a class, package the student release and Gradescope.
SUBMISSIONS ?=
OUT         ?= $(BUILD)/batch
DIST        ?= dist

.PHONY: grade-batch dist dist-check gradescope skeletons

grade-batch: build
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade-batch SUBMISSIONS=dir [JOBS=n] [OUT=dir]" >&2; exit 2; }
	@$(BUILD)/ipclab-batch --submissions $(SUBMISSIONS) --out $(OUT) --jobs $(JOBS) \
	    $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test "$(TEST)") $(if $(filter 1,$(VALGRIND)),--valgrind)

dist:
	@sh autograder/packaging/make-dist.sh $(DIST)

# The release builds in full and its `make grade` scores its skeletons 0 (slow: a whole build).
dist-check: dist
	@$(MAKE) --no-print-directory -C $(DIST)/ipclab-student grade RESULTS=build/skeleton.json || \
	    test "$$(sed -n 's/^  "score": \([0-9]*\),/\1/p' $(DIST)/ipclab-student/build/skeleton.json)" = 0

gradescope: build
	@sh autograder/packaging/make-gradescope.sh $(BUILD)/gradescope

skeletons:
	@sh autograder/packaging/make-skeletons.sh
