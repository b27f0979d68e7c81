"""The shape of the code, as docs/architecture.md states it, checked on every module.

- No import cycle spans two apps: no module of one app imports (directly or through others)
  a module of another app that imports it back.
- The layers keep their order inside every app: models import no services, selectors, forms
  or views; services and selectors import no forms or views.
- `core` imports no app; only `urls.py` files import views; the rulebook imports no Django.
- Tenancy (which associations a user sees) lives in `accounts.selectors` alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import samordna

SRC = Path(samordna.__file__).parent
APPS = ("core", "accounts", "organisation", "audit", "economy", "interventions", "documents", "followup")
LAYER = {"models": 0, "services": 1, "plan_services": 1, "job_services": 1, "tasks": 1, "selectors": 1,
         "store": 1, "forms": 2,
         "views": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts}


def imports_of(path: Path, name: str) -> set[str]:
    """Every samordna module a module imports, at any depth of the file (function-level too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {f for f in found if f.startswith("samordna")}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {i for i in imports_of(path, name) if i in known and i != name}
            for name, path in known.items()}


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in APPS else None


def layer_of(module: str) -> int | None:
    return LAYER.get(module.split(".")[2]) if module.count(".") >= 2 else None


def strongly_connected(g: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph has a few hundred nodes)."""
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in g:
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        item = stack.pop()
                        on_stack.discard(item)
                        component.add(item)
                        if item == node:
                            break
                    out.append(component)
            elif child not in index:
                index[child] = low[child] = counter[0]
                counter[0] += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(g[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def test_no_import_cycle_spans_two_apps():
    cycles = [sorted(c) for c in strongly_connected(graph())
              if len({app_of(m) for m in c} - {None}) > 1]
    assert cycles == []


def test_the_cycle_check_finds_a_cycle_between_two_apps():
    g = {"samordna.economy.models": {"samordna.interventions.models"},
         "samordna.interventions.models": {"samordna.economy.services"},
         "samordna.economy.services": {"samordna.economy.models"}}
    assert [sorted(c) for c in strongly_connected(g) if len(c) > 1] == [sorted(g)]


def test_layers_keep_their_order_in_every_app():
    wrong = sorted(f"{a} → {b}" for a, targets in graph().items() for b in targets
                   if layer_of(a) is not None and layer_of(b) is not None and layer_of(b) > layer_of(a)
                   and not (layer_of(a) == 1 and layer_of(b) == 1))
    assert wrong == []


def test_core_imports_no_app():
    wrong = sorted(f"{a} → {b}" for a, targets in graph().items() if app_of(a) == "core"
                   for b in targets if app_of(b) not in (None, "core"))
    assert wrong == []


def test_only_url_configurations_import_views():
    wrong = sorted(f"{a} → {b}" for a, targets in graph().items() for b in targets
                   if b.split(".")[-1] == "views" and a.split(".")[-1] != "urls")
    assert wrong == []


def test_tenancy_lives_in_one_place():
    """Only accounts.selectors reads Membership to decide what a user may see (and only
    accounts.services writes it)."""
    users = sorted(name for name, path in modules().items()
                   if "Membership.objects" in path.read_text(encoding="utf-8")
                   and name not in ("samordna.accounts.selectors", "samordna.accounts.services"))
    assert users == []


def test_every_app_is_known_to_this_test():
    apps = {p.parent.name for p in SRC.glob("*/apps.py")}
    assert apps == set(APPS)
