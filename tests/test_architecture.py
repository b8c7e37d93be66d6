"""The code keeps its shape: apps import only downward (import-linter's layers contract in
pyproject.toml), no module grows past 500 lines, and the README says each thing once."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_the_apps_import_only_the_layers_below_them():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import", "named"),
    [
        ("approvals/_probe.py", "from agreements.models import Municipality", "approvals is not allowed to import agreements"),
        ("agreements/_probe.py", "import followup.models", "agreements is not allowed to import followup"),
        ("followup/_probe.py", "def later():\n    from public import views", "followup is not allowed to import public"),
        ("public/_probe.py", "from subscriptions import models", "public is not allowed to import subscriptions"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, module, upward_import, named):
    """A copy of the source with one upward import added (even one inside a function) fails."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("templates", "static", "__pycache__", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(upward_import + "\n")

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert named in result.stdout, result.stdout


def _python_modules():
    for package in [*PACKAGES, "tests"]:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_longer_than_500_lines():
    long = {str(path.relative_to(ROOT)): n for path in _python_modules() if (n := len(path.read_text().splitlines())) > 500}

    assert long == {}


def _headings(markdown: str) -> list[str]:
    """The README's headings, not counting lines in code blocks that begin with "#"."""
    headings, in_code = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and (match := re.match(r"^(#{1,6}) (.+)$", line)):
            headings.append(match.group(2).strip())
    return headings


def test_the_readme_says_each_thing_once_under_its_own_heading():
    headings = _headings((ROOT / "README.md").read_text())

    assert len(headings) == len(set(headings)), sorted({h for h in headings if headings.count(h) > 1})
    assert "Architecture" in headings


def test_the_readmes_contents_list_every_section_in_order_and_every_link_leads_to_a_heading():
    readme = (ROOT / "README.md").read_text()
    contents = re.search(r"^## Contents\n(.*?)\n## ", readme, re.S | re.M).group(1)
    listed = re.findall(r"^- \[(.+)\]\(#([^)]+)\)$", contents, re.M)
    sections = [h for h in re.findall(r"^## (.+)$", _without_code(readme), re.M) if h != "Contents"]

    assert [title for title, _ in listed] == sections
    anchors = {_anchor(h) for h in _headings(readme)}
    links = re.findall(r"\]\(#([^)]+)\)", readme)
    assert set(links) <= anchors, set(links) - anchors


def _without_code(markdown: str) -> str:
    return re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.lower())
    return text.replace(" ", "-")
