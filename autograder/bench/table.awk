# Prints bench.csv as a table: one row per message size, one column of MiB/s per mechanism.
BEGIN { FS = "," }
NR == 1 { next }
{
    if (!($1 in seen)) { seen[$1] = 1; mechs[++nm] = $1 }
    if (!($2 in have)) { have[$2] = 1; sizes[++ns] = $2 + 0 }
    mib[$2, $1] = $5
}
function human(n) {
    if (n >= 1048576 && n % 1048576 == 0) return (n / 1048576) "M"
    if (n >= 1024 && n % 1024 == 0) return (n / 1024) "K"
    return n
}
END {
    for (i = 2; i <= ns; i++)  # sizes ascending (insertion sort)
        for (j = i; j > 1 && sizes[j - 1] > sizes[j]; j--) { t = sizes[j]; sizes[j] = sizes[j - 1]; sizes[j - 1] = t }
    print "throughput in MiB/s (higher is better)"
    printf "%8s", "size"
    for (m = 1; m <= nm; m++) printf " %10s", mechs[m]
    printf "\n"
    for (s = 1; s <= ns; s++) {
        printf "%8s", human(sizes[s])
        for (m = 1; m <= nm; m++) {
            v = mib[sizes[s], mechs[m]]
            if (v == "") printf " %10s", "-"
            else printf " %10.1f", v
        }
        printf "\n"
    }
}
