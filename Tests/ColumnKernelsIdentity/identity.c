// Runs every column kernel over a million pseudo-random rows (and the special values) and prints
// one FNV-1a hash of all the output bits. .ci/kernels builds this once per instruction set; the
// kernels promise the same bits on each, so the hashes must agree.
#include "ColumnKernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long hash = 1469598103934665603ULL;

static void mix(const double *v, long n) {
    for (long i = 0; i < n; i++) {
        unsigned long long b;
        memcpy(&b, &v[i], sizeof b);
        hash = (hash ^ b) * 1099511628211ULL;
    }
}

int main(void) {
    const long n = 1000003;  // not a multiple of 4 or 8: the tails run too
    double *x = malloc(n * sizeof *x), *z = malloc(n * sizeof *z), *s = malloc(n * sizeof *s);
    double *out = malloc(n * sizeof *out), *out2 = malloc(n * sizeof *out2);
    if (!x || !z || !s || !out || !out2) return 2;
    unsigned long long state = 88172645463325252ULL;
    for (long i = 0; i < n; i++) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        const double u = (double)(state >> 11) * 0x1p-53;
        x[i] = (2 * u - 1) * 750;      // exp's whole range and beyond
        z[i] = exp((2 * u - 1) * 709); // log over the normal doubles
        s[i] = 0.5 + u;                // square roots of weights
    }
    const double specials[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, -1.0, 0x1p-1030, 0x1p-1074, 709.79, -745.2};
    for (int k = 0; k < 10; k++) x[k] = z[k] = specials[k];

    scalelab_exp(x, out, n), mix(out, n);
    scalelab_log(z, out, n), mix(out, n);
    for (int op = SCALELAB_ADD; op <= SCALELAB_DIVIDE; op++) {
        scalelab_binary(op, x, 1, z, 1, out, n), mix(out, n);
        scalelab_binary(op, x, 0, z, 1, out, n), mix(out, n);
        scalelab_binary(op, x, 1, z, 0, out, n), mix(out, n);
    }
    const double sums[] = {scalelab_sum(x + 10, n - 10), scalelab_dot(x + 10, s + 10, n - 10),
                           scalelab_huber_loss(x + 10, z + 10, s + 10, 1e-3, out, out2, n - 10)};
    mix(sums, 3), mix(out, n - 10), mix(out2, n - 10);
    scalelab_huber_weights(x, s, 2.5, 1, out, out2, n), mix(out, n), mix(out2, n);
    scalelab_huber_weights(x, s, 2.5, 0, out, out2, n), mix(out, n), mix(out2, n);
    const double *columns[3] = {x + 10, s + 10, out + 10};
    double g[3], h[9];
    scalelab_gradient_gram(columns, 3, s + 10, out2 + 10, g, h, n - 10), mix(g, 3), mix(h, 9);
    // The fused Huber gradient and curvature must give the bits of the weights and the Gram in turn.
    double *psi = malloc(n * sizeof *psi), *c = malloc(n * sizeof *c);
    if (!psi || !c) return 2;
    for (int reweighted = 0; reweighted <= 1; reweighted++) {
        double g2[3], h2[9];
        scalelab_huber_weights(x + 10, s + 10, 2.5, reweighted, psi, c, n - 10);
        scalelab_gradient_gram(columns, 3, psi, c, g, h, n - 10);
        scalelab_huber_gradient_gram(columns, 3, x + 10, s + 10, 2.5, reweighted, g2, h2, n - 10);
        if (memcmp(g, g2, sizeof g) != 0 || memcmp(h, h2, sizeof h) != 0) {
            fprintf(stderr, "scalelab_huber_gradient_gram differs from scalelab_huber_weights then scalelab_gradient_gram\n");
            return 1;
        }
        mix(g2, 3), mix(h2, 9);
    }
    printf("%016llx\n", hash);
    return 0;
}
