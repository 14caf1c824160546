"""The documentation stays true to the program: the user guide (docs/guide/) never names a button or a screen the
code does not have, never shows a picture no test makes, and its links lead somewhere.

Pictures come from the tests marked `screenshot` (bash docs/make-screenshots.sh regenerates them all): a test that
saves one must carry the marker, or the command would silently leave its picture stale.
"""
from __future__ import annotations

import ast
import functools
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide"
SHOTS = ROOT / "docs" / "screenshots"
SHOOTERS = {"shot", "shot_screen"}  # tests/kd_fixtures/screenshots.py
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
# In the guide, **bold** is a name the user sees on screen (button, tab, menu, title, message). These few bold
# words are the guide's own emphasis or what the user types/reads outside the till's screens.
NOT_ON_SCREEN = {
    "1234",  # the demo manager's PIN, typed by the user
}


@functools.cache
def syntax_trees(folder: str) -> dict[Path, ast.Module]:
    """Every module of ROOT/folder parsed. After an earlier test's RecursionError, CPython 3.11.7's `ast.parse` may
    raise « SystemError: AST constructor recursion depth mismatch » for the rest of the process (see
    tests/test_architecture.py): the modules are then parsed by one fresh interpreter and handed back pickled."""
    paths = sorted((ROOT / folder).rglob("*.py"))
    try:
        return {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    except SystemError:
        code = ("import ast, pickle, sys; paths = sys.stdin.read().splitlines(); sys.stdout.buffer.write("
                "pickle.dumps([ast.parse(open(p, encoding='utf-8').read()) for p in paths]))")
        result = subprocess.run([sys.executable, "-c", code], input="\n".join(map(str, paths)).encode("utf-8"),
                                capture_output=True, check=True)
        return dict(zip(paths, pickle.loads(result.stdout), strict=True))


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def markdown_pages() -> list[Path]:
    """The guide, the engineers' pages and the README."""
    pages = sorted(GUIDE.glob("*.md")) + sorted((ROOT / "docs" / "dev").glob("*.md"))
    readme = ROOT / "README.md"
    return [*pages, readme] if readme.exists() else pages


@functools.cache
def strings_in_code() -> str:
    """Every string literal of the package, joined: what the screens can show."""
    texts: list[str] = []
    for tree in syntax_trees("kezia_desk").values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value.replace("&", ""))  # « &Fichier » shows as Fichier
    return "\n".join(texts)


def _saves_directly(function: ast.FunctionDef) -> bool:
    """It calls shot(...) (or shot_screen) or reads KEZIA_SHOTS itself (pictures that are not a widget's grab)."""
    return any((isinstance(c, ast.Call) and ast.unparse(c.func) in SHOOTERS)
               or (isinstance(c, ast.Constant) and c.value == "KEZIA_SHOTS") for c in ast.walk(function))


@functools.cache
def _shooting_functions() -> tuple[tuple[Path, ast.Module, ast.FunctionDef, tuple[ast.FunctionDef, ...]], ...]:
    """Each test function that saves pictures, itself or through a helper of its module, with those helpers."""
    found = []
    for module, tree in syntax_trees("tests").items():
        if not module.name.startswith("test_"):
            continue
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        helpers = {f.name: f for f in functions if not f.name.startswith("test") and _saves_directly(f)}
        for function in functions:
            if not function.name.startswith("test"):
                continue
            called = tuple(helpers[c.func.id] for c in ast.walk(function)
                           if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in helpers)
            if _saves_directly(function) or called:
                found.append((module, tree, function, called))
    return tuple(found)


def shooting_tests() -> dict[str, bool]:
    """Test function -> whether it carries the `screenshot` marker, for every test that saves a picture."""
    found: dict[str, bool] = {}
    for module, tree, function, _helpers in _shooting_functions():
        module_marked = any("mark.screenshot" in ast.unparse(node) for node in tree.body
                            if isinstance(node, ast.Assign) and "pytestmark" in ast.unparse(node.targets[0]))
        marked = module_marked or any("mark.screenshot" in ast.unparse(d) for d in function.decorator_list)
        found[f"{module.relative_to(ROOT)}::{function.name}"] = marked
    return found


@functools.cache
def picture_patterns() -> tuple[re.Pattern[str], ...]:
    """The names the shooting tests save: "till.png", or f"sellers_{width}x{height}.png" as sellers_.+x.+[.]png."""
    patterns: list[re.Pattern[str]] = []
    for _module, _tree, function, helpers in _shooting_functions():
        for node in (n for f in (function, *helpers) for n in ast.walk(f)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".png"):
                patterns.append(re.compile(re.escape(node.value)))
            elif (isinstance(node, ast.JoinedStr) and isinstance(node.values[-1], ast.Constant)
                  and str(node.values[-1].value).endswith(".png")):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values]
                patterns.append(re.compile("".join(parts)))
    return tuple(patterns)


def test_every_test_that_saves_a_picture_is_run_by_the_screenshot_command():
    unmarked = [name for name, marked in shooting_tests().items() if not marked]
    assert shooting_tests(), "no test saves a picture: the guide's pictures could not be regenerated"
    assert unmarked == [], f"add @pytest.mark.screenshot to: {unmarked}"


def test_the_guide_has_an_index_linking_every_page():
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    linked = {target for target in LINK.findall(index)}
    missing = [page.name for page in GUIDE.glob("*.md") if page.name != "README.md" and page.name not in linked]
    assert missing == [], f"pages not in docs/guide/README.md: {missing}"


@pytest.mark.parametrize("page", markdown_pages(), ids=lambda p: p.name)
def test_links_and_pictures_lead_somewhere(page: Path):
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        path = (page.parent / file_part).resolve() if file_part else page
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in heading_anchors(path)):
            broken.append(target)
    assert broken == [], f"{page.name}: broken links {broken}"


@pytest.mark.parametrize("page", markdown_pages(), ids=lambda p: p.name)
def test_every_picture_is_one_the_screenshot_command_makes(page: Path):
    made = picture_patterns()
    pictures = [t for t in LINK.findall(page.read_text(encoding="utf-8")) if t.endswith(".png")]
    stale = [p for p in pictures
             if "screenshots/" not in p or not any(m.fullmatch(p.split("screenshots/", 1)[1]) for m in made)]
    assert stale == [], f"{page.name}: pictures no screenshot test makes (or outside docs/screenshots): {stale}"


@pytest.mark.parametrize("page", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_every_name_in_bold_is_one_the_screens_show(page: Path):
    code = strings_in_code()
    names = {m.strip() for m in BOLD.findall(page.read_text(encoding="utf-8"))}
    unknown = sorted(n for n in names if n not in NOT_ON_SCREEN and n not in code)
    assert unknown == [], f"{page.name}: bold names the code never shows: {unknown}"


def test_modules_are_still_read_when_the_ast_converter_is_broken(monkeypatch):
    expected = {path: ast.dump(tree) for path, tree in syntax_trees.__wrapped__("kezia_desk").items()}

    def broken(*_args, **_kwargs):
        raise SystemError("AST constructor recursion depth mismatch (before=1, after=2)")

    monkeypatch.setattr(ast, "parse", broken)
    assert {path: ast.dump(tree) for path, tree in syntax_trees.__wrapped__("kezia_desk").items()} == expected


def test_the_readme_is_a_front_door_whose_first_commands_run_the_demo_and_the_tests():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < 8 * 1024
    commands = readme.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert commands[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kezia-desk --demo",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
        "QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest",
    ]
    assert "docs/guide/" in readme and "docs/dev/" in readme
