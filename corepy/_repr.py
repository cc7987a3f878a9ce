"""NumPy-like text for tensors: ``tensor([1., 2.], dtype=float32)``.

Formatting only: values come from the tensor as Python lists (all of them,
or the edges of each dimension for large tensors).
"""
_EDGE = 3
_THRESHOLD = 1000
_DEFAULT_DTYPES = ("float64", "int64", "bool")


def _fmt_float(x, integral):
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if integral:
        return f"{x:.0f}."
    text = f"{x:.8g}"
    if "e" not in text and "." not in text:
        return text + "."
    if "e" in text:
        mant, exp = text.split("e")
        if "." not in mant:
            mant += "."
        return f"{mant}e{exp}"
    return text


def _leaves(nested, out):
    for v in nested:
        if isinstance(v, list):
            _leaves(v, out)
        elif v is not Ellipsis:
            out.append(v)
    return out


def _formatter(values, dtype_name):
    if dtype_name.startswith("float"):
        finite = [v for v in values if v == v and abs(v) != float("inf")]
        integral = all(float(v).is_integer() and abs(v) < 1e16 for v in finite)
        texts = [_fmt_float(v, integral) for v in values]
        fmt = lambda v: _fmt_float(v, integral)  # noqa: E731
    else:
        texts = [str(v) for v in values]
        fmt = str
    width = max((len(t) for t in texts), default=0)
    return lambda v: "..." if v is Ellipsis else fmt(v).rjust(width)


def _render(nested, fmt, indent, depth, ndim):
    if depth == ndim - 1:
        return "[" + ", ".join(fmt(v) for v in nested) + "]"
    sep = "," + "\n" * (ndim - depth - 1) + " " * (indent + depth + 1)
    parts = ["..." if v is Ellipsis else _render(v, fmt, indent, depth + 1, ndim) for v in nested]
    return "[" + sep.join(parts) + "]"


def _body(t, indent):
    if t.ndim == 0:
        v = t.item()
        return _formatter([v], t.dtype.name)(v).strip()
    if 0 in t.shape:
        return "[]"
    nested = t._edge_list(_EDGE) if t.size > _THRESHOLD else t.tolist()
    fmt = _formatter(_leaves(nested, []), t.dtype.name)
    return _render(nested, fmt, indent, 0, t.ndim)


def tensor_repr(t):
    prefix = "tensor("
    text = prefix + _body(t, len(prefix))
    extras = []
    if t.dtype.name not in _DEFAULT_DTYPES or t.size == 0:
        extras.append(f"dtype={t.dtype.name}")
    if 0 in t.shape and t.ndim > 1:
        extras.append(f"shape={t.shape}")
    if extras:
        text += ", " + ", ".join(extras)
    return text + ")"


def tensor_str(t):
    return _body(t, 0)
