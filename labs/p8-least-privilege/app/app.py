"""Une application web qui garde un cache dans /tmp : il lui faut un endroit où écrire."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

CACHE = "/tmp/cache-appli.txt"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"Application durcie (uid {os.getuid()})".encode())


with open("/tmp/cache-appli.txt", "w") as cache:
    cache.write("prêt")
print("Application à l'écoute sur le port 8000")
HTTPServer(("", 8000), Handler).serve_forever()
