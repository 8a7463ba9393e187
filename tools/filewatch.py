"""File-system events under the repository -> the kinds of change `make serve` reacts to.

    data       data/ (or --data): the catalogue is reloaded (only the changed paper files are read)
    docs       docs/ (or --docs): the hand-written pages are copied into the preview again
    templates  templates/: every page is rendered again
    snippets   CONTRIBUTING.md, which docs/*/contributing.md includes
    code       cvatlas/, hooks/, tools/, config/, overrides/: the preview restarts

watchdog (a dependency of MkDocs) reports events as they happen (inotify on Linux), so an edit is
seen at once instead of at the next poll of thousands of files. Events come in bursts (an editor
writes a temporary file, then renames it): `wait` returns once they have been quiet for QUIET
seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET = 0.03
LONGEST = 0.5  # an endless stream of events still gets handled
CODE_DIRS = ("cvatlas", "hooks", "tools", "config", "overrides")
CODE_SUFFIXES = (".py", ".yml", ".yaml", ".html", ".css", ".js", ".svg", ".xml")


class ChangeWatcher(FileSystemEventHandler):
    def __init__(self, root: Path, data_dir: Path, docs_dir: Path, on_event: Callable[[], None] | None = None) -> None:
        self.root, self.data_dir, self.docs_dir = root.resolve(), data_dir.resolve(), docs_dir.resolve()
        self.on_event = on_event or (lambda: None)  # called at once, e.g. to cut a long round short
        self._kinds: set[str] = set()
        self._last = 0.0
        self._changed = threading.Condition()
        self._observer = Observer()

    def kind(self, path: Path) -> str | None:
        if path.is_relative_to(self.data_dir):
            return "data"
        if path.is_relative_to(self.docs_dir):
            return "docs"
        if path.is_relative_to(self.root / "templates"):
            return "templates"
        if path == self.root / "CONTRIBUTING.md":
            return "snippets"
        if (any(path.is_relative_to(self.root / name) for name in CODE_DIRS) and path.suffix in CODE_SUFFIXES
                and "__pycache__" not in path.parts and not path.name.startswith(".")):
            return "code"
        return None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            kind = self.kind(Path(str(raw))) if raw else None
            if kind:
                with self._changed:
                    self._kinds.add(kind)
                    self._last = time.monotonic()
                    self._changed.notify_all()
                self.on_event()

    def start(self) -> None:
        watched = {self.data_dir, self.docs_dir, self.root / "templates",
                   *(self.root / name for name in CODE_DIRS)}
        for folder in sorted(watched):
            if folder.is_dir():
                self._observer.schedule(self, str(folder), recursive=True)
        self._observer.schedule(self, str(self.root), recursive=False)  # CONTRIBUTING.md
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)

    def pending(self) -> bool:
        with self._changed:
            return bool(self._kinds)

    def wait(self, timeout: float | None = None) -> set[str]:
        """The kinds of change since the last call, once they have quieted; empty after `timeout`."""
        with self._changed:
            if not self._changed.wait_for(lambda: bool(self._kinds), timeout=timeout):
                return set()
            first = time.monotonic()
            while time.monotonic() - self._last < QUIET and time.monotonic() - first < LONGEST:
                self._changed.wait(timeout=QUIET)
            kinds, self._kinds = self._kinds, set()
            return kinds
