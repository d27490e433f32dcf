<!DOCTYPE html>
<html><body>
<h1>Ma boutique</h1>
<?php
// Connexion à la base décrite par l'environnement du conteneur
$host = getenv('DB_HOST');
$user = getenv('DB_USER') ?: 'root';
$pass = getenv('DB_PASSWORD');
$db   = getenv('DB_NAME');
$conn = mysqli_connect($host, $user, $pass, $db);
if (!$conn) {
    http_response_code(500);
    die("<p>Erreur de connexion à MySQL : " . mysqli_connect_error() . "</p>");
}
echo "<p>Connexion à MySQL réussie : base $db sur $host</p>";
?>
</body></html>
