"""`make serve`: preview both languages at one address; an edit shows within a couple of seconds.

- The watcher (tools/preview.py) keeps one docs tree per language in .cache/preview/ (generated
  pages with their metadata as front matter, docs/<lang>/ copied in): on an edit of data/, docs/
  or templates/ it validates, renders only what the edit touches and rewrites only the files
  whose text changed, the edited papers' own pages first (tools/filewatch.py reports the edits).
- One `mkdocs serve --dirty` per language, on config/preview-<lang>.yml, rebuilds only the pages
  whose files changed and reloads the browser (the hook's preview mode, hooks/preview_mode.py).
- A small proxy on http://127.0.0.1:8000/ sends /ko/ and /en/ to their language server and
  answers / with the entry page, so the language switch works as on the real site. MkDocs'
  live-reload requests use the absolute path /livereload/, so the proxy routes them by the page
  they come from (the Referer). /_preview/status says whether the preview has caught up with the
  last edit (the tests and `make bench` wait for it).
- An edit of the code (cvatlas/, hooks/, tools/, config/, overrides/) restarts all of it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvatlas.model import LANGS  # noqa: E402
from cvatlas.pages import render_entry_page  # noqa: E402
from cvatlas.previewlayout import DEFAULT_ROOT, PreviewLayout  # noqa: E402
from tools.filewatch import ChangeWatcher  # noqa: E402
from tools.preview import Preview  # noqa: E402
from tools.site_config import atlas_settings  # noqa: E402

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
              "proxy-authorization"}
STATUS_PATH = "/_preview/status"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_language_server(lang: str, port: int, public: str, layout: PreviewLayout) -> subprocess.Popen:
    """`mkdocs serve --dirty` for one language's preview tree, mounted at /<lang>/ as on the published site."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ATLAS_PUBLIC_URL=public,
               ATLAS_SITE_URL=f"{public}{lang}/",  # MkDocs mounts the site at this address's path
               ATLAS_PREVIEW_DOCS=str(layout.docs(lang)), ATLAS_CACHE_DIR=str(layout.root))
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(ROOT / "config" / f"preview-{lang}.yml"),
               "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


class Session:
    """What the proxy needs to know: the language servers' ports and the watcher's state."""

    def __init__(self, preview: Preview, watcher: ChangeWatcher, backends: dict[str, int]) -> None:
        self.preview, self.watcher, self.backends = preview, watcher, backends
        self.busy = True  # until the first round is done

    def status(self) -> dict[str, object]:
        preview = self.preview
        built = {lang: preview.layout.built(lang) for lang in LANGS}
        settled = (not self.busy and not self.watcher.pending() and preview.state is not None
                   and preview.idle() and all(ok for _, ok in built.values()))
        return {"settled": settled, "error": preview.error, "batch": preview.batch,
                "built": {lang: {"batch": batch, "ok": ok} for lang, (batch, ok) in built.items()}}


def make_handler(session: Session) -> type[BaseHTTPRequestHandler]:
    backends = session.backends

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the language servers already log what they build

        def _backend(self) -> int | None:
            path = urlsplit(self.path).path
            if path.startswith("/livereload/"):
                referer = urlsplit(self.headers.get("Referer", "")).path
                lang = next((code for code in backends if referer.startswith(f"/{code}/")), LANGS[0])
                return backends[lang]
            for code, port in backends.items():
                if path == f"/{code}" or path.startswith(f"/{code}/"):
                    return port
            return None

        def do_GET(self) -> None:
            if urlsplit(self.path).path == STATUS_PATH:
                self._send(200, "application/json", json.dumps(session.status()).encode("utf-8"))
                return
            port = self._backend()
            if port is None:
                self._entry_page()
                return
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                connection.request("GET", self.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except OSError:
                self.send_error(502, "the language server is still starting; reload in a moment")
                return
            finally:
                connection.close()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _entry_page(self) -> None:
            if urlsplit(self.path).path not in ("/", "/index.html"):
                self.send_error(404)
                return
            state = session.preview.state
            if state is None:
                body = f"<pre>{session.preview.error or 'starting'}</pre>".encode()
            else:
                body = render_entry_page(state.cat).encode("utf-8")
            self._send(200, "text/html; charset=utf-8", body)

    return Proxy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data")))
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="hand-written pages (default: docs/)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_ROOT, help="where the preview's trees live")
    args = parser.parse_args(argv)
    public = f"http://127.0.0.1:{args.port}/"
    layout = PreviewLayout(args.cache.resolve())
    settings = atlas_settings()
    preview = Preview(args.data.resolve(), args.docs.resolve(), layout, public, settings["repository"],
                      settings["handwritten"])
    watcher = ChangeWatcher(ROOT, args.data, args.docs, on_event=preview.wake.set)
    session = Session(preview, watcher, {lang: free_port() for lang in LANGS})
    proxy = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(session))
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    servers: list[subprocess.Popen] = []
    restart = False
    watcher.start()
    print(f"Serving the atlas at {public} (Korean: {public}ko/, English: {public}en/); Ctrl+C stops.", flush=True)
    try:
        while not stopping.is_set() and not preview.start():
            if "code" in watcher.wait(timeout=0.5):
                restart = True
                return 0
        servers = [start_language_server(lang, port, public, layout) for lang, port in session.backends.items()]
        session.busy = False
        while not stopping.is_set():
            kinds = watcher.wait(timeout=0.5)
            if "code" in kinds:
                print("preview: the code changed; restarting", flush=True)
                restart = True
                return 0
            session.busy = True
            if kinds:
                preview.update(data="data" in kinds, docs="docs" in kinds, templates="templates" in kinds,
                               snippets="snippets" in kinds)
            else:
                preview.continue_pending()
            session.busy = False
            if any(server.poll() is not None for server in servers):
                print("preview: a language server stopped; stopping", file=sys.stderr, flush=True)
                return 1
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        proxy.shutdown()
        proxy.server_close()
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        if restart:
            again = argv if argv is not None else sys.argv[1:]
            os.execv(sys.executable, [sys.executable, "-m", "tools.serve", *again])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
