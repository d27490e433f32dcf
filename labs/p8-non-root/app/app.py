"""Une petite application web : elle dit sous quel utilisateur elle tourne."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = 8000


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"Application prête (uid {os.getuid()})".encode())


print("Application à l'écoute sur le port 8000")
HTTPServer(("", PORT), Handler).serve_forever()
