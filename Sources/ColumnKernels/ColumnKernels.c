#include "ColumnKernels.h"

#include <float.h>
#include <math.h>
#include <string.h>

// Bit-identical results on every CPU: no fused multiply-adds, whatever the target allows.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

// The loader's choice between versions needs indirect functions (glibc's ifunc). Elsewhere, and
// with SCALELAB_SINGLE_TARGET (.ci/kernels compiles the file once per instruction set to compare
// the results bit by bit), there is one version, for the compiler's target.
#if defined(__x86_64__) && defined(__GLIBC__) && (defined(__clang__) || defined(__GNUC__)) && !defined(SCALELAB_SINGLE_TARGET)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

// Four doubles at a time; a target without 256-bit registers works on pairs.
typedef double Lanes __attribute__((vector_size(32)));
typedef unsigned long long Bits __attribute__((vector_size(32)));
typedef long long Mask __attribute__((vector_size(32)));

// Helpers are macros, or take their vectors by pointer: a 32-byte vector passed by value would
// need the AVX calling convention, which the baseline version cannot use.
#define LOAD(p) ({ Lanes v_; memcpy(&v_, (p), sizeof v_); v_; })
#define STORE(p, v) do { Lanes v_ = (v); memcpy((p), &v_, sizeof v_); } while (0)
#define SPLAT(a) ((Lanes){(a), (a), (a), (a)})
#define SELECT(m, yes, no) ((Lanes)(((Bits)(m) & (Bits)(yes)) | (~(Bits)(m) & (Bits)(no))))

// Adding 1.5·2^52 rounds a double of magnitude below 2^51 to an integer, which then sits in the
// low bits of the sum's bit pattern.
static const double shifter = 0x1.8p52;
// ln 2 split so that k·ln2Hi is exact for |k| < 2^20 (fdlibm's e_exp.c and e_log.c).
static const double ln2Hi = 6.93147180369123816490e-01;
static const double ln2Lo = 1.90821492927058770002e-10;

// 2^(j/128) for j = 0…127 as a double and the rest of its value (hi + lo to about 2^-117),
// filled before main from the C library's extended-precision exp2l.
static double expTableHi[128], expTableLo[128];

__attribute__((constructor)) static void fillExpTable(void) {
    for (int j = 0; j < 128; j++) {
        const long double t = exp2l((long double)j / 128);
        expTableHi[j] = (double)t;
        expTableLo[j] = (double)(t - (long double)expTableHi[j]);
    }
}

// e^x as in Tang, "Table-driven implementation of the exponential function in IEEE floating-point
// arithmetic" (ACM TOMS 15, 1989): x = (128m + j)·ln2/128 + r with |r| ≤ ln2/256, so
// e^x = 2^m · 2^(j/128) · e^r, with 2^(j/128) from the table as hi + lo and e^r − 1 by its Taylor
// series to r^6 (the remainder is below 1e-21 relative). 2^m is applied as two halves so that
// results down in the subnormal range are rounded once. Inputs are clamped to [−746, 710], beyond
// which the result is 0 or +∞ anyway; NaN propagates through the arithmetic.
static inline __attribute__((always_inline)) void exp4(Lanes *v) {
    const Lanes x = *v;
    Lanes xc = SELECT(x < -746.0, SPLAT(-746.0), x);
    xc = SELECT(x > 710.0, SPLAT(710.0), xc);
    const Lanes shifted = xc * (128.0 / M_LN2) + shifter;
    const Lanes k = shifted - shifter;
    const Lanes r = (xc - k * (ln2Hi / 128)) - k * (ln2Lo / 128);
    // e^r − 1 = r + r²·(1/2! + r/3! + r²/4! + r³/5! + r⁴/6!)
    Lanes q = SPLAT(1.0 / 720);
    q = q * r + 1.0 / 120;
    q = q * r + 1.0 / 24;
    q = q * r + 1.0 / 6;
    q = q * r + 0.5;
    const Lanes expm1R = r + r * r * q;
    // k = 128m + j as an integer from the low bits of the shifted sum, offset by 2^30 (a multiple
    // of 256) to make it non-negative: AVX2 has no arithmetic shift of 64-bit lanes, so the
    // divisions by 128 and by 2 below are logical shifts of non-negative numbers.
    const Bits kb = (Bits)shifted - (Bits)SPLAT(shifter) + (1ULL << 30);
    const Bits j = kb & 127, mb = kb >> 7;  // mb = m + 2^23
    const Lanes hi = {expTableHi[j[0]], expTableHi[j[1]], expTableHi[j[2]], expTableHi[j[3]]};
    const Lanes lo = {expTableLo[j[0]], expTableLo[j[1]], expTableLo[j[2]], expTableLo[j[3]]};
    const Lanes base = hi + (hi * expm1R + lo);
    // 2^m = 2^m1 · 2^m2 with m1 = ⌊m/2⌋, each half a normal number for m in [−1077, 1024]
    const Bits m1b = mb >> 1;  // m1 + 2^22
    const Lanes scale1 = (Lanes)((m1b + (1023 - (1ULL << 22))) << 52);
    const Lanes scale2 = (Lanes)((mb - m1b + (1023 - (1ULL << 22))) << 52);
    *v = base * scale1 * scale2;
}

// log x: x = 2^k·(1 + f) with 1 + f in [√2/2, √2), log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)) with
// s = f/(2 + f) and R fdlibm's minimax polynomial (e_log.c, Lg1…Lg7). Lanes that are not
// positive normal numbers are recomputed by the C library.
static inline __attribute__((always_inline)) void log4(Lanes *v) {
    const Lanes x = *v;
    const Bits bits = (Bits)x;
    // Move the exponent boundary from 1 to √2/2 (high word 0x3fe6a09e), so that the mantissa,
    // put back under the exponent of √2/2, falls in [√2/2, √2).
    const Bits shifted = bits + (0x3ff0000000000000ULL - 0x3fe6a09e00000000ULL);
    const Lanes k = (Lanes)((shifted >> 52) | 0x4330000000000000ULL) - (0x1p52 + 1023);
    const Lanes f = (Lanes)((shifted & 0x000fffffffffffffULL) + 0x3fe6a09e00000000ULL) - 1.0;
    const Lanes s = f / (2.0 + f);
    const Lanes z = s * s, w = z * z;
    const Lanes t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    const Lanes t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    const Lanes hfsq = 0.5 * f * f;
    Lanes result = k * ln2Hi - ((hfsq - (s * (hfsq + (t2 + t1)) + k * ln2Lo)) - f);
    const Mask normal = (x >= DBL_MIN) & (x <= DBL_MAX);
    if (!(normal[0] & normal[1] & normal[2] & normal[3])) {
        for (int i = 0; i < 4; i++) {
            if (!normal[i]) result[i] = log(x[i]);
        }
    }
    *v = result;
}

// The last partial group of four goes through the same lanes (padded with 1), so a row's result
// does not depend on where it sits in the column.
#define MAP(F)                                                                \
    long i = 0;                                                               \
    /* two groups at a time: their long dependency chains overlap */           \
    for (; i + 8 <= n; i += 8) {                                              \
        Lanes v0 = LOAD(x + i), v1 = LOAD(x + i + 4);                         \
        F(&v0);                                                               \
        F(&v1);                                                               \
        STORE(y + i, v0);                                                     \
        STORE(y + i + 4, v1);                                                 \
    }                                                                         \
    for (; i + 4 <= n; i += 4) {                                              \
        Lanes v = LOAD(x + i);                                                \
        F(&v);                                                                \
        STORE(y + i, v);                                                      \
    }                                                                         \
    if (i < n) {                                                              \
        Lanes v = SPLAT(1.0);                                                 \
        for (long j = 0; j < n - i; j++) v[j] = x[i + j];                     \
        F(&v);                                                                \
        for (long j = 0; j < n - i; j++) y[i + j] = v[j];                     \
    }

CLONES void scalelab_exp(const double *x, double *y, long n) { MAP(exp4) }

CLONES void scalelab_log(const double *x, double *y, long n) { MAP(log4) }

#define BINARY(OP)                                                                \
    if (aIsColumn && bIsColumn) {                                                 \
        for (long i = 0; i < n; i++) out[i] = a[i] OP b[i];                       \
    } else if (aIsColumn) {                                                       \
        const double b0 = b[0];                                                   \
        for (long i = 0; i < n; i++) out[i] = a[i] OP b0;                         \
    } else if (bIsColumn) {                                                       \
        const double a0 = a[0];                                                   \
        for (long i = 0; i < n; i++) out[i] = a0 OP b[i];                         \
    } else {                                                                      \
        const double z = a[0] OP b[0];                                            \
        for (long i = 0; i < n; i++) out[i] = z;                                  \
    }

CLONES void scalelab_binary(int op, const double *a, int aIsColumn, const double *b, int bIsColumn, double *out, long n) {
    switch (op) {
    case SCALELAB_ADD: BINARY(+) break;
    case SCALELAB_SUBTRACT: BINARY(-) break;
    case SCALELAB_MULTIPLY: BINARY(*) break;
    case SCALELAB_DIVIDE: BINARY(/) break;
    }
}

// Partial sum k (of eight) takes rows i ≡ k (mod 8); the eight are then added pairwise in a fixed
// order and the remaining rows one by one. Independent partial sums let the additions overlap
// instead of waiting on each other.
#define COMBINE(s0, s1) ({ const Lanes s_ = (s0) + (s1); (s_[0] + s_[1]) + (s_[2] + s_[3]); })

CLONES double scalelab_sum(const double *a, long n) {
    Lanes s0 = SPLAT(0.0), s1 = SPLAT(0.0);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 += LOAD(a + i);
        s1 += LOAD(a + i + 4);
    }
    double total = COMBINE(s0, s1);
    for (; i < n; i++) total += a[i];
    return total;
}

CLONES double scalelab_dot(const double *a, const double *b, long n) {
    Lanes s0 = SPLAT(0.0), s1 = SPLAT(0.0);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 += LOAD(a + i) * LOAD(b + i);
        s1 += LOAD(a + i + 4) * LOAD(b + i + 4);
    }
    double total = COMBINE(s0, s1);
    for (; i < n; i++) total += a[i] * b[i];
    return total;
}

// Huber's loss ρ_δ(r) = r²/2 for |r| ≤ δ, δ(|r| − δ/2) beyond; its derivative ψ_δ(r) = r clamped to ±δ.

// |v| of each lane: the sign bit cleared.
#define ABS(v) ((Lanes)((Bits)(v) & ~(Bits)SPLAT(-0.0)))

// Four rows of the loss: writes their residuals and ρ_δ, gives the ρ_δ (the scalar loop's operations, lane by lane).
#define HUBER_LOSS4(i, out) do {                                                                \
        const Lanes r_ = LOAD(s + (i)) * (LOAD(y + (i)) - LOAD(f + (i)));                        \
        const Lanes a_ = ABS(r_);                                                                \
        STORE(residual + (i), r_);                                                               \
        (out) = SELECT(a_ <= delta, 0.5 * r_ * r_, delta * (a_ - 0.5 * delta));                  \
        STORE(rho + (i), (out));                                                                 \
    } while (0)

// One pass: each group of eight rows goes into the two partial sums that `scalelab_sum` would add
// it to, so the total has the same bits as summing the written ρ_δ afterwards.
CLONES double scalelab_huber_loss(const double *y, const double *f, const double *s, double delta, double *residual, double *rho, long n) {
    Lanes s0 = SPLAT(0.0), s1 = SPLAT(0.0);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        Lanes p0, p1;
        HUBER_LOSS4(i, p0);
        HUBER_LOSS4(i + 4, p1);
        s0 += p0;
        s1 += p1;
    }
    double total = COMBINE(s0, s1);
    for (; i < n; i++) {
        const double r = s[i] * (y[i] - f[i]);
        const double a = fabs(r);
        residual[i] = r;
        rho[i] = a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        total += rho[i];
    }
    return total;
}

static inline __attribute__((always_inline)) void huberWeight(double r, double si, double delta, int reweighted, double *psi, double *c) {
    const double a = fabs(r);
    *psi = -(r > delta ? delta : (r < -delta ? -delta : r)) * si;
    *c = si * si * (a <= delta ? 1.0 : (reweighted ? delta / a : 0.0));
}

// The same for four rows in lanes (the division δ/|r| only where it is used, as its result for
// rows inside δ is discarded).
static inline __attribute__((always_inline)) void huberWeights4(const Lanes *r, const Lanes *si, double delta, int reweighted, Lanes *psi, Lanes *c) {
    const Lanes a = ABS(*r);
    const Lanes clamped = SELECT(*r > delta, SPLAT(delta), SELECT(*r < -delta, SPLAT(-delta), *r));
    *psi = -clamped * *si;
    const Mask inside = a <= delta;
    Lanes w = SPLAT(1.0);
    if (!(inside[0] & inside[1] & inside[2] & inside[3])) {
        w = SELECT(inside, SPLAT(1.0), reweighted ? delta / a : SPLAT(0.0));
    }
    *c = *si * *si * w;
}

CLONES void scalelab_huber_weights(const double *residual, const double *s, double delta, int reweighted, double *psi, double *c, long n) {
    for (long i = 0; i < n; i++) huberWeight(residual[i], s[i], delta, reweighted, psi + i, c + i);
}

// One pass over the rows for a Huber step's gradient and curvature: each row's p derivatives are
// loaded once and feed p + p(p+1)/2 sums, where separate dot products would read them p + 1 times.
// Each sum is four lane sums added as (s0 + s1) + (s2 + s3); the rows after the last group of four
// go through the same lanes padded with zeros.
// Inlined once per p below, so that the loops over j and k unroll and the sums live in registers.
// With `fromResiduals`, psi and c are not read but worked out from the residuals and weights as
// `scalelab_huber_weights` does.
static inline __attribute__((always_inline)) void gradientGram(const double *const *d, const long p, const double *psi, const double *c,
                                                               const int fromResiduals, const double *residual, const double *s, double delta,
                                                               int reweighted, double *g, double *h, long n) {
    Lanes gs[SCALELAB_GRAM_MAX], hs[SCALELAB_GRAM_MAX * SCALELAB_GRAM_MAX];
    for (long j = 0; j < p; j++) {
        gs[j] = SPLAT(0.0);
        for (long k = j; k < p; k++) hs[j * p + k] = SPLAT(0.0);
    }
    Lanes dv[SCALELAB_GRAM_MAX];
    for (long i = 0; i < n; i += 4) {
        Lanes ps, cs;
        if (i + 4 <= n) {
            if (fromResiduals) {
                const Lanes rv = LOAD(residual + i), sv = LOAD(s + i);
                huberWeights4(&rv, &sv, delta, reweighted, &ps, &cs);
            } else {
                ps = LOAD(psi + i);
                cs = LOAD(c + i);
            }
            for (long j = 0; j < p; j++) dv[j] = LOAD(d[j] + i);
        } else {
            ps = SPLAT(0.0), cs = SPLAT(0.0);
            for (long j = 0; j < p; j++) dv[j] = SPLAT(0.0);
            for (long r = 0; r < n - i; r++) {
                if (fromResiduals) {
                    double pr, cr;
                    huberWeight(residual[i + r], s[i + r], delta, reweighted, &pr, &cr);
                    ps[r] = pr;
                    cs[r] = cr;
                } else {
                    ps[r] = psi[i + r];
                    cs[r] = c[i + r];
                }
                for (long j = 0; j < p; j++) dv[j][r] = d[j][i + r];
            }
        }
        for (long j = 0; j < p; j++) {
            gs[j] += ps * dv[j];
            const Lanes cd = cs * dv[j];
            for (long k = j; k < p; k++) hs[j * p + k] += cd * dv[k];
        }
    }
    for (long j = 0; j < p; j++) {
        g[j] = (gs[j][0] + gs[j][1]) + (gs[j][2] + gs[j][3]);
        for (long k = j; k < p; k++) {
            const Lanes t = hs[j * p + k];
            h[j * p + k] = h[k * p + j] = (t[0] + t[1]) + (t[2] + t[3]);
        }
    }
}

#define GRAM_CASES(FROM, PSI, C, R, S, DELTA, REW)                                      \
    switch (p) {                                                                          \
    case 1: gradientGram(d, 1, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 2: gradientGram(d, 2, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 3: gradientGram(d, 3, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 4: gradientGram(d, 4, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 5: gradientGram(d, 5, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 6: gradientGram(d, 6, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 7: gradientGram(d, 7, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    case 8: gradientGram(d, 8, PSI, C, FROM, R, S, DELTA, REW, g, h, n); break;           \
    }

CLONES void scalelab_gradient_gram(const double *const *d, long p, const double *psi, const double *c, double *g, double *h, long n) {
    GRAM_CASES(0, psi, c, NULL, NULL, 0.0, 0)
}

CLONES void scalelab_huber_gradient_gram(const double *const *d, long p, const double *residual, const double *s, double delta, int reweighted,
                                         double *g, double *h, long n) {
    GRAM_CASES(1, NULL, NULL, residual, s, delta, reweighted)
}
