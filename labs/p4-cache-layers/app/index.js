const express = require('express');

const app = express();
const port = process.env.PORT || 3000;

app.get('/', (req, res) => res.send('Bonjour depuis mon-app !'));

app.listen(port, () => console.log(`mon-app écoute sur le port ${port}`));
