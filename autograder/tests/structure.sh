#!/bin/sh
# Keeps the grader's core easy to read and change (docs/harness.md, "Layout"):
#   structure.sh cycles DIR...     fails if the .hpp/.cpp files under DIRs include each other in
#                                  a cycle, directly or through others
#   structure.sh size MAX DIR...   fails if a .hpp/.cpp file under DIRs has more than MAX lines
#   structure.sh selftest          fails unless both checks fail on a small bad example
# A header and its source are one unit (x.hpp and x.cpp, in one folder): "a includes b" means
# a.hpp or a.cpp has `#include "b.hpp"`, so a.cpp including its own header is no cycle, but
# a.cpp including b.hpp while b.cpp includes a.hpp is. An include is resolved in the including
# file's folder first, then anywhere under DIRs; system and other includes are ignored.
set -eu

files() {
    find "$@" -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort
}

cycles() {
    files "$@" | xargs awk '
        function unit(path) { sub(/\.[^.\/]*$/, "", path); return path }
        function folder(path) { sub(/\/[^\/]*$/, "", path); return path }
        FNR == 1 { present[FILENAME] = 1 }
        /^[ \t]*#[ \t]*include[ \t]*"/ {
            name = $0
            sub(/^[^"]*"/, "", name)
            sub(/".*/, "", name)
            includes[++n] = FILENAME SUBSEP name
        }
        # Depth-first search; a unit met again while still on the path closes a cycle.
        function visit(u,    i, v, k, path) {
            state[u] = 1
            stack[++depth] = u
            for (i = 1; i <= degree[u]; i++) {
                v = edge[u, i]
                if (state[v] == 1) {
                    path = ""
                    for (k = depth; stack[k] != v; k--)
                        path = " -> " stack[k] path
                    print "include cycle: " v path " -> " v
                    found = 1
                } else if (!state[v]) {
                    visit(v)
                }
            }
            depth--
            state[u] = 2
        }
        END {
            for (i = 1; i <= n; i++) {
                split(includes[i], part, SUBSEP)
                target = folder(part[1]) "/" part[2]
                if (!(target in present))
                    for (f in present)
                        if (substr(f, length(f) - length(part[2])) == "/" part[2]) target = f
                if (!(target in present)) continue  # not ours (doctest, nlohmann, common/)
                from = unit(part[1])
                to = unit(target)
                if (!(from in units)) ++count
                if (!(to in units)) ++count
                units[from] = units[to] = 1
                if (from == to || ((from, to) in seen)) continue
                seen[from, to] = 1
                edge[from, ++degree[from]] = to
                ++edges
            }
            for (u in units)
                if (!state[u]) visit(u)
            if (found) exit 1
            printf "no include cycle among %d units (%d includes between them)\n", count, edges
        }'
}

size() {
    max=$1
    shift
    files "$@" | xargs wc -l | awk -v max="$max" '
        $2 != "total" && $1 > max { print $2 ": " $1 " lines, more than " max; long = 1 }
        END {
            if (long) { print "split it where it has seams (docs/harness.md, \"Layout\")"; exit 1 }
            print "no file over " max " lines"
        }'
}

selftest() {
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    mkdir "$dir/x" "$dir/y"
    printf '#include "b.hpp"\n' >"$dir/x/a.cpp"
    printf '#include <string>\n' >"$dir/x/a.hpp"
    printf '#include "c.hpp"\n' >"$dir/y/b.hpp"
    printf '#include "a.hpp"\n#include "c.hpp"\n' >"$dir/y/c.cpp"
    printf '\n' >"$dir/y/c.hpp"
    if cycles "$dir" >/dev/null; then
        echo "the cycle a -> b -> c -> a went unnoticed"
        exit 1
    fi
    if size 1 "$dir" >/dev/null; then
        echo "a file of 2 lines passed a limit of 1"
        exit 1
    fi
    rm "$dir/y/c.cpp"
    cycles "$dir" >/dev/null || { echo "a cycle was reported where there is none"; exit 1; }
    echo "both checks fail on a bad example"
}

mode=$1
shift
"$mode" "$@"
