#!/usr/bin/env python3
"""Derives every constant in csrc/kernels/math_functions.h.

    python3 tools/fit_math_coefficients.py            # print the C++ constants
    python3 tools/fit_math_coefficients.py --rmin     # also the trig reduction worst cases

Needs mpmath (and nothing else). Everything is computed here from first
principles: the polynomials are weighted minimax fits found with a discrete
Remez exchange on a dense Chebyshev grid in 60-digit arithmetic; their
coefficients are then rounded to the working precision one at a time, each
rounding followed by a refit of the higher coefficients (this recovers most of
the accuracy that plain rounding loses, which matters for float32). The split
constants (ln2 = hi + lo with a short hi, and so on) are cut here too.

The fitted forms (r, s, z as in the header):
  EXP   exp(r)   = 1 + r + r^2 Q(r),    expm1(r) = r + r^2 Q(r),   |r| <= ln2/2
        (one Q serves both; weighted by r^2/|expm1 r|, i.e. relative to expm1)
  LOG   log(1+f) = f - s (f - z P(z)),  s = f/(2+f), z = s^2, |s| <= 3-2*sqrt(2)
        (weighted relative to log(1+f))
  SIN   sin(r)   = r + r z S(z),        z = r^2, |r| <= pi/4
  COS   cos(r)   = 1 - z/2 + z^2 C(z)   (both weighted relative to the function)
  TANH  tanh(x)  = x + x z T(z),        z = x^2, |x| <= 0.875 (f32 only)
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 60


# --------------------------------------------------------------------------
# Rounding to the working precision
# --------------------------------------------------------------------------
def to_f64(x):
    return float(mp.mpf(x))  # mpmath rounds to nearest


def to_f32(x):
    # Round from the mp value directly (no double rounding through float64).
    x = mp.mpf(x)
    if x == 0:
        return 0.0
    m, e = mp.frexp(x)  # x = m * 2^e, 0.5 <= |m| < 1
    scaled = mp.nint(m * 2**24)  # 24 significant bits, ties to even
    return float(mp.ldexp(scaled, e - 24))


def round_bits(x, bits):
    """x rounded to `bits` significant bits (for the short 'hi' halves)."""
    x = mp.mpf(x)
    m, e = mp.frexp(x)
    return float(mp.ldexp(mp.nint(m * 2**bits), e - bits))


def _trim(h):
    # 0x1.5554b60000000p-3 -> 0x1.5554b6p-3
    m, e = h.split("p")
    if "." in m:
        m = m.rstrip("0").rstrip(".")
    return m + "p" + e


def f32_hex(v):
    # A float32 value as a C hex literal with the f suffix.
    assert struct.unpack("f", struct.pack("f", v))[0] == v, v
    return _trim(float(v).hex()) + "f"


def f64_hex(v):
    return _trim(float(v).hex())


# --------------------------------------------------------------------------
# Discrete weighted Remez exchange
# --------------------------------------------------------------------------
def cheb_grid(a, b, n):
    return [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (2 * k + 1) / (2 * n)) for k in range(n)][::-1]


def peval(c, t):
    acc = mp.mpf(0)
    for ck in reversed(c):
        acc = acc * t + ck
    return acc


def remez(ts, fs, ws, deg, iters=60):
    """Minimises max_i |ws[i] * (fs[i] - p(ts[i]))| over polynomials p of degree deg.
    ts ascending. Returns (coefficients, max weighted error)."""
    n = len(ts)
    m = deg + 2
    ref = [int(round(i * (n - 1) / (m - 1))) for i in range(m)]
    best = None
    for _ in range(iters):
        # Solve p(t_i) + (-1)^i E / w_i = f_i.
        A = mp.matrix(m, m)
        rhs = mp.matrix(m, 1)
        for row, i in enumerate(ref):
            for k in range(deg + 1):
                A[row, k] = ts[i] ** k
            A[row, deg + 1] = (-1) ** row / ws[i]
            rhs[row] = fs[i]
        sol = mp.lu_solve(A, rhs)
        c = [sol[k] for k in range(deg + 1)]
        E = abs(sol[deg + 1])
        err = [ws[i] * (fs[i] - peval(c, ts[i])) for i in range(n)]
        emax = max(abs(e) for e in err)
        if best is None or emax < best[1]:
            best = (c, emax)
        if emax <= E * (1 + mp.mpf("1e-9")):
            break
        # New reference: local extrema, one per sign run, then trim to m.
        ext = []
        for i in range(n):
            left = err[i - 1] if i > 0 else None
            right = err[i + 1] if i < n - 1 else None
            e = err[i]
            if (left is None or abs(e) >= abs(left)) and (right is None or abs(e) >= abs(right)):
                ext.append(i)
        runs = []
        for i in ext:
            if runs and (err[runs[-1]] > 0) == (err[i] > 0):
                if abs(err[i]) > abs(err[runs[-1]]):
                    runs[-1] = i
            else:
                runs.append(i)
        while len(runs) > m:
            if abs(err[runs[0]]) < abs(err[runs[-1]]):
                runs.pop(0)
            else:
                runs.pop()
        if len(runs) < m:
            break  # degenerate; keep the best so far
        ref = runs
    return best


def fit_rounded(func, weight, a, b, deg, rounder, npts=1500, exclude_zero=True):
    """Minimax fit of func on [a, b] with the given weight, then coefficient by
    coefficient rounding with a refit of the rest. Returns (coeffs, err_exact, err_rounded)."""
    ts = [t for t in cheb_grid(mp.mpf(a), mp.mpf(b), npts) if not (exclude_zero and t == 0)]
    fs = [func(t) for t in ts]
    ws = [weight(t) for t in ts]
    c_exact, e_exact = remez(ts, fs, ws, deg)
    fixed = []
    for j in range(deg + 1):
        # Fit the remaining coefficients j..deg of (f - fixed)/t^j, weight w |t|^j.
        if j == 0:
            cj = c_exact
        else:
            g = [(fs[i] - peval(fixed, ts[i])) / ts[i] ** j for i in range(len(ts))]
            wj = [ws[i] * abs(ts[i]) ** j for i in range(len(ts))]
            cj, _ = remez(ts, g, wj, deg - j)
        fixed.append(mp.mpf(rounder(cj[0])))
    e_round = max(abs(ws[i] * (fs[i] - peval(fixed, ts[i]))) for i in range(len(ts)))
    return [float(c) for c in fixed], e_exact, e_round


# --------------------------------------------------------------------------
# The target functions (removable singularities handled by mp precision)
# --------------------------------------------------------------------------
def exp_q(r):
    return (mp.expm1(r) - r) / (r * r)


def exp_w(r):
    return r * r / abs(mp.expm1(r))


def log_p(z):
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) / s - 2) / z


def log_w(z):
    s = mp.sqrt(z)
    return s * z / (2 * mp.atanh(s))


def sin_s(z):
    r = mp.sqrt(z)
    return (mp.sin(r) - r) / (r * z)


def sin_w(z):
    r = mp.sqrt(z)
    return r * z / mp.sin(r)


def cos_c(z):
    r = mp.sqrt(z)
    return (mp.cos(r) - 1 + z / 2) / (z * z)


def cos_w(z):
    r = mp.sqrt(z)
    return z * z / mp.cos(r)


def tanh_t(z):
    r = mp.sqrt(z)
    return (mp.tanh(r) - r) / (r * z)


def tanh_w(z):
    r = mp.sqrt(z)
    return r * z / mp.tanh(r)


def log2_(x):
    return mp.log(x) / mp.log(2)


# --------------------------------------------------------------------------
# Trig reduction worst cases: a lower bound on min |x - k pi/2| over the
# floating-point x in [2^e, 2^(e+1)), via the continued fraction of
# beta = (pi/2) / ulp: min over k <= K of ||k beta|| is reached at a
# convergent denominator (best approximations of the second kind).
# --------------------------------------------------------------------------
def trig_rmin(prec, emax):
    with mp.workdps(400):
        worst = None
        for e in range(0, emax):
            ulp = mp.mpf(2) ** (e - prec + 1)
            beta = (mp.pi / 2) / ulp  # x = m ulp; want min |m - k beta|
            K = int(mp.floor(mp.mpf(2) ** (e + 1) / (mp.pi / 2))) + 1
            # continued fraction convergents of beta
            a = beta
            p0, q0, p1, q1 = 1, 0, int(mp.floor(a)), 1
            frac = a - mp.floor(a)
            best = mp.inf
            while q1 <= K:
                d = abs(q1 * beta - p1)
                best = min(best, d)
                if frac == 0:
                    break
                a = 1 / frac
                ai = int(mp.floor(a))
                frac = a - ai
                p0, q0, p1, q1 = p1, q1, ai * p1 + p0, ai * q1 + q0
            r = best * ulp
            if worst is None or r < worst[0]:
                worst = (r, e)
        return worst


def main():
    out = []

    def emit(line=""):
        out.append(line)

    # ---- split constants -------------------------------------------------
    ln2 = mp.log(2)
    emit("// ---- split constants ----")
    # f64: |n| <= 1076 (11 bits) -> hi with 42 bits; f32: |n| <= 152 (8 bits) -> 16 bits
    for name, bits_hi, rnd, fmt in (("f64", 42, to_f64, f64_hex), ("f32", 16, to_f32, f32_hex)):
        hi = round_bits(ln2, bits_hi)
        lo = rnd(ln2 - hi)
        emit(f"{name} ln2_hi = {fmt(hi)}  ln2_lo = {fmt(lo)}  log2e = {fmt(rnd(1 / ln2))}")
        # log2/log10: the 'hi' part of log(1+f) keeps 21 (f64) / 12 (f32) bits
        hbits = 21 if name == "f64" else 12
        pbits = 53 if name == "f64" else 24
        iv2 = 1 / ln2
        iv10 = 1 / mp.log(10)
        iv2hi = round_bits(iv2, pbits - hbits)
        iv10hi = round_bits(iv10, pbits - hbits)
        l102 = mp.log10(2)
        l102hi = round_bits(l102, bits_hi)
        emit(f"{name} ivln2_hi = {fmt(iv2hi)} ivln2_lo = {fmt(rnd(iv2 - iv2hi))}")
        emit(f"{name} ivln10_hi = {fmt(iv10hi)} ivln10_lo = {fmt(rnd(iv10 - iv10hi))}")
        emit(f"{name} log10_2_hi = {fmt(l102hi)} log10_2_lo = {fmt(rnd(l102 - l102hi))}")
    # pi/2 in parts whose products with n are exact. f64: |n| < 2^29 -> four
    # 24-bit parts and a double; f32 (reduced in double): |n| < 2^23 -> one
    # 30-bit part and a double. See --rmin for why that is enough.
    pio2 = mp.pi / 2
    parts = []
    rem = pio2
    for _ in range(4):
        p = round_bits(rem, 24)
        parts.append(p)
        rem -= p
    parts.append(to_f64(rem))
    emit("pio2 f64 parts (24,24,24,24,53 bits): " + ", ".join(f64_hex(p) for p in parts))
    c1 = round_bits(pio2, 30)
    emit("pio2 f32-path parts (30,53 bits): " + f64_hex(c1) + ", " + f64_hex(to_f64(pio2 - c1)))
    emit(f"2/pi = {f64_hex(to_f64(2 / mp.pi))}")
    emit("sqrt(1/2) cut: f64 bits of " + f64_hex(to_f64(mp.sqrt(0.5))) + "  f32 " + f32_hex(to_f32(mp.sqrt(0.5))))
    emit()

    # ---- polynomials ------------------------------------------------------
    L = ln2 / 2 * mp.mpf("1.002")
    smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1) * mp.mpf("1.001")
    zl = smax * smax
    q4 = (mp.pi / 4 * mp.mpf("1.001")) ** 2

    jobs = [
        # name, func, weight, a, b, deg, rounder, fmt
        ("EXP_Q f32", exp_q, exp_w, -L, L, 5, to_f32, f32_hex),
        ("EXP_Q f64", exp_q, exp_w, -L, L, 10, to_f64, f64_hex),
        ("LOG_P f32", log_p, log_w, 0, zl, 2, to_f32, f32_hex),
        ("LOG_P f64", log_p, log_w, 0, zl, 6, to_f64, f64_hex),
        ("SIN_S f64", sin_s, sin_w, 0, q4, 6, to_f64, f64_hex),
        ("COS_C f64", cos_c, cos_w, 0, q4, 5, to_f64, f64_hex),
        ("TANH_T f32", tanh_t, tanh_w, 0, mp.mpf("0.875") ** 2 * mp.mpf("1.001"), 6, to_f32, f32_hex),
        ("SIN_S f32 (evaluated in double)", sin_s, sin_w, 0, q4, 3, to_f64, f64_hex),
        ("COS_C f32 (evaluated in double)", cos_c, cos_w, 0, q4, 3, to_f64, f64_hex),
    ]
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name, f, w, a, b, deg, rnd, fmt in jobs:
        if only and not any(o in name for o in only):
            continue
        c, e0, e1 = fit_rounded(f, w, a, b, deg, rnd)
        emit(f"// {name}: degree {deg}, weighted error {float(log2_(e0)):.2f} (exact coeffs), "
             f"{float(log2_(e1)):.2f} (rounded) [log2]")
        emit("  {" + ", ".join(fmt(v) for v in c) + "}")
    print("\n".join(out))

    if "--rmin" in sys.argv:
        # The fast-path bounds in math_functions.h: f32 |x| <= 2^23, f64 |x| <= 2^29.
        for prec, emax, label in ((24, 23, "f32"), (53, 29, "f64")):
            r, e = trig_rmin(prec, emax)
            print(f"{label}: min |x mod pi/2| over |x| < 2^{emax} is >= {mp.nstr(r, 5)} = 2^{float(log2_(r)):.1f} "
                  f"(binade 2^{e})")


if __name__ == "__main__":
    main()
