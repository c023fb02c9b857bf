"""Argument objects the cases files share: integers only through __index__,
as C's converters see them."""


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
