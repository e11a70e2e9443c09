"""The project's layers point one way: no module imports another that (through any chain of
imports) imports it back, whether the import sits at the top of the module or inside a function.

The graph is read from the source with `ast`, not by importing, so an import hidden in a
function counts. Importing `a.b.c` also imports the packages `a` and `a.b` (their `__init__`
runs first), so those edges are in the graph too. Migrations are left out: they are history.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("home", "referrals", "vig_site")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


def resolve(node, current, is_package):
    """The absolute module names an import statement names (before package expansion)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base_parts = current.split(".")
    if node.level:
        keep = len(base_parts) - node.level + (1 if is_package else 0)
        base_parts = base_parts[:keep]
        base = ".".join([*base_parts, node.module] if node.module else base_parts)
    else:
        base = node.module
    # `from x import y` imports x, and x.y too when y is a submodule.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def with_parents(name):
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def import_graph():
    modules = project_modules()
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in resolve(node, name, is_package):
                for imported in with_parents(target):
                    if imported in modules and imported != name:
                        graph[name].add(imported)
    # A module also runs its own packages' __init__ first, which is not an edge back to it.
    return graph


def find_cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def is_ancestor_package(a, b):
    return b.startswith(a + ".")


def real_cycles(graph):
    """Cycles, ignoring the edge a package's __init__ has to its own submodules when that
    submodule only reaches back through the package it lives in (Python runs the package's
    __init__ before the submodule; re-exporting a submodule from __init__ is not a cycle)."""
    pruned = {
        name: {target for target in targets if not is_ancestor_package(target, name)}
        for name, targets in graph.items()
    }
    return find_cycles(pruned)


def test_the_import_graph_is_built_from_the_source():
    graph = import_graph()
    # Sanity: known edges exist, so an empty graph can never pass the cycle test.
    assert "referrals.models" in graph["referrals.cases.selectors"]
    assert any(target.startswith("referrals.") for target in graph["referrals.triage.admin"])


def test_find_cycles_names_the_modules_of_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_between_project_modules():
    cycles = real_cycles(import_graph())
    assert not cycles, "Import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_home_does_not_import_referrals():
    graph = import_graph()
    leaning = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        if name.startswith("home")
        for target in targets
        if target.startswith("referrals")
    )
    assert not leaning, leaning


# One idea per module: past about 400 lines a module is split (STYLE.md). Demo data is content,
# not logic, and migrations are history.
LONGEST_MODULE = 400


def test_no_project_module_is_over_400_lines():
    long = {
        name: lines
        for name, path in project_modules().items()
        if "demo" not in path.relative_to(ROOT).parts
        and (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


def test_no_module_builds_a_modeladmin_url_name_by_hand():
    """Every admin address of a case, a list or an action comes from referrals.cases.admin_urls
    (on modeladmin's public AdminURLHelper), so moving a screen changes one module."""
    by_hand = re.compile(r"_modeladmin_(index|inspect|create|edit|delete)\b")
    found = [
        str(path.relative_to(ROOT))
        for folder in ("referrals", "home", "vig_site", "tests", "templates")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html")
        and "migrations" not in path.parts
        and path.name != "admin_urls.py"
        and path != Path(__file__)
        and by_hand.search(path.read_text())
    ]
    assert found == []
