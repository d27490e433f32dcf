<?php
// Au démarrage, l'application installe le schéma de sa base. Sans base joignable, elle plante.
$conn = mysqli_connect(getenv('DB_HOST'), getenv('DB_USER'), getenv('DB_PASSWORD'), getenv('DB_NAME'));
if (!$conn) {
    fwrite(STDERR, "Installation impossible : " . mysqli_connect_error() . PHP_EOL);
    exit(1);
}
echo "Schéma de la boutique installé sur " . getenv('DB_HOST') . PHP_EOL;
