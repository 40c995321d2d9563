#ifndef SCALELAB_COLUMN_KERNELS_H
#define SCALELAB_COLUMN_KERNELS_H

/// Loops over whole columns of doubles, the inner loops of a fit.
///
/// Written in C for one reason: each function is compiled twice, for baseline x86-64 (SSE2) and
/// for x86-64-v3 (AVX2), and the loader picks the one this CPU runs (GCC/Clang `target_clones`).
/// Swift has no per-function CPU targets, and building the whole program for AVX2 would stop it
/// running on older machines. Floating-point contraction is off, so both versions perform the
/// same IEEE operations in the same order and give bit-identical results; a fit's output does
/// not depend on the machine's vector width.

/// y_i = e^{x_i}, within one ulp of the exact value.
void scalelab_exp(const double *x, double *y, long n);
/// y_i = log x_i, within one ulp; zero, negative, subnormal, infinite and NaN inputs go through
/// the C library's log.
void scalelab_log(const double *x, double *y, long n);

enum {
    SCALELAB_ADD = 0,
    SCALELAB_SUBTRACT = 1,
    SCALELAB_MULTIPLY = 2,
    SCALELAB_DIVIDE = 3,
};

/// out_i = a_i ∘ b_i for n rows; an operand that is not a column is one value used for every row.
void scalelab_binary(int op, const double *a, int aIsColumn, const double *b, int bIsColumn, double *out, long n);

/// Σ a_i, and Σ a_i b_i, each as eight interleaved partial sums added in a fixed order.
double scalelab_sum(const double *a, long n);
double scalelab_dot(const double *a, const double *b, long n);

/// Huber's loss ρ_δ, r_i = s_i (y_i − f_i) for s_i the square roots of the weights: writes each
/// r_i and ρ_δ(r_i), returns Σ ρ_δ(r_i) summed as `scalelab_sum` sums.
double scalelab_huber_loss(const double *y, const double *f, const double *s, double delta, double *residual, double *rho, long n);

/// For the gradient and curvature of Σ ρ_δ(r_i): psi_i = −ψ_δ(r_i)·s_i (ψ_δ is r clamped to ±δ),
/// and c_i = s_i² where |r_i| ≤ δ, beyond it s_i²·δ/|r_i| when `reweighted`, else 0.
void scalelab_huber_weights(const double *residual, const double *s, double delta, int reweighted, double *psi, double *c, long n);

/// The most derivatives `scalelab_gradient_gram` takes.
#define SCALELAB_GRAM_MAX 8

/// For p ≤ SCALELAB_GRAM_MAX columns d_j of n rows: g_j = Σ psi_i d_j,i and h_jk = Σ c_i d_j,i d_k,i
/// (row-major p×p, both triangles), in one pass over the rows.
void scalelab_gradient_gram(const double *const *d, long p, const double *psi, const double *c, double *g, double *h, long n);

/// The same with psi and c those of `scalelab_huber_weights` for the residuals r and square roots
/// of weights s, worked out row by row in the same pass (same bits as the two calls in turn).
void scalelab_huber_gradient_gram(const double *const *d, long p, const double *residual, const double *s, double delta, int reweighted,
                                  double *g, double *h, long n);

#endif
