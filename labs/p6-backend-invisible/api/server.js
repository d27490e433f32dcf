// L'API de la boutique : seul le frontend doit pouvoir l'appeler, et elle seule parle à la base.
const http = require('http');

const server = http.createServer((req, res) => res.end('API boutique : 3 produits en stock\n'));

server.listen(3000, () => console.log('API à l\'écoute sur le port 3000'));

process.on('SIGTERM', () => server.close(() => process.exit(0)));
