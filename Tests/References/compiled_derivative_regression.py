"""Reference for SimplifierCheckTests.quotientShortcutNearTheEndOfTheRange: the fuzzer's input
decodes to 1/(1/(x/y))/x/x/x/x/x/x = 1/(y*x^5), whose derivative is -5/(y*x^6), at the point
below (the doubles given exactly), evaluated with mpmath at 50 digits."""
import mpmath as mp

mp.mp.dps = 50
x = mp.mpf(-3.1249999925619765)
y = mp.mpf(6.833639853623446e-304)
f = lambda t: 1 / (1 / (t / y)) / t / t / t / t / t / t
print(repr(float(mp.diff(f, x))), repr(float(-5 / (y * x**6))))
