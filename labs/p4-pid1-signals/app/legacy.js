// Une vieille application : elle ne gère aucun signal.
const http = require('http');
http.createServer((req, res) => res.end('Application historique\n')).listen(3000);
console.log('Application historique démarrée sur le port 3000');
