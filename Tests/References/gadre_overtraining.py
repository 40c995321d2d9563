"""Reference for the over-training replication: Gadre et al. 2024's own procedure
(mlfoundations/scaling, scaling/shared.py `fit_ds` and scaling/laws.py), run with numpy and scipy
on Examples/data/gadre2024_overtraining.csv. Trained on RedPajama, C4 validation loss, the
17-task split. Prints the relative errors the paper's notebook prints: 0.7103% and 0.7320% for
the loss of the 1.4B M=640 and 6.9B M=20 runs, 3.6365% and 0.0464% for their average top-1 error."""
import csv
import numpy as np
from scipy.optimize import curve_fit

SUBSET = ["bigbench_operators", "pubmed_qa_labeled", "hellaswag_zeroshot", "boolq", "arc_easy", "coqa",
          "bigbench_dyck_languages", "lambada_openai", "bigbench_novel_concepts", "winograd", "bigbench_cs_algorithms",
          "commonsense_qa", "bigbench_qa_wikidata", "hellaswag", "copa", "squad", "piqa"]
rows = [r for r in csv.DictReader(open('Examples/data/gadre2024_overtraining.csv')) if r['dataset'] == 'rpj']


def error(r):
    return np.mean([1 - float(r[t]) for t in SUBSET])


def law(x, alpha, beta, b, E):  # Gadre et al. eq. (4): L(N, M) = E + a·N^b + b'·6^(b/2)·(M·N)^b (b < 0)
    N, M = x
    return alpha * np.power(N, b) + beta * np.power(6, b / 2) * np.power(M * N, b) + E


small = [10569312, 78914048, 153677376, 411616256]
fit_rows = [r for r in rows if (float(r['N']) in small and float(r['M']) == 20) or (float(r['N']) == small[0] and float(r['M']) == 320)]
X = np.array([[float(r['N']) for r in fit_rows], [float(r['M']) for r in fit_rows]])
Y = np.array([float(r['loss_c4_val']) for r in fit_rows])
best = None
for p0 in [(a, b, c, e) for a in [1e2, 3e2, 1e3, 3e3] for b in [1e2, 3e2, 1e3, 3e3] for c in [-0.1, -0.3] for e in [0, 1, 2, 10]]:
    try:
        popt, _ = curve_fit(law, X, Y, p0=p0, maxfev=10000)
    except RuntimeError:
        continue
    res = np.sqrt(np.sum((Y - law(X, *popt)) ** 2) / (len(Y) - 2))
    if best is None or res < best[0]:
        best = (res, popt)
loss_params = best[1]
err_rows = fit_rows + [r for r in rows if float(r['N']) == 1439795200 and float(r['M']) == 20]
(k, gamma, eps), _ = curve_fit(lambda t, a, b, E: E - a * np.exp(-b * t), [float(r['loss_c4_val']) for r in err_rows],
                               [error(r) for r in err_rows], maxfev=10000)
print('loss law (alpha, beta, b, E):', *map(repr, loss_params))
print('error law (k, gamma, epsilon):', repr(k), repr(gamma), repr(eps))
for r in rows:
    if (float(r['N']), float(r['M'])) in [(1439795200, 640), (6889410560, 20)]:
        L = law((float(r['N']), float(r['M'])), *loss_params)
        e = eps - k * np.exp(-gamma * L)
        print(r['name'], 'loss', repr(L), 'relative error %.4f%%' % (abs(L / float(r['loss_c4_val']) - 1) * 100),
              'top-1 error', repr(e), 'relative error %.4f%%' % (abs(e / error(r) - 1) * 100))
