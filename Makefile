# ipclab: `make grade` grades your labs. It installs what is missing (see
# autograder/install-deps.sh) and builds the grader into build/.

BUILD      ?= build
SUBMISSION ?= labs
RESULTS    ?= $(BUILD)/results.json
JOBS       ?= 2
LABS       := $(sort $(notdir $(wildcard autograder/[0-9][0-9]-*)))

GRADE_FLAGS = --submission $(SUBMISSION) --results $(RESULTS) --jobs $(JOBS) \
              $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test "$(TEST)") \
              $(if $(filter 1,$(VALGRIND)),--valgrind) \
              $(if $(ROUNDS),--rounds $(ROUNDS)) $(if $(SEED),--seed $(SEED)) \
              $(if $(filter 0,$(PERTURB)),--no-perturb) $(if $(filter 1,$(TIMINGS)),--timings)

.PHONY: all grade deps build clean bench $(LABS)

all: grade

# Short of full marks the grader exits 1, and make would print "make: *** [grade] Error 1"
# under the report. Make cannot be told to fail quietly, so the recipe ends make itself with
# SIGPIPE, a death that shells do not report: `make grade` then exits 141, not 0. Should SIGPIPE
# be ignored, make goes on to fail the ordinary way (exit 2, with the message).
grade: build
	@$(BUILD)/ipclab-grade $(GRADE_FLAGS) || { kill -PIPE $$PPID; exit 1; }

# `make 02-shm-rw` is `make grade LAB=02-shm-rw` (LAB passes down to grade).
$(foreach lab,$(LABS),$(eval $(lab): LAB = $(lab)))
$(LABS): grade

deps:
	@sh autograder/install-deps.sh

# The compiler's output goes to build.log; a terminal sees one line of progress while there is
# something to compile (the first build takes minutes).
build: deps
	@sh autograder/build.sh $(BUILD) $(JOBS)

# `make bench` sweeps lab 12's ipc_bench of SUBMISSION over sizes and mechanisms:
# $(BUILD)/bench.csv, a table, and the plot $(BUILD)/bench.svg.
bench:
	@sh autograder/bench/bench.sh $(SUBMISSION) $(BUILD)

clean:
	rm -rf $(BUILD)

# ---- Everything below is the project's own: make dist cuts it from the student release. ----
# `make check` runs the project's own tests; the rest is for instructors (docs/instructors.md):
# grade a class, package the student release and Gradescope.
SUBMISSIONS ?=
OUT         ?= $(BUILD)/batch
DIST        ?= dist

.PHONY: check stress grade-batch dist dist-check gradescope skeletons

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Grade the solutions RUNS times (default 50) on one CPU beside a CPU hog; report flaky verdicts.
stress: build
	@BUILD=$(BUILD) RUNS=$(RUNS) LAB=$(LAB) sh autograder/stress.sh

grade-batch: build
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade-batch SUBMISSIONS=dir [JOBS=n] [OUT=dir]" >&2; exit 2; }
	@$(BUILD)/ipclab-batch --submissions $(SUBMISSIONS) --out $(OUT) --jobs $(JOBS) \
	    $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test "$(TEST)") $(if $(filter 1,$(VALGRIND)),--valgrind)

# The student release; it is refused if it holds a solution line or names what it lacks.
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
