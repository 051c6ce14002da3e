"""A small Playwright helper that drives JupyterLab 4 like a participant would.

The server must be started with ``--LabApp.expose_app_in_browser=True`` so that
``window.jupyterapp`` (the command registry and the shell) is available; the menu
is used as a fallback where that is cheap.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"
ERROR_MIME = "application/vnd.jupyter.error"

# The notebook panel the user is looking at.
CURRENT_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# --- JavaScript run in the page --------------------------------------------------------

_JS_START_RUN_ALL = """
() => {
  const state = { done: false, ok: null, error: null };
  window.__labHelperRunAll = state;
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    (ok) => { state.ok = ok; state.done = true; },
    (err) => { state.error = String(err); state.done = true; },
  );
}
"""

# Settled: kernel idle, no cell shows the busy prompt "[*]".
_JS_SETTLED = """
(panelSelector) => {
  const panel = document.querySelector(panelSelector);
  if (!panel) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  if (indicator && indicator.getAttribute('data-status') !== 'idle') return false;
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session
    && w.sessionContext.session.kernel;
  if (w && w.sessionContext && (!kernel || kernel.status !== 'idle')) return false;
  for (const prompt of panel.querySelectorAll('.jp-InputArea-prompt')) {
    if (prompt.textContent.includes('[*]')) return false;
  }
  return true;
}
"""

_JS_WATCH_STATUS = """
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const seen = [];
  window.__labHelperStatuses = seen;
  w.sessionContext.statusChanged.connect((_, status) => { seen.push(status); });
}
"""

_JS_RESTARTED = """
() => {
  const seen = window.__labHelperStatuses || [];
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return seen.some((s) => s === 'restarting' || s === 'autorestarting' || s === 'starting')
    && !!kernel && kernel.status === 'idle';
}
"""

# Errors in the notebook model: [{cell, ename, evalue}].
_JS_MODEL_ERRORS = """
() => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.content || !w.content.model) return [];
  const found = [];
  const cells = w.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (const out of cell.outputs.toJSON()) {
      if (out.output_type === 'error') {
        found.push({ cell: i, ename: out.ename, evalue: out.evalue });
      }
    }
  }
  return found;
}
"""

# Every output in the page: [{cell, mime, text, hidden, widget_view, rendered}].
# The ipywidgets renderer sets no data-mime-type, so widget views are found through
# the notebook model (top-level outputs) and, inside Output widgets, by the
# renderer's own placeholder texts. `rendered` only means something for widget views.
_JS_OUTPUTS = """
([panelSelector, widgetMime]) => {
  const panel = document.querySelector(panelSelector);
  if (!panel) return [];
  const views = new Set();
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (w && w.content && w.content.widgets && w.node === panel) {
    for (const cell of w.content.widgets) {
      const area = cell.outputArea;
      if (!area || !area.model) continue;
      for (let j = 0; j < area.model.length; j++) {
        const data = area.model.get(j).data || {};
        const child = area.widgets[j];
        if (!data[widgetMime] || !child) continue;
        const out = child.node.classList.contains('jp-OutputArea-output')
          ? child.node : child.node.querySelector('.jp-OutputArea-output');
        if (out) views.add(out);
      }
    }
  }
  const placeholder = /^(Loading widget\\.\\.\\.|Error displaying widget)/;
  const cells = Array.from(panel.querySelectorAll('.jp-Cell'));
  const result = [];
  for (const out of panel.querySelectorAll('.jp-OutputArea-output')) {
    const cell = out.closest('.jp-Cell');
    const hidden = out.classList.contains('lm-mod-hidden') || !!out.closest('.lm-mod-hidden');
    const text = (out.innerText || out.textContent || '').trim();
    const mime = out.getAttribute('data-mime-type') || '';
    // A rendered view is a Lumino widget with the ipywidgets classes inside the output.
    let rendered = false;
    for (const el of out.querySelectorAll('.jupyter-widgets, [class*="widget-"]')) {
      if (el !== out) { rendered = true; break; }
    }
    if (placeholder.test(text)) rendered = false;
    const widgetView = mime === widgetMime || views.has(out) || (!mime && placeholder.test(text));
    const index = cell ? cells.indexOf(cell) : -1;
    result.push({ cell: index, mime, text, hidden, widget_view: widgetView, rendered });
  }
  return result;
}
"""


class LabError(AssertionError):
    """Raised when JupyterLab does not reach the expected state in time."""


class Lab:
    """Drive one JupyterLab page: open a notebook, run it, inspect its outputs.

    :param page: a fresh Playwright page (one per test).
    :param base_url: the server's URL without trailing slash.
    :param token: the server's authentication token.
    :param timeout_ms: default time to wait for the kernel or for a run to finish.
    """

    def __init__(self, page: Page, base_url: str, token: str, *, timeout_ms: float = 90_000):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_ms = timeout_ms
        self.notebook_path: str | None = None
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))

    # -- navigation --------------------------------------------------------------------

    def url(self, path: str, **query: str) -> str:
        """Absolute URL of a server ``path`` with the token added to the query string."""
        params = urllib.parse.urlencode({**query, "token": self.token})
        return f"{self.base_url}/{path.lstrip('/')}?{params}"

    def open_notebook(self, rel_path: str | Path, *, prestart_kernel: bool = True) -> None:
        """Open ``rel_path`` (relative to the server root) in a fresh workspace.

        Waits until the notebook is the current widget and its kernel is idle. A new
        workspace per call means no document of an earlier test is restored alongside.
        With ``prestart_kernel`` the notebook's kernel (named in its metadata) is started
        through the REST API while Lab is still loading; Lab attaches to that session.
        """
        rel = Path(rel_path).as_posix()
        quoted = urllib.parse.quote(rel)
        workspace = f"test-{uuid.uuid4().hex[:12]}"
        self.notebook_path = rel
        kernel = self._kernel_name(rel)
        if kernel and prestart_kernel:
            self._api(
                "POST",
                "api/sessions",
                {
                    "path": rel,
                    "name": Path(rel).name,
                    "type": "notebook",
                    "kernel": {"name": kernel},
                },
            )
        self.page.goto(self.url(f"lab/workspaces/{workspace}/tree/{quoted}"))
        self.page.wait_for_function(
            """(path) => {
                const app = window.jupyterapp;
                const w = app && app.shell && app.shell.currentWidget;
                return !!(w && w.context && w.context.path === path && w.content
                    && w.sessionContext && w.context.isReady);
            }""",
            arg=rel,
            timeout=self.timeout_ms,
        )
        # The file browser takes a third of the width; the screenshots are nicer without.
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        if not kernel:
            self._accept_kernel_dialog()
        self.wait_for_idle()

    def _accept_kernel_dialog(self) -> None:
        """Accept the "Select Kernel" dialog if a notebook without kernelspec asks."""
        dialog = self.page.locator(".jp-Dialog")
        try:
            dialog.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            return
        if "kernel" in dialog.inner_text().lower():
            dialog.locator(".jp-mod-accept").click()

    # -- waiting -----------------------------------------------------------------------

    def wait_for_idle(self, timeout_ms: float | None = None) -> None:
        """Wait until the kernel is idle and no cell shows ``[*]``."""
        timeout = self.timeout_ms if timeout_ms is None else timeout_ms
        self.page.locator(
            f'{CURRENT_PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]'
        ).wait_for(state="attached", timeout=timeout)
        self.page.wait_for_function(_JS_SETTLED, arg=CURRENT_PANEL, timeout=timeout)

    def wait_for_widgets(self, timeout_ms: float = 10_000) -> bool:
        """Wait until no visible widget output still says "Loading widget...".

        Returns ``False`` on timeout rather than raising, so that
        :meth:`unrendered_widgets` can report what is left.
        """
        try:
            self.page.wait_for_function(
                """(panelSelector) => {
                    const panel = document.querySelector(panelSelector);
                    if (!panel) return false;
                    for (const out of panel.querySelectorAll('.jp-OutputArea-output')) {
                        if (out.closest('.lm-mod-hidden')) continue;
                        if ((out.textContent || '').startsWith('Loading widget')) return false;
                    }
                    return true;
                }""",
                arg=CURRENT_PANEL,
                timeout=timeout_ms,
            )
        except PlaywrightTimeoutError:
            return False
        return True

    # -- running -----------------------------------------------------------------------

    def run_all(self, timeout_ms: float | None = None) -> bool:
        """Run every cell, wait for the kernel to settle and the widgets to render.

        Returns what Lab's ``notebook:run-all-cells`` returned: ``False`` when a cell
        raised (Lab then stops the run).
        """
        timeout = self.timeout_ms if timeout_ms is None else timeout_ms
        if self._has_app():
            self.page.evaluate(_JS_START_RUN_ALL)
            self.page.wait_for_function(
                "() => window.__labHelperRunAll && window.__labHelperRunAll.done",
                timeout=timeout,
            )
            state: dict[str, Any] = self.page.evaluate("() => window.__labHelperRunAll")
            if state.get("error"):
                raise LabError(f"notebook:run-all-cells failed: {state['error']}")
            ok = bool(state.get("ok"))
        else:
            self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            self.page.locator('li[data-command="runmenu:run-all"]').click()
            self.page.wait_for_timeout(300)
            ok = True
        self.wait_for_idle(timeout)
        self.wait_for_widgets()
        return ok

    def restart_kernel(self, timeout_ms: float | None = None) -> None:
        """Restart the kernel the way a user does (menu command + confirm dialog)."""
        timeout = self.timeout_ms if timeout_ms is None else timeout_ms
        self.page.evaluate(_JS_WATCH_STATUS)
        if self._has_app():
            self.page.evaluate(
                "() => { window.jupyterapp.commands.execute('kernelmenu:restart'); }"
            )
        else:
            self.page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
            self.page.locator('li[data-command="kernelmenu:restart"]').click()
        self.page.locator(".jp-Dialog .jp-mod-accept").click(timeout=10_000)
        self.page.wait_for_function(_JS_RESTARTED, timeout=timeout)
        self.wait_for_idle(timeout)

    # -- inspecting --------------------------------------------------------------------

    def outputs(self) -> list[dict[str, Any]]:
        """Every output of the current notebook.

        Each is ``{cell, mime, text, hidden, widget_view, rendered}``; ``cell`` is the
        0-based cell index, ``rendered`` tells whether a widget view shows a real view.
        """
        result: list[dict[str, Any]] = self.page.evaluate(
            _JS_OUTPUTS, [CURRENT_PANEL, WIDGET_VIEW_MIME]
        )
        return result

    def error_outputs(self) -> list[str]:
        """Tracebacks shown in the notebook (also inside Output widgets).

        Lab renders error outputs with the stderr MIME type; a stderr output counts
        when it holds a traceback (plain warnings do not). Errors recorded in the
        notebook model that are not visible as such (e.g. a ``SyntaxError``, whose
        rendering has no "Traceback" line) are added as ``cell N: Name: value``.
        """
        found: list[str] = []
        for out in self.outputs():
            if out["mime"] == ERROR_MIME or (
                out["mime"] == STDERR_MIME and "Traceback" in out["text"]
            ):
                found.append(f"cell {out['cell']}: {out['text']}")
        model_errors: list[dict[str, Any]] = self.page.evaluate(_JS_MODEL_ERRORS)
        for err in model_errors:
            if not any(err["ename"] in text for text in found):
                found.append(f"cell {err['cell']}: {err['ename']}: {err['evalue']}")
        return found

    def widget_errors(self) -> list[str]:
        """Outputs showing ipywidgets' "Error displaying widget" message."""
        return [
            f"cell {out['cell']}: {out['text'][:300]}"
            for out in self.outputs()
            if "Error displaying widget" in out["text"]
        ]

    def unrendered_widgets(self) -> list[str]:
        """Visible widget-view outputs without a rendered ipywidgets view inside."""
        return [
            f"cell {out['cell']}: {out['text'][:300] or '<empty>'}"
            for out in self.outputs()
            if out["widget_view"] and not out["hidden"] and not out["rendered"]
        ]

    def problems(self) -> dict[str, list[str]]:
        """All three checks at once; an empty list for each means the notebook is fine."""
        return {
            "error_outputs": self.error_outputs(),
            "widget_errors": self.widget_errors(),
            "unrendered_widgets": self.unrendered_widgets(),
        }

    def notebook(self) -> Locator:
        """The notebook area of the current panel."""
        return self.page.locator(f"{CURRENT_PANEL} .jp-Notebook")

    def cell(self, index: int) -> Locator:
        """The ``index``-th cell (0-based) of the current notebook."""
        return self.notebook().locator(".jp-Cell").nth(index)

    def screenshot(self, locator: Locator | None, path: str | Path) -> Path:
        """Save a PNG of ``locator``, or of the whole notebook when ``locator`` is None.

        For the whole notebook the viewport is stretched to the notebook's scroll
        height (capped at 20 000 px) for the shot, then restored.
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if locator is not None:
            locator.screenshot(path=str(target))
            return target
        viewport = self.page.viewport_size or {"width": 1280, "height": 900}
        extra: int = self.page.evaluate(
            """(panelSelector) => {
                const panel = document.querySelector(panelSelector);
                if (!panel) return 0;
                let extra = 0;
                for (const el of [panel, ...panel.querySelectorAll('*')]) {
                    extra = Math.max(extra, el.scrollHeight - el.clientHeight);
                }
                return extra;
            }""",
            CURRENT_PANEL,
        )
        height = min(viewport["height"] + extra + 40, 20_000)
        try:
            if height > viewport["height"]:
                self.page.set_viewport_size({"width": viewport["width"], "height": height})
                self.page.wait_for_timeout(200)  # let Lumino re-layout
            # Run-all leaves the notebook scrolled to its last cell; start at the top.
            self.page.evaluate(
                """(panelSelector) => {
                    const panel = document.querySelector(panelSelector);
                    for (const el of panel ? panel.querySelectorAll('*') : []) {
                        if (el.scrollTop) el.scrollTop = 0;
                    }
                }""",
                CURRENT_PANEL,
            )
            self.page.wait_for_timeout(100)
            self.page.screenshot(path=str(target), full_page=True)
        finally:
            self.page.set_viewport_size(viewport)
        return target

    # -- cleaning up -------------------------------------------------------------------

    def close_all(self) -> None:
        """Close every tab without saving (never writes outputs back to the repo)."""
        if self.page.is_closed() or not self._has_app():
            return
        self.page.evaluate("() => { window.jupyterapp.commands.execute('application:close-all'); }")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            discard = self.page.locator(".jp-Dialog button", has_text="Discard")
            if discard.count():
                discard.first.click()
                continue
            if not self.page.locator(".jp-NotebookPanel").count():
                return
            self.page.wait_for_timeout(100)

    def delete_sessions(self) -> list[str]:
        """Delete every session on the server (shuts its kernel down); return their ids.

        Lab re-attaches to an existing session for the same file, so without this a
        later test would see the previous test's kernel state.
        """
        sessions = json.loads(self._api("GET", "api/sessions") or "[]")
        deleted = []
        for session in sessions:
            self._api("DELETE", f"api/sessions/{session['id']}")
            deleted.append(str(session["id"]))
        return deleted

    # -- internals ---------------------------------------------------------------------

    def _api(self, method: str, path: str, body: dict[str, Any] | None = None) -> str:
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            f"{self.base_url}/{path}", data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(response.read().decode())

    def _kernel_name(self, rel: str) -> str | None:
        """The kernel named in notebook ``rel``'s metadata, if any."""
        try:
            content = json.loads(self._api("GET", f"api/contents/{urllib.parse.quote(rel)}"))
            return str(content["content"]["metadata"]["kernelspec"]["name"])
        except (KeyError, TypeError, ValueError, urllib.error.URLError):
            return None

    def _has_app(self) -> bool:
        return bool(self.page.evaluate("() => !!(window.jupyterapp && window.jupyterapp.commands)"))

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)
