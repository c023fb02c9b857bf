"""What the cases files share: argument objects that are integers only
through __index__ (as C's converters see them), and a wrapper that records
warnings."""

import warnings


class Index:
    """An integer only through __index__ (which may return anything)."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value

    def __repr__(self):
        return f"Index({self.value!r})"


class BadIndex:
    """__index__ raises `exc`."""

    def __init__(self, exc=ZeroDivisionError):
        self.exc = exc

    def __index__(self):
        raise self.exc("hostile __index__")

    def __repr__(self):
        return "BadIndex()" if self.exc is ZeroDivisionError else f"BadIndex({self.exc.__name__})"


def with_warnings(func, describe=repr):
    """func, made to return its outcome (`describe` of its result, or the
    exception it raised) with the warnings it issued."""
    def run(*args, **kwargs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = describe(func(*args, **kwargs))
            except Exception as exc:  # the exception is the outcome being compared
                result = f"raised {type(exc).__name__}: {exc}"
        return result, [f"{w.category.__name__}: {w.message}" for w in caught]
    run.__name__ = getattr(func, "__name__", "run")
    return run
