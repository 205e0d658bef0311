"""The rule language: tokenizer → recursive-descent parser → typed AST → exact Polars expressions.

Grammar and semantics are documented in gaoxin/engine/README.md.
"""

from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.parser import parse

__all__ = ["RuleError", "parse"]
