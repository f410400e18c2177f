/* Baseline for scripts/bench-ingest: the least a libcsv reader can do with a file, counting
 * fields and records, with the same chunk size (64 KiB) as observatory's reader. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t fields, records;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_record(int c, void *data) { (void)c; (void)data; records++; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [REPEAT]\n", argv[0]); return 64; }
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    static char buffer[1 << 16];
    double best = 1e300, bytes = 0;
    for (int r = 0; r < repeat; r++) {
        FILE *f = fopen(argv[1], "rb");
        if (!f) { perror(argv[1]); return 66; }
        struct csv_parser p;
        csv_init(&p, 0);
        csv_set_delim(&p, ';');
        fields = records = 0;
        bytes = 0;
        double t0 = now();
        size_t got;
        while ((got = fread(buffer, 1, sizeof buffer, f)) > 0) {
            if (csv_parse(&p, buffer, got, on_field, on_record, NULL) != got) {
                fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
                return 65;
            }
            bytes += got;
        }
        csv_fini(&p, on_field, on_record, NULL);
        double t = now() - t0;
        if (t < best) best = t;
        csv_free(&p);
        fclose(f);
    }
    printf("C libcsv: %zu records, %zu fields, %.1f MB in %.3f s = %.1f MB/s\n", records, fields, bytes / 1e6, best, bytes / 1e6 / best);
    return 0;
}
