#!/bin/sh
# Generates the skeletons in labs/ from the reference solutions in solutions/, so the two never
# drift. In a solution, each region
#
#     // BEGIN SOLUTION: what the student must do here
#     ... the reference code ...
#     // END SOLUTION
#
# becomes "// TODO: what the student must do here" in the skeleton (at the marker's indentation,
# wrapped at 100 columns). The TODO text may go on in the comment lines right below the marker,
# up to the first blank or code line (so clang-format may wrap a long marker line). A region may
# also stand at file scope (a helper the student writes, with its namespace). "// END SOLUTION
# (main)" also ends the region with the contract's
# `std::fprintf(stderr, "<program>: not implemented\n"); return 1;`, and the first region inside
# `main(int argc, char* argv[])` starts with `(void)argc; (void)argv;` (only `(void)argc;` when
# main leaves argv unnamed), so the skeleton compiles without warnings. The note "Read
# handouts/NN-name.md first" follows the comment that opens the file. The generated files go
# through clang-format. Files of a lab without markers are copied as they are; labs whose
# solutions carry no marker at all are left alone.
#
#   make-skeletons.sh            write labs/NN-name/ for every lab with markers
#   make-skeletons.sh --check    exit 1 if a committed skeleton differs from its generated one
#   make-skeletons.sh --audit    list the labs whose solutions carry no marker yet
set -eu
cd "$(dirname "$0")/../.."
mode=${1:-write}

marked_labs() {
    for dir in solutions/[0-9][0-9]-*/; do
        lab=$(basename "$dir")
        if grep -qs '// BEGIN SOLUTION' "$dir"*; then echo "$lab"; fi
    done
}

# skeleton FILE LAB OUT: the skeleton of one solution file into OUT.
skeleton() {
    prog=$(basename "$1"); prog=${prog%.*}
    awk -v prog="$prog" -v lab="$2" -v file="$1" '
    function fail(msg) { printf "%s:%d: %s\n", file, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
    function todo(indent, text,    line, n, words, i, width) {
        width = 100 - length(indent)
        line = "// TODO: "
        n = split(text, words, /[ \t]+/)
        for (i = 1; i <= n; i++) {
            if (words[i] == "") continue
            if (length(line) + length(words[i]) > width && line !~ /: $/ && line != "// ") {
                sub(/ $/, "", line); out[++lines] = indent line; line = "// "
            }
            line = line words[i] " "
        }
        sub(/ $/, "", line); out[++lines] = indent line
    }
    /^int main\(.*argc/ { in_main = 1; main_argv = ($0 ~ /argv/) }
    header && /^[ \t]*\/\/ / && !/ (BEGIN|END) SOLUTION/ {  # the TODO text goes on
        line = $0; sub(/^[ \t]*\/\/[ \t]*/, "", line); text = text " " line
        next
    }
    header { header = 0; todo(indent, text) }
    /^[ \t]*\/\/ BEGIN SOLUTION/ {
        if (inside) fail("BEGIN SOLUTION inside another region")
        inside = 1; header = 1; regions++
        indent = $0; sub(/[^ \t].*$/, "", indent)
        text = $0; sub(/^[ \t]*\/\/ BEGIN SOLUTION:?[ \t]*/, "", text)
        if (text == "") fail("BEGIN SOLUTION needs the TODO text: // BEGIN SOLUTION: what to do")
        if (in_main) {
            out[++lines] = indent "(void)argc;"
            if (main_argv) out[++lines] = indent "(void)argv;"
            in_main = 0
        }
        next
    }
    /^[ \t]*\/\/ END SOLUTION/ {
        if (!inside) fail("END SOLUTION without BEGIN SOLUTION")
        inside = 0
        if ($0 ~ /\(main\)/) {
            out[++lines] = indent "std::fprintf(stderr, \"" prog ": not implemented\\n\");"
            out[++lines] = indent "return 1;"
            needs_cstdio = 1
        }
        next
    }
    inside { next }
    /^#include <cstdio>/ { has_cstdio = 1 }
    { out[++lines] = $0 }
    END {
        if (bad) exit 1
        if (inside) { NR = "end"; fail("region not closed by END SOLUTION") }
        # <cstdio> for the fprintf: beside the first C++ standard header, else the first header.
        if (needs_cstdio && !has_cstdio) {
            for (i = 1; i <= lines && !at; i++) if (out[i] ~ /^#include <[a-z_]+>/) at = i
            for (i = 1; i <= lines && !at; i++) if (out[i] ~ /^#include/) at = i
        }
        # the note to the student goes right after the comment that opens the file
        for (note = 1; note <= lines && out[note] ~ /^\/\//; ) note++
        for (i = 1; i <= lines; i++) {
            if (i == note && regions) print "// Read handouts/" lab ".md first. Replace each TODO with your code."
            if (i == at) print "#include <cstdio>"
            print out[i]
        }
    }' "$1" >"$3.raw"
    clang-format --style=file --assume-filename="labs/$2/$(basename "$1")" <"$3.raw" >"$3"
    rm -f "$3.raw"
}

# generate LAB DIR: the whole skeleton of LAB into DIR.
generate() {
    rm -rf "$2"; mkdir -p "$2"
    for f in solutions/"$1"/*; do
        [ -f "$f" ] || continue
        skeleton "$f" "$1" "$2/$(basename "$f")"
    done
}

case $mode in
write)
    for lab in $(marked_labs); do
        generate "$lab" "labs/$lab"
        echo "labs/$lab generated from solutions/$lab"
    done ;;
--check)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    status=0
    for lab in $(marked_labs); do
        generate "$lab" "$tmp/$lab"
        if diff -ru "labs/$lab" "$tmp/$lab" >"$tmp/diff"; then
            echo "labs/$lab matches solutions/$lab"
        else
            echo "labs/$lab differs from the skeleton generated from solutions/$lab (run make skeletons):"
            cat "$tmp/diff"; status=1
        fi
    done
    exit $status ;;
--audit)
    marked=$(marked_labs)
    for dir in solutions/[0-9][0-9]-*/; do
        lab=$(basename "$dir")
        case " $(echo $marked) " in
        *" $lab "*) echo "$lab: skeleton generated from markers" ;;
        *) echo "$lab: no BEGIN SOLUTION markers: labs/$lab is written by hand" ;;
        esac
    done ;;
*) echo "usage: $0 [--check | --audit]" >&2; exit 2 ;;
esac
