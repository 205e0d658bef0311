"""Recursive-descent parser for the rule language (grammar in gaoxin/engine/README.md)."""

from __future__ import annotations

from gaoxin.engine.lang import ast
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.lexer import Token, tokenize


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, message: str, tok: Token | None = None) -> RuleError:
        return RuleError(message, self.source, (tok or self.tok).pos)

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def take(self, kind: str, text: str | None = None) -> Token | None:
        if self.at(kind, text):
            self.i += 1
            return self.tokens[self.i - 1]
        return None

    def expect(self, kind: str, text: str) -> Token:
        tok = self.take(kind, text)
        if tok is None:
            found = self.tok.text or "表达式结尾"
            raise self.error(f"此处应为 “{text}”，实际为 “{found}”")
        return tok

    # -- grammar -----------------------------------------------------------------------------
    def parse(self) -> ast.Node:
        node = self.expr()
        if not self.at("end"):
            raise self.error(f"多余的内容 “{self.tok.text}”")
        return node

    def expr(self) -> ast.Node:
        if tok := self.take("kw", "if"):
            cond = self.expr()
            self.expect("kw", "then")
            then = self.expr()
            self.expect("kw", "else")
            return ast.If(tok.pos, cond, then, self.expr())
        return self.or_()

    def or_(self) -> ast.Node:
        node = self.and_()
        while tok := self.take("kw", "or"):
            node = ast.Bin(tok.pos, "or", node, self.and_())
        return node

    def and_(self) -> ast.Node:
        node = self.not_()
        while tok := self.take("kw", "and"):
            node = ast.Bin(tok.pos, "and", node, self.not_())
        return node

    def not_(self) -> ast.Node:
        if tok := self.take("kw", "not"):
            return ast.Unary(tok.pos, "not", self.not_())
        return self.comparison()

    def comparison(self) -> ast.Node:
        node = self.arith()
        if self.tok.kind == "op" and self.tok.text in ast.COMPARISONS:
            tok = self.take("op")
            node = ast.Bin(tok.pos, tok.text, node, self.arith())
            if self.tok.kind == "op" and self.tok.text in ast.COMPARISONS:
                raise self.error("比较不能连写，请用 and 连接两个比较")
            return node
        if tok := self.take("kw", "is"):
            negate = bool(self.take("kw", "not"))
            self.expect("kw", "null")
            return ast.IsNull(tok.pos, node, negate)
        negate_tok = self.tok if self.at("kw", "not") and self.tokens[self.i + 1].text == "in" else None
        if negate_tok:
            self.i += 1
        if tok := self.take("kw", "in"):
            return ast.In(tok.pos, node, self.list_items(), negate_tok is not None)
        return node

    def list_items(self) -> list[ast.Node]:
        self.expect("op", "[")
        items = []
        while not self.at("op", "]"):
            items.append(self.arith())
            if not self.take("op", ","):
                break
        self.expect("op", "]")
        return items

    def arith(self) -> ast.Node:
        node = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-" and self.tok.text:
            tok = self.take("op")
            node = ast.Bin(tok.pos, tok.text, node, self.term())
        return node

    def term(self) -> ast.Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            tok = self.take("op")
            node = ast.Bin(tok.pos, tok.text, node, self.unary())
        return node

    def unary(self) -> ast.Node:
        if tok := self.take("op", "-"):
            return ast.Unary(tok.pos, "-", self.unary())
        node = self.postfix()
        if tok := self.take("op", "^"):
            return ast.Bin(tok.pos, "^", node, self.unary())
        return node

    def postfix(self) -> ast.Node:
        node = self.primary()
        if isinstance(node, ast.Name) and self.at("op", "["):
            self.take("op")
            base, lo = self.year()
            hi = None
            if self.take("op", ".."):
                base2, hi = self.year()
                if base2 != base or hi < lo:
                    raise self.error("年度区间应写作 y-3..y-1（由早到晚）")
            self.expect("op", "]")
            return ast.YearRef(node.pos, node.name, base, lo, hi)
        if isinstance(node, ast.Name) and self.take("op", "."):
            member = self.take("ident")
            if member is None:
                raise self.error("“.” 后应为评分部分的名称")
            return ast.Member(node.pos, node.name, member.text)
        return node

    def year(self) -> tuple[str, int]:
        tok = self.tok
        if not (tok.kind == "ident" and tok.text in ("y", "t")):
            raise self.error("年度应写作 y、y-1、y-3 等（y 为评价年度）")
        self.i += 1
        offset = 0
        if self.tok.kind == "op" and self.tok.text in "+-" and self.tok.text:
            sign = 1 if self.take("op").text == "+" else -1
            num = self.take("num")
            if num is None or num.unit or num.value.denominator != 1:
                raise self.error("年度偏移应为整数，例如 y-1")
            offset = sign * int(num.value)
        return tok.text, offset

    def primary(self) -> ast.Node:
        tok = self.tok
        if self.take("num"):
            return ast.Num(tok.pos, tok.value, tok.unit)
        if self.take("str"):
            return ast.Str(tok.pos, tok.value)
        if self.take("kw", "true") or self.take("kw", "false"):
            return ast.Bool(tok.pos, tok.text == "true")
        if self.take("op", "("):
            node = self.expr()
            self.expect("op", ")")
            return node
        if self.at("op", "["):
            raise self.error("列表只能用在 in 之后")
        if self.take("ident"):
            if self.at("op", "(") and tok.text not in ("y", "t"):
                return ast.Call(tok.pos, tok.text, self.arguments())
            return ast.Name(tok.pos, tok.text)
        raise self.error(f"此处应为数值、字段或函数，实际为 “{tok.text or '表达式结尾'}”")

    def arguments(self) -> list[ast.Node]:
        self.expect("op", "(")
        args = []
        while not self.at("op", ")"):
            args.append(self.argument())
            if not self.take("op", ","):
                break
        self.expect("op", ")")
        return args

    def argument(self) -> ast.Node:
        if self.at("ident", "y") and self.tokens[self.i + 1].text in ("-", "+", ".."):
            start = self.i
            pos = self.tok.pos
            _, lo = self.year()
            if self.take("op", ".."):
                _, hi = self.year()
                return ast.Span(pos, lo, hi)
            self.i = start
        return self.expr()


def parse(source: str) -> ast.Node:
    """Parse one expression; raises RuleError with the position on a syntax error."""
    return _Parser(str(source)).parse()
