"""The rulebook is pure Python: it imports nothing from Django or the rest of Samordna."""

import ast
from pathlib import Path

import samordna.finsam

FINSAM = Path(samordna.finsam.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
    return names


def test_rulebook_imports_neither_django_nor_other_samordna_apps():
    offending = {f"{path.relative_to(FINSAM)}: {name}" for path in FINSAM.rglob("*.py") for name in _imports(path)
                 if name.split(".")[0] == "django"
                 or (name.startswith("samordna.") and not name.startswith("samordna.finsam"))}
    assert offending == set()
    assert len(list(FINSAM.rglob("*.py"))) >= 14
