"""axe-core, the accessibility engine, installed from the npm registry and run by Playwright.

Only what the kit renders itself is checked (widget areas, exported pages, feedback);
JupyterLab's own interface is not ours to fix. The rules are those of WCAG 2.0–2.2,
levels A and AA.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE_VERSION = "4.10"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def install_axe(folder: Path) -> Path:
    """Return the path of ``axe.min.js``, installing axe-core with npm the first time."""
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not script.exists():
            npm = shutil.which("npm")
            if npm is None:
                pytest.fail("npm is needed to install axe-core for the accessibility tests")
            proc = subprocess.run(
                [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(folder),
                 f"axe-core@{AXE_VERSION}"],
                capture_output=True, text=True, check=False, timeout=300,
            )
            if proc.returncode != 0 or not script.exists():
                pytest.fail(f"npm could not install axe-core:\n{proc.stderr[-2000:]}")
    return script


def run_axe(page: Page, script: Path, include: list[str] | None = None) -> list[dict[str, Any]]:
    """Inject axe into ``page`` and return its violations within ``include`` selectors."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    context = {"include": [[sel] for sel in include]} if include else None
    result = page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const r = context ? await window.axe.run(context, options)
                              : await window.axe.run(options);
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
        }""",
        [context, WCAG_TAGS],
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
    return "\n".join(lines)
