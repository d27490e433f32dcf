const http = require('http');

const server = http.createServer((req, res) => {
  res.end('Bonjour depuis le serveur Node !\n');
});

server.listen(3000, () => console.log('Serveur démarré sur le port 3000'));

process.on('SIGTERM', () => {
  console.log('SIGTERM reçu : fermeture propre du serveur');
  server.close(() => process.exit(0));
});
