"""AST nodes. Every node keeps the character offset it starts at; the checker fills in ``ty``."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(eq=False)
class Node:
    pos: int
    ty: object = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class Num(Node):
    value: Fraction
    unit: str | None  # money / ratio / usd100m, or None for a bare number


@dataclass(eq=False)
class Str(Node):
    value: str


@dataclass(eq=False)
class Bool(Node):
    value: bool


@dataclass(eq=False)
class Name(Node):
    name: str


@dataclass(eq=False)
class YearRef(Node):
    """``field[y-1]`` (hi is None) or ``field[y-3..y-1]``; base is 'y' or 't' (inside derived fields)."""

    name: str
    base: str
    lo: int
    hi: int | None = None


@dataclass(eq=False)
class Member(Node):
    """``score.part``."""

    name: str
    member: str


@dataclass(eq=False)
class Span(Node):
    """A bare year range as a function argument: ``operating_years(y-3..y-1)``."""

    lo: int
    hi: int


@dataclass(eq=False)
class Call(Node):
    fn: str
    args: list[Node]


@dataclass(eq=False)
class Unary(Node):
    op: str  # '-' or 'not'
    operand: Node


@dataclass(eq=False)
class Bin(Node):
    op: str  # + - * / ^ and or == != >= <= > <
    left: Node
    right: Node


@dataclass(eq=False)
class IsNull(Node):
    operand: Node
    negate: bool


@dataclass(eq=False)
class In(Node):
    operand: Node
    items: list[Node]
    negate: bool


@dataclass(eq=False)
class If(Node):
    cond: Node
    then: Node
    other: Node


COMPARISONS = {"==", "!=", ">=", "<=", ">", "<"}
