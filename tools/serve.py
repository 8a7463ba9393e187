"""`make serve`: preview both languages at one address, rebuilding on every edit.

One `mkdocs serve` per language (each rebuilds and live-reloads on changes to data/, templates/,
docs/, ...) runs behind a small proxy on http://127.0.0.1:8000/: /ko/ and /en/ go to their
language server, / shows the entry page, so the language switch works as on the real site.
MkDocs' live-reload requests use the absolute path /livereload/, so the proxy routes them by the
page they come from (the Referer).
"""

from __future__ import annotations

import argparse
import http.client
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

from cvatlas.catalogue import load_catalogue  # noqa: E402
from cvatlas.model import LANGS  # noqa: E402
from cvatlas.pages import render_entry_page  # noqa: E402
from cvatlas.problems import DataError  # noqa: E402

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
              "proxy-authorization"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_language_server(lang: str, port: int, public: str, data_dir: Path) -> subprocess.Popen:
    """`mkdocs serve` for one language, mounted at /<lang>/ as on the published site."""
    code = (
        # MkDocs polls watched files every 0.5 s; the watched tree is small (docs/, data/, templates),
        # so polling every 0.2 s costs little and shows an edit sooner.
        "import mkdocs.livereload as reload; "
        "init = reload.LiveReloadServer.__init__; "
        "init.__defaults__ = ('/', 0.2, 0.25) if init.__defaults__ == ('/', 0.5, 0.25) else init.__defaults__; "
        "from mkdocs.commands.serve import serve; "
        f"serve(config_file={str(ROOT / 'config' / f'{lang}.yml')!r}, dev_addr='127.0.0.1:{port}', "
        f"site_url={public + lang + '/'!r}, livereload=True, watch=[{str(data_dir)!r}])"
    )
    env = dict(os.environ, ATLAS_DATA_DIR=str(data_dir), NO_MKDOCS_2_WARNING="1", ATLAS_PUBLIC_URL=public)
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def make_handler(backends: dict[str, int], data_dir: Path) -> type[BaseHTTPRequestHandler]:
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

        def _entry_page(self) -> None:
            if urlsplit(self.path).path not in ("/", "/index.html"):
                self.send_error(404)
                return
            try:
                body = render_entry_page(load_catalogue(data_dir)).encode("utf-8")
            except DataError as error:
                body = f"<pre>{error.report()}</pre>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Proxy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data")))
    args = parser.parse_args(argv)
    public = f"http://127.0.0.1:{args.port}/"
    backends = {lang: free_port() for lang in LANGS}
    servers = [start_language_server(lang, port, public, args.data.resolve()) for lang, port in backends.items()]
    proxy = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(backends, args.data.resolve()))
    proxy.daemon_threads = True

    def stop(*_: object) -> None:
        threading.Thread(target=proxy.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"Serving the atlas at {public} (Korean: {public}ko/, English: {public}en/); Ctrl+C stops.", flush=True)
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.server_close()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
