"""Every permission codename is written once, in referrals/permissions.py: no other module of
the app (migrations aside, which keep their own copies) spells one out, as "referrals.<codename>"
or as the bare codename."""

import ast
from pathlib import Path

from django.apps import apps

from referrals import permissions as perms

APP = Path(apps.get_app_config("referrals").path)
ALLOWED = {APP / "permissions.py"}


def codenames():
    """Every permission of the app's models (Django's defaults and each Meta's own) and every
    name in referrals.permissions, dotted and bare."""
    bare = {perms.codename(p) for p in perms.ALL}
    for model in apps.get_app_config("referrals").get_models():
        opts = model._meta
        bare |= {f"{action}_{opts.model_name}" for action in opts.default_permissions}
        bare |= {codename for codename, _ in opts.permissions}
    return bare | {f"{perms.APP_LABEL}.{c}" for c in bare}


def exported_names(tree):
    """Strings in `__all__`: names of functions (apply_retention), not permissions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            names |= {id(c) for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return names


def modules():
    return sorted(
        path
        for path in APP.rglob("*.py")
        if path not in ALLOWED and "migrations" not in path.relative_to(APP).parts
    )


def test_the_scan_finds_a_permission_written_out(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        '__all__ = ["apply_retention"]\n'
        'CAN = "referrals.export_referral"\n'
        'ACTION = "referrals.view"  # an audit-log action, not a permission\n'
        'def f(user):\n    return user.has_perm("referrals.apply_retention")\n'
    )
    found = [line.split(": ", 1)[1] for line in literals_in(module, codenames(), root=tmp_path)]
    assert found == ["'referrals.export_referral'", "'referrals.apply_retention'"]


def literals_in(path, wanted, root):
    tree = ast.parse(path.read_text())
    skip = exported_names(tree)
    nodes = sorted(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in wanted
            and id(node) not in skip
        ),
        key=lambda node: (node.lineno, node.col_offset),
    )
    return [f"{path.relative_to(root)}:{node.lineno}: {node.value!r}" for node in nodes]


def test_every_name_in_permissions_is_a_permission_of_the_app():
    assert set(perms.ALL) <= codenames()
    assert perms.VIEW_SERVICE_REPORT in perms.ALL


def test_no_module_but_permissions_writes_a_permission_out():
    wanted = codenames()
    found = [line for path in modules() for line in literals_in(path, wanted, APP.parent)]
    assert found == []
