"""The layers of docs/dev/architecture.md, checked by reading every module's imports (no module is executed).

domain → store / hubrise → services → ui, with app.py (and the command line) the only place that knows every
layer; config.py (plain settings) sits on domain and hubrise, and wiring.py (the composition root's Qt-free half)
on everything but the UI. Every module of the package has a layer, the top package's own modules included. The
sandbox is a program beside the till: the till's modules import it only lazily, inside the demo and `sandbox`
command paths. A failure names the module and the import that breaks the rule.
"""
from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "kezia_desk"

# What each layer may import from the package (besides itself).
ALLOWED = {
    "domain": set(),
    "store": {"domain"},
    "hubrise": {"domain"},
    "printers": {"domain"},
    "sandbox": {"domain", "hubrise"},
    "services": {"domain", "store", "hubrise", "printers"},
    "ui": {"domain", "services", "config"},
    "config": {"domain", "hubrise"},
    "wiring": {"domain", "store", "hubrise", "printers", "services", "config"},
    "display": set(),  # whether there is a screen, asked before Qt is loaded
}
# Modules that may import every layer: the composition root and the command line.
TOP = {"app", "__main__", "cli_fiscal", "cli_sellers"}  # cli_*: the fiscal commands, add-seller
QT = {"PySide6", "qasync"}
# Third-party modules a layer must never import.
FORBIDDEN_THIRD_PARTY = {
    "domain": {"PySide6", "qasync", "httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "store": {"PySide6", "qasync", "httpx", "starlette", "uvicorn"},
    "hubrise": {"PySide6", "qasync", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "printers": {"PySide6", "qasync", "httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "services": {"PySide6", "qasync", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "ui": {"httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "config": QT | {"httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "wiring": QT | {"starlette", "uvicorn"},
    "display": QT | {"httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
}
# Top-level modules allowed to reach the sandbox, and only from inside a function (lazily).
LAZY_SANDBOX_USERS = {"kezia_desk.app", "kezia_desk.__main__"}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    lazy: bool  # inside a function: executed only when that path runs
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse_module(path: Path) -> ast.Module:
    """The module's syntax tree. CPython 3.11.7's AST converter is sometimes left with a wrong recursion counter
    during a long test run (the trigger was not pinned down; later CPython releases fixed such a miscount), and
    every later `ast.parse` in the process raises « SystemError: AST constructor recursion depth mismatch ». The
    tree is then parsed by a fresh interpreter and handed back pickled (AST nodes pickle by their fields)."""
    source = path.read_text(encoding="utf-8")
    try:
        return ast.parse(source)
    except SystemError:
        code = "import ast, pickle, sys; sys.stdout.buffer.write(pickle.dumps(ast.parse(sys.stdin.read())))"
        result = subprocess.run([sys.executable, "-c", code], input=source.encode("utf-8"), capture_output=True,
                                check=True)
        tree = pickle.loads(result.stdout)
        assert isinstance(tree, ast.Module)
        return tree


def imports_of(path: Path) -> list[Import]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = parse_module(path)
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            child_lazy = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, child_lazy, True)
                continue
            if type_checking:
                pass  # annotations only: never executed
            elif isinstance(child, ast.Import):
                found.extend(Import(name, alias.name, lazy, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                # Each name, as a submodule of the target: `from kezia_desk import store` imports the store layer
                # (a name that is not a module only adds a harmless last part).
                found.extend(Import(name, f"{target}.{alias.name}", lazy, child.lineno) for alias in child.names)
            visit(child, child_lazy, type_checking)

    visit(tree, False, False)
    return found


def all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE_ROOT.rglob("*.py")) for imp in imports_of(path)]


def layer_of(module: str) -> str | None:
    """The layer of a module of the package: its sub-package or top-level module (kezia_desk itself: "__init__")."""
    parts = module.split(".")
    if parts[0] != "kezia_desk":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def test_each_layer_imports_only_the_layers_below_it() -> None:
    broken = []
    for imp in all_imports():
        layer, target_layer = layer_of(imp.importer), layer_of(imp.target)
        if layer not in ALLOWED or target_layer is None or target_layer == layer:
            continue
        if target_layer not in ALLOWED[layer]:
            broken.append(f"{imp.importer}:{imp.line} imports {imp.target}")
    assert broken == []


def test_every_module_of_the_package_has_a_layer() -> None:
    """A new top-level module or sub-package is first placed in the layers (here and in docs/dev/architecture.md)."""
    known = set(ALLOWED) | TOP | {"__init__"}
    assert sorted({layer_of(module_name(path)) for path in PACKAGE_ROOT.rglob("*.py")} - known) == []


def test_the_top_package_exports_nothing() -> None:
    """kezia_desk/__init__.py imports none of its modules, so `import kezia_desk` never drags a layer in behind
    the rules."""
    assert [imp for imp in imports_of(PACKAGE_ROOT / "__init__.py") if layer_of(imp.target)] == []


def test_no_forbidden_library_in_a_layer() -> None:
    broken = []
    for imp in all_imports():
        layer = layer_of(imp.importer)
        top = imp.target.split(".")[0]
        if (layer, top, imp.lazy) == ("config", "PySide6", True):
            continue  # default_data_dir() asks Qt for the platform's folder, only when the command line needs it
        if top in FORBIDDEN_THIRD_PARTY.get(layer or "", set()):
            broken.append(f"{imp.importer}:{imp.line} imports {imp.target}")
    assert broken == []


def test_the_till_never_imports_the_sandbox_except_lazily_for_the_demo() -> None:
    broken = []
    for imp in all_imports():
        if layer_of(imp.target) != "sandbox" or layer_of(imp.importer) == "sandbox":
            continue
        if not (imp.lazy and imp.importer in LAZY_SANDBOX_USERS):
            broken.append(f"{imp.importer}:{imp.line} imports {imp.target}")
    assert broken == []


def test_no_import_cycle_between_modules() -> None:
    """Module-level imports only (a lazy import inside a function cannot loop at import time)."""
    modules = {module_name(path) for path in PACKAGE_ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for imp in all_imports():
        if imp.lazy:
            continue
        target = imp.target
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != imp.importer and not imp.importer.startswith(target + "."):
            graph[imp.importer].add(target)
    cycles = strongly_connected_cycles(graph)
    assert cycles == []


def strongly_connected_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: every group of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


def test_the_rules_catch_what_they_forbid(tmp_path: Path) -> None:
    """The checker itself: a services module importing sqlite3 and a ui module importing a store are seen."""
    fake = tmp_path / "kezia_desk" / "services"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("import sqlite3\nfrom ..store.orders import OrderStore\n"
                                 "from kezia_desk import store\nfrom .. import config\n"
                                 "def later():\n    from ..sandbox import app\n")
    global PACKAGE_ROOT
    saved = PACKAGE_ROOT
    PACKAGE_ROOT = tmp_path / "kezia_desk"
    try:
        found = imports_of(fake / "bad.py")
    finally:
        PACKAGE_ROOT = saved
    assert [(imp.target, imp.lazy) for imp in found] == [
        ("sqlite3", False), ("kezia_desk.store.orders.OrderStore", False), ("kezia_desk.store", False),
        ("kezia_desk.config", False), ("kezia_desk.sandbox.app", True)]
    assert [layer_of(imp.target) for imp in found[1:]] == ["store", "store", "config", "sandbox"]
    assert "store" not in ALLOWED["ui"] and "ui" not in ALLOWED["config"]
    assert "sqlite3" in FORBIDDEN_THIRD_PARTY["services"]
    assert strongly_connected_cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_a_broken_ast_converter_falls_back_to_a_fresh_interpreter(monkeypatch) -> None:
    path = PACKAGE_ROOT / "app.py"
    expected = ast.dump(ast.parse(path.read_text(encoding="utf-8")))

    def broken(*_args: object, **_kwargs: object) -> ast.Module:
        raise SystemError("AST constructor recursion depth mismatch (before=1, after=2)")

    monkeypatch.setattr(ast, "parse", broken)
    assert ast.dump(parse_module(path)) == expected
