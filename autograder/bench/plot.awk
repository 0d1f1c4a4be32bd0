# Draws bench.csv as an SVG line chart: throughput (MiB/s) against message size, both axes
# logarithmic, one line per mechanism, memcpy (the baseline) dashed in black.
BEGIN {
    FS = ","
    W = 900; H = 540; L = 90; R = 680; T = 50; B = 470
    color["memcpy"] = "#000000"; color["pipe"] = "#1f77b4"; color["fifo"] = "#ff7f0e"
    color["unix"] = "#2ca02c"; color["mq"] = "#d62728"; color["shm"] = "#9467bd"
}
NR == 1 { next }
$5 + 0 > 0 {
    if (!($1 in seen)) { seen[$1] = 1; mechs[++nm] = $1 }
    n[$1]++; sz[$1, n[$1]] = $2 + 0; val[$1, n[$1]] = $5 + 0
    if (!($2 in have)) { have[$2] = 1; sizes[++ns] = $2 + 0 }
    if (lo == "" || $5 + 0 < lo) lo = $5 + 0
    if (hi == "" || $5 + 0 > hi) hi = $5 + 0
}
function log10(v) { return log(v) / log(10) }
function log2(v) { return log(v) / log(2) }
function floor_(v) { return v == int(v) || v >= 0 ? int(v) : int(v) - 1 }
function ceil_(v) { return v == int(v) || v < 0 ? int(v) : int(v) + 1 }
function px(s) { return L + (log2(s) - xlo) / (xhi - xlo) * (R - L) }
function py(v) { return B - (log10(v) - ylo) / (yhi - ylo) * (B - T) }
function human(n) {
    if (n >= 1048576 && n % 1048576 == 0) return (n / 1048576) " MiB"
    if (n >= 1024 && n % 1024 == 0) return (n / 1024) " KiB"
    return n " B"
}
function decade(k) { return k >= 0 ? sprintf("%d", 10 ^ k) : sprintf("%g", 10 ^ k) }
END {
    if (nm == 0) exit 1
    xlo = log2(sizes[1]); xhi = xlo
    for (i = 1; i <= ns; i++) {
        if (log2(sizes[i]) < xlo) xlo = log2(sizes[i])
        if (log2(sizes[i]) > xhi) xhi = log2(sizes[i])
    }
    if (xhi == xlo) xhi = xlo + 1
    ylo = floor_(log10(lo)); yhi = ceil_(log10(hi)); if (yhi == ylo) yhi = ylo + 1
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n", W, H, W, H
    printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H
    printf "<text x=\"%d\" y=\"28\" font-size=\"16\" text-anchor=\"middle\">ipc_bench: throughput against message size (log-log)</text>\n", (L + R) / 2
    # Grid and y ticks: one line per decade, lighter lines at 2x and 5x.
    for (k = ylo; k <= yhi; k++) {
        y = py(10 ^ k)
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#bbbbbb\"/>\n", L, y, R, y
        printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 8, y + 4, decade(k)
        for (m = 2; m <= 5 && k < yhi; m += 3) {
            y = py(m * 10 ^ k)
            printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>\n", L, y, R, y
        }
    }
    # x ticks: one per message size measured.
    for (i = 1; i <= ns; i++) {
        x = px(sizes[i])
        printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>\n", x, T, x, B
        printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, B + 20, human(sizes[i])
    }
    printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n", L, T, R - L, B - T
    printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">message size (bytes, log scale)</text>\n", (L + R) / 2, B + 50
    printf "<text x=\"25\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 25 %d)\">throughput (MiB/s, log scale)</text>\n", (T + B) / 2, (T + B) / 2
    # One line per mechanism, points sorted by size, with a legend entry.
    for (m = 1; m <= nm; m++) {
        name = mechs[m]; c = (name in color) ? color[name] : "#777777"
        for (i = 2; i <= n[name]; i++)
            for (j = i; j > 1 && sz[name, j - 1] > sz[name, j]; j--) {
                t = sz[name, j]; sz[name, j] = sz[name, j - 1]; sz[name, j - 1] = t
                t = val[name, j]; val[name, j] = val[name, j - 1]; val[name, j - 1] = t
            }
        dash = name == "memcpy" ? " stroke-dasharray=\"8 4\"" : ""
        width = name == "memcpy" ? 3 : 2
        printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%d\"%s points=\"", c, width, dash
        for (i = 1; i <= n[name]; i++) printf "%.1f,%.1f ", px(sz[name, i]), py(val[name, i])
        printf "\"/>\n"
        for (i = 1; i <= n[name]; i++)
            printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px(sz[name, i]), py(val[name, i]), c
        ly = T + 10 + 24 * m
        printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%d\"%s/>\n", R + 20, ly, R + 55, ly, c, width, dash
        printf "<text x=\"%d\" y=\"%d\">%s%s</text>\n", R + 62, ly + 4, name, name == "memcpy" ? " (baseline)" : ""
    }
    printf "</svg>\n"
}
