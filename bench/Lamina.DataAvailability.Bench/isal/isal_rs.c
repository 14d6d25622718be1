/* ISA-L Reed-Solomon peer for Lamina's DA benchmark (bench/Lamina.DataAvailability.Bench).
 * Usage: isal_rs K M SHARD_BYTES MIN_SECONDS
 * Prints "encode_gbps X" and "decode_gbps Y": bytes of original data per second (K * SHARD_BYTES per operation).
 * Encode: a systematic Cauchy code (gf_gen_cauchy1_matrix), ec_init_tables + ec_encode_data.
 * Decode: the same job as Lamina's decode figure: all K data shards recovered from K parity shards (M == K),
 * timing the inversion of the parity rows, the table setup and the multiply, as a real decoder must do per pattern;
 * then decode_cached_gbps: the multiply alone with the inverse and tables cached. */
#include <isa-l/erasure_code.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time of this thread: a loaded machine's other work is not counted */
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: isal_rs K M SHARD_BYTES MIN_SECONDS\n"); return 2; }
    int k = atoi(argv[1]), m = atoi(argv[2]), len = atoi(argv[3]);
    double min_seconds = atof(argv[4]);
    if (k < 1 || m < 1 || k + m > 256 || len < 64) { fprintf(stderr, "need 1 <= k, m and k + m <= 256\n"); return 2; }

    unsigned char *a = malloc((size_t)(k + m) * k), *g = malloc((size_t)k * m * 32);
    unsigned char **data = malloc(sizeof(void *) * k), **parity = malloc(sizeof(void *) * m), **out = malloc(sizeof(void *) * k);
    for (int i = 0; i < k; i++) { data[i] = aligned_alloc(64, len); out[i] = aligned_alloc(64, len); }
    for (int i = 0; i < m; i++) parity[i] = aligned_alloc(64, len);
    srand(1);
    for (int i = 0; i < k; i++) for (int j = 0; j < len; j++) data[i][j] = (unsigned char)rand();

    gf_gen_cauchy1_matrix(a, k + m, k);
    int iterations = 0;
    double start = now(), elapsed;
    do {
        ec_init_tables(k, m, &a[k * k], g);
        ec_encode_data(len, k, m, g, data, parity);
        iterations++;
        elapsed = now() - start;
    } while (elapsed < min_seconds);
    printf("encode_gbps %.4f\n", (double)k * len * iterations / elapsed / 1e9);

    if (m >= k) {
        unsigned char *sub = malloc((size_t)k * k), *inv = malloc((size_t)k * k), *dg = malloc((size_t)k * k * 32);
        iterations = 0;
        start = now();
        do {
            memcpy(sub, &a[k * k], (size_t)k * k); /* rows of the first k parity shards */
            if (gf_invert_matrix(sub, inv, k) != 0) { fprintf(stderr, "singular\n"); return 1; }
            ec_init_tables(k, k, inv, dg);
            ec_encode_data(len, k, k, dg, parity, out);
            iterations++;
            elapsed = now() - start;
        } while (elapsed < min_seconds);
        for (int i = 0; i < k; i++) if (memcmp(out[i], data[i], len) != 0) { fprintf(stderr, "decode mismatch at %d\n", i); return 1; }
        printf("decode_gbps %.4f\n", (double)k * len * iterations / elapsed / 1e9);
        /* The multiply alone, with the inverse cached (as codecs that cache per erasure pattern do). */
        iterations = 0;
        start = now();
        do {
            ec_encode_data(len, k, k, dg, parity, out);
            iterations++;
            elapsed = now() - start;
        } while (elapsed < min_seconds);
        printf("decode_cached_gbps %.4f\n", (double)k * len * iterations / elapsed / 1e9);
    }
    return 0;
}
