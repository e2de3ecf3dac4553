"""Issue 5's acceptance test: money is integer pence everywhere, never a float.

Four scans, each first shown to catch a float planted in a small synthetic example:

(a) the SQLAlchemy metadata: no Float/REAL/Double/Numeric column anywhere, and every column
    named for pence or an amount is an Integer;
(b) the schema of a real, migrated vault (PRAGMA table_info), and the storage class of the
    money actually written to it;
(c) the type hints of every function, method, property and dataclass of the budget rules,
    services, DTOs and facade methods: no ``float`` or ``Decimal`` anywhere inside them;
(d) the source of those modules: no float literal, no ``float(``/``Decimal(``, no true division
    and no float formatting.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sqlite3
import sys
import textwrap
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    TypeDecorator,
)
from sqlalchemy.types import TypeEngine

import models.entities  # noqa: F401  (registers every table on Base.metadata)
from models import dto
from models.base import Base
from models.dto import AllocationDraft, PurchaseDraft
from models.entities import budget as budget_entities
from models.enums import PaymentMethod, PurchaseCategory, PurchaseStatus
from models.rules import budget_balance, money, purchase_rules
from models.services import budget_policy, budget_reports, facade, purchases
from models.services.facade import Services
from models.store import Store

RULE_MODULES = (money, budget_balance, purchase_rules)
SERVICE_MODULES = (budget_policy, purchases, budget_reports)
BUDGET_SECTION = "# -- The flexible budget"
FACADE_SECTION = "# The flexible budget"
FORBIDDEN = (float, Decimal)
MIGRATION_0005 = Path(budget_entities.__file__).parents[1] / "migrations/versions/0005_budget.py"

# -- (a) The SQLAlchemy metadata ---------------------------------------------------------------


def _storage_type(column_type: TypeEngine[Any]) -> TypeEngine[Any]:
    """What a TypeDecorator really stores."""
    while isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return column_type


def _python_type(column_type: TypeEngine[Any]) -> object:
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def is_money_name(name: str) -> bool:
    lowered = name.lower()
    return "pence" in lowered or "amount" in lowered


def float_columns(metadata: MetaData) -> list[str]:
    """Columns stored as a float or a decimal, as "table.column"."""
    found = []
    for table in metadata.tables.values():
        for column in table.columns:
            stored = _storage_type(column.type)
            python = _python_type(column.type)
            if isinstance(stored, (Float, Numeric)) or python in FORBIDDEN:
                found.append(f"{table.name}.{column.name}")
    return sorted(found)


def money_columns(metadata: MetaData) -> dict[str, TypeEngine[Any]]:
    return {
        f"{table.name}.{column.name}": column.type
        for table in metadata.tables.values()
        for column in table.columns
        if is_money_name(column.name)
    }


def money_columns_not_integer(metadata: MetaData) -> list[str]:
    return sorted(
        name
        for name, column_type in money_columns(metadata).items()
        if not isinstance(_storage_type(column_type), Integer)
    )


class _FloatInDisguise(TypeDecorator[float]):
    impl = Float
    cache_ok = True


def test_the_metadata_scan_catches_planted_floats() -> None:
    planted = MetaData()
    Table(
        "planted",
        planted,
        Column("id", Integer, primary_key=True),
        Column("rate", Float),
        Column("fee", Numeric(10, 2)),
        Column("ratio", Double),
        Column("disguised", _FloatInDisguise()),
        Column("total_amount", String(20)),
        Column("refund_pence", Float),
        Column("amount_pence", BigInteger),
        Column("name", String(20)),
    )
    assert float_columns(planted) == [
        "planted.disguised",
        "planted.fee",
        "planted.rate",
        "planted.ratio",
        "planted.refund_pence",
    ]
    assert money_columns_not_integer(planted) == ["planted.refund_pence", "planted.total_amount"]


def test_no_column_in_the_metadata_is_a_float() -> None:
    assert len(Base.metadata.tables) > 10
    assert float_columns(Base.metadata) == []


def test_every_pence_or_amount_column_is_an_integer() -> None:
    found = money_columns(Base.metadata)
    assert {
        "budget_allocation.amount_pence",
        "purchase.amount_pence",
        "budget_policy.approval_threshold_pence",
    } <= found.keys()
    assert money_columns_not_integer(Base.metadata) == []


# -- (b) The migrated database schema, and the money written to it -----------------------------

# SQLite gives a column REAL affinity when its declared type holds one of these (section 3.1 of
# "Datatypes In SQLite"); NUMERIC and DECIMAL declare fixed-point money.
_FLOAT_DECLARED = re.compile(r"REAL|FLOA|DOUB|NUMERIC|DECIMAL", re.IGNORECASE)


class _Cursor(Protocol):
    def execute(self, sql: str, /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


def schema_columns(cursor: _Cursor) -> Iterator[tuple[str, str, str]]:
    """(table, column, declared type) for every column of every table in the database."""
    tables = [
        row[0]
        for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    for table in tables:
        quoted = table.replace('"', '""')
        for row in cursor.execute(f'PRAGMA table_info("{quoted}")').fetchall():
            yield table, str(row[1]), str(row[2])


def float_declared_columns(columns: Iterable[tuple[str, str, str]]) -> list[str]:
    return sorted(
        f"{t}.{c} {declared}" for t, c, declared in columns if _FLOAT_DECLARED.search(declared)
    )


def money_declared_not_integer(columns: Iterable[tuple[str, str, str]]) -> list[str]:
    """Money columns without INTEGER affinity (a declared type holding "INT")."""
    return sorted(
        f"{t}.{c} {declared}"
        for t, c, declared in columns
        if is_money_name(c) and "INT" not in declared.upper()
    )


def non_integer_money_values(cursor: _Cursor, columns: Iterable[tuple[str, str, str]]) -> list[str]:
    """Money values stored as anything but an integer (SQLite keeps 12.5 as REAL even in an
    INTEGER column), as "table.column: storage class"."""
    found = []
    for table, column, _declared in columns:
        if not is_money_name(column):
            continue
        rows = cursor.execute(
            f'SELECT DISTINCT typeof("{column}") FROM "{table}" '
            f"WHERE typeof(\"{column}\") NOT IN ('integer', 'null')"
        ).fetchall()
        found += [f"{table}.{column}: {row[0]}" for row in rows]
    return sorted(found)


def test_the_schema_scan_catches_planted_floats() -> None:
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(
            """
            CREATE TABLE planted (
                id INTEGER PRIMARY KEY,
                rate REAL,
                ratio DOUBLE PRECISION,
                share FLOAT,
                fee NUMERIC(10, 2),
                charge DECIMAL(8, 2),
                fare_amount VARCHAR(20),
                amount_pence INTEGER,
                price_pence BIGINT,
                name TEXT,
                opened DATE
            );
            INSERT INTO planted (amount_pence, price_pence) VALUES (1250, 12.5);
            """
        )
        cursor = connection.cursor()
        columns = list(schema_columns(cursor))
        assert float_declared_columns(columns) == [
            "planted.charge DECIMAL(8, 2)",
            "planted.fee NUMERIC(10, 2)",
            "planted.rate REAL",
            "planted.ratio DOUBLE PRECISION",
            "planted.share FLOAT",
        ]
        assert money_declared_not_integer(columns) == ["planted.fare_amount VARCHAR(20)"]
        assert non_integer_money_values(cursor, columns) == ["planted.price_pence: real"]
    finally:
        connection.close()


def _record_some_money(services: Services) -> None:
    services.set_approval_threshold(150_00)
    allocation = services.save_allocation(
        AllocationDraft("Programme 2026/27", date(2026, 4, 1), date(2027, 3, 31), 1234_56)
    )
    for pence in (1, 12_50, 99_99):
        services.record_purchase(
            PurchaseDraft(
                purchased_on=date(2026, 11, 20),
                category=PurchaseCategory.TRAVEL,
                amount_pence=pence,
                payment_method=PaymentMethod.CASH,
                status=PurchaseStatus.PAID,
                purpose="Bus fares to the solicitor",
                allocation_id=allocation.id,
            )
        )


def test_the_migrated_vault_declares_no_float_and_stores_money_as_integers(
    store: Store, services: Services
) -> None:
    _record_some_money(services)
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        columns = list(schema_columns(cursor))
        names = {f"{t}.{c}" for t, c, _ in columns}
        assert {"purchase.amount_pence", "budget_allocation.amount_pence"} <= names
        assert float_declared_columns(columns) == []
        assert money_declared_not_integer(columns) == []
        assert non_integer_money_values(cursor, columns) == []
        stored = cursor.execute("SELECT amount_pence FROM purchase ORDER BY id").fetchall()
        assert [row[0] for row in stored] == [1, 12_50, 99_99]
    finally:
        raw.close()


# -- (c) Type hints ----------------------------------------------------------------------------


def forbidden_in_hint(hint: object, seen: set[type]) -> bool:
    """Whether ``float`` or ``Decimal`` appears anywhere in ``hint``: inside unions, tuples,
    dicts, callables, TypeVar bounds, NewTypes and the fields of dataclasses it names."""
    if isinstance(hint, type):
        if issubclass(hint, FORBIDDEN):
            return True
        if dataclasses.is_dataclass(hint) and hint not in seen:
            seen.add(hint)
            return any(forbidden_in_hint(h, seen) for h in typing.get_type_hints(hint).values())
        return False
    if isinstance(hint, FORBIDDEN):  # a Literal[1.5] value
        return True
    if isinstance(hint, typing.TypeVar):
        bound = [] if hint.__bound__ is None else [hint.__bound__]
        return any(forbidden_in_hint(h, seen) for h in [*bound, *hint.__constraints__])
    supertype = getattr(hint, "__supertype__", None)  # NewType
    if supertype is not None:
        return forbidden_in_hint(supertype, seen)
    return any(
        forbidden_in_hint(arg, seen)
        for arg in typing.get_args(hint)
        if arg is not Ellipsis and not isinstance(arg, list)
    ) or any(
        forbidden_in_hint(arg, seen)
        for group in typing.get_args(hint)
        if isinstance(group, list)  # Callable[[float], int]
        for arg in group
    )


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(function)


def float_hints(subject: object, label: str) -> list[str]:
    """Every place a function's or a class's type hints (fields, methods, properties, enum
    values) mention a float or a Decimal, as "label.name"."""
    found: list[str] = []
    if inspect.isfunction(subject):
        for name, hint in _hints(subject).items():
            if forbidden_in_hint(hint, set()):
                found.append(f"{label}({name})")
        return found
    assert isinstance(subject, type)
    for name, hint in typing.get_type_hints(subject).items():
        if forbidden_in_hint(hint, set()):
            found.append(f"{label}.{name}")
    for name, member in vars(subject).items():
        if dataclasses.is_dataclass(subject) and name.startswith("__"):
            continue  # generated from the fields, which are scanned above
        function = member
        if isinstance(member, property):
            function = member.fget
        elif isinstance(member, (staticmethod, classmethod)):
            function = member.__func__
        if inspect.isfunction(function):
            found += float_hints(function, f"{label}.{name}")
        elif isinstance(member, FORBIDDEN) or isinstance(getattr(member, "value", None), FORBIDDEN):
            found.append(f"{label}.{name} = {member!r}")
    return found


def defined_in(module: types.ModuleType) -> Iterator[tuple[str, object]]:
    for name, value in vars(module).items():
        if (inspect.isfunction(value) or inspect.isclass(value)) and (
            value.__module__ == module.__name__
        ):
            yield name, value


def module_float_hints(module: types.ModuleType) -> list[str]:
    """Float or Decimal in the hints of any function or class the module defines (public and
    private alike), or as the value of any of its globals."""
    found: list[str] = []
    for name, value in defined_in(module):
        found += float_hints(value, f"{module.__name__}.{name}")
    found += [
        f"{module.__name__}.{name} = {value!r}"
        for name, value in vars(module).items()
        if isinstance(value, FORBIDDEN)
    ]
    return sorted(found)


PLANTED = """
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Literal, NewType, TypeVar

Money = NewType("Money", float)
RATE = 0.2
Share = TypeVar("Share", bound=float)


def clean(pence: int, name: str = "") -> tuple[int, ...]:
    return (pence,)


def takes_float(amount: float) -> int:
    return int(amount)


def returns_optional_float(pence: int) -> float | None:
    return pence / 100


def nested_decimal(rows: tuple[tuple[str, Decimal], ...]) -> None:
    return None


def calls_back(convert: Callable[[float], int]) -> None:
    return None


def literal(kind: Literal[1.5, 2]) -> None:
    return None


def new_type(money: Money) -> None:
    return None


def bounded(share: Share) -> Share:
    return share


@dataclass(frozen=True)
class Line:
    total: float
    pence: int


@dataclass(frozen=True)
class CleanLine:
    pence: int


@dataclass(frozen=True)
class Sheet:
    lines: tuple[Line, ...]
    clean: tuple[CleanLine, ...]


class WithMembers:
    @property
    def share(self) -> float:
        return 0.5

    @staticmethod
    def halve(pence: int) -> Decimal:
        return Decimal(pence) / 2

    def fine(self, pence: int) -> int:
        return pence


class Rate(Enum):
    LOW = 0.1
    NONE = 0
"""


def load_planted(monkeypatch: pytest.MonkeyPatch, source: str) -> types.ModuleType:
    module = types.ModuleType("planted_money")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses look it up
    exec(compile(source, "planted_money.py", "exec"), module.__dict__)
    return module


def test_the_type_hint_scan_catches_planted_floats(monkeypatch: pytest.MonkeyPatch) -> None:
    planted = load_planted(monkeypatch, PLANTED)
    found = [name.removeprefix("planted_money.") for name in module_float_hints(planted)]
    assert found == sorted(
        [
            "RATE = 0.2",
            "Line.total",
            "Rate.LOW = <Rate.LOW: 0.1>",
            "Sheet.lines",
            "WithMembers.halve(return)",
            "WithMembers.share(return)",
            "bounded(return)",
            "bounded(share)",
            "calls_back(convert)",
            "literal(kind)",
            "nested_decimal(rows)",
            "new_type(money)",
            "returns_optional_float(return)",
            "takes_float(amount)",
        ]
    )


def _section_start(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [number for number, text in enumerate(lines, 1) if text.strip().startswith(marker)]
    return line


def budget_dto_classes() -> list[type]:
    """The classes of models/dto.py's flexible budget section."""
    start = _section_start(Path(dto.__file__), BUDGET_SECTION)
    return [
        value
        for _name, value in defined_in(dto)
        if isinstance(value, type) and inspect.getsourcelines(value)[1] > start
    ]


def budget_facade_methods() -> list[Callable[..., Any]]:
    start = _section_start(Path(facade.__file__), FACADE_SECTION)
    return [
        member
        for member in vars(Services).values()
        if inspect.isfunction(member) and member.__code__.co_firstlineno > start
    ]


def test_the_budget_sections_are_found() -> None:
    names = {cls.__name__ for cls in budget_dto_classes()}
    assert {
        "AllocationDraft",
        "AllocationDTO",
        "AllocationBalanceDTO",
        "PurchaseDraft",
        "PurchaseDTO",
        "PurchaseRow",
        "PurchaseQuery",
        "SpendDTO",
        "BudgetOverviewDTO",
        "StatementDTO",
    } <= names
    assert "CaseDetail" not in names
    methods = {method.__name__ for method in budget_facade_methods()}
    assert {"record_purchase", "purchase_total", "budget_statement", "add_receipt"} <= methods
    assert "create_case" not in methods


@pytest.mark.parametrize(
    "module", [*RULE_MODULES, *SERVICE_MODULES], ids=lambda m: m.__name__.rsplit(".", 1)[1]
)
def test_no_float_in_the_type_hints_of_the_budget_modules(module: types.ModuleType) -> None:
    assert any(inspect.isfunction(value) for _name, value in defined_in(module))
    assert module_float_hints(module) == []


def test_no_float_in_the_budget_dtos() -> None:
    found = [
        leak for cls in budget_dto_classes() for leak in float_hints(cls, f"dto.{cls.__name__}")
    ]
    assert found == []


def test_no_float_in_the_budget_methods_of_the_facade() -> None:
    found = [
        leak
        for method in budget_facade_methods()
        for leak in float_hints(method, f"Services.{method.__name__}")
    ]
    assert found == []


# -- (d) The source --------------------------------------------------------------------------

_FLOAT_FORMAT = re.compile(r"[eEfFgG%]$")
_OLD_STYLE_FLOAT = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[eEfFgG]")
_NEW_STYLE_FLOAT = re.compile(r"\{[^{}]*:[^{}]*[eEfFgG%]\}")


def _format_spec_text(spec: ast.expr | None) -> str:
    if not isinstance(spec, ast.JoinedStr):
        return ""
    return "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))


def float_syntax(tree: ast.AST) -> list[str]:
    """Where source code makes or formats a float, as "line N: what"."""
    found: list[str] = []

    def note(node: ast.AST, what: str) -> None:
        found.append(f"line {getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (float, complex)):
            note(node, f"float literal {node.value!r}")
        elif isinstance(node, ast.Call):
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            if name in ("float", "Decimal", "Fraction"):
                note(node, f"call to {name}(")
            if (
                name == "format"
                and isinstance(called, ast.Attribute)
                and isinstance(called.value, ast.Constant)
                and _NEW_STYLE_FLOAT.search(str(called.value.value))
            ):
                note(node, "float format in str.format")
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.Div):
            note(node, "true division /")
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and _OLD_STYLE_FLOAT.search(str(node.left.value))
        ):
            note(node, "float format with %")
        elif isinstance(node, ast.FormattedValue) and _FLOAT_FORMAT.search(
            _format_spec_text(node.format_spec)
        ):
            note(node, f"float format :{_format_spec_text(node.format_spec)}")
        elif isinstance(node, ast.Import) and any(
            alias.name in ("decimal", "fractions") for alias in node.names
        ):
            note(node, "import of decimal/fractions")
        elif isinstance(node, ast.ImportFrom) and node.module in ("decimal", "fractions"):
            note(node, f"import from {node.module}")
    return sorted(found, key=lambda text: int(text.split(":")[0].split()[1]))


PLANTED_SOURCE = textwrap.dedent(
    """\
    import decimal
    from fractions import Fraction
    RATE = 0.2
    def a(pence): return float(pence)
    def b(pence): return pence / 100
    def c(pence): return f"£{pence:.2f}"
    def d(pence): return "%.2f" % pence
    def e(pence): return "{:,.2f}".format(pence)
    def f(pence): return decimal.Decimal(pence)
    def g(pence):
        pence /= 2
        return pence
    def h(pence): return f"{pence:.0%}"
    HUGE = 1e3
    def clean(pence): return f"£{pence // 100:,}.{pence % 100:02d} {pence:>8} 100% fine" % ()
    """
)


def test_the_source_scan_catches_planted_floats(monkeypatch: pytest.MonkeyPatch) -> None:
    found = float_syntax(ast.parse(PLANTED_SOURCE))
    assert found == [
        "line 1: import of decimal/fractions",
        "line 2: import from fractions",
        "line 3: float literal 0.2",
        "line 4: call to float(",
        "line 5: true division /",
        "line 6: float format :.2f",
        "line 7: float format with %",
        "line 8: float format in str.format",
        "line 9: call to Decimal(",
        "line 11: true division /",
        "line 13: float format :.0%",
        "line 14: float literal 1000.0",
    ]
    # The type-hint example holds floats the source scan must see too.
    planted_hints = float_syntax(ast.parse(PLANTED))
    assert "call to Decimal(" in " ".join(planted_hints)
    assert "float literal 0.5" in " ".join(planted_hints)


def _tree(module: types.ModuleType | Path) -> ast.Module:
    path = module if isinstance(module, Path) else Path(str(module.__file__))
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "source",
    [Path(str(m.__file__)) for m in (*RULE_MODULES, *SERVICE_MODULES, budget_entities)]
    + [MIGRATION_0005],
    ids=lambda path: path.stem,
)
def test_no_float_in_the_source_of_the_budget_modules(source: Path) -> None:
    assert source.is_file()
    assert float_syntax(_tree(source)) == []


def test_no_float_in_the_source_of_the_budget_dtos_and_facade_methods() -> None:
    dto_start = _section_start(Path(dto.__file__), BUDGET_SECTION)
    dto_nodes = [
        node
        for node in _tree(dto).body
        if isinstance(node, ast.ClassDef) and node.lineno > dto_start
    ]
    assert len(dto_nodes) >= 10
    facade_start = _section_start(Path(facade.__file__), FACADE_SECTION)
    (services_class,) = [
        node
        for node in _tree(facade).body
        if isinstance(node, ast.ClassDef) and node.name == "Services"
    ]
    facade_nodes = [
        node
        for node in services_class.body
        if isinstance(node, ast.FunctionDef) and node.lineno > facade_start
    ]
    assert len(facade_nodes) >= 10
    found = [leak for node in [*dto_nodes, *facade_nodes] for leak in float_syntax(node)]
    assert found == []
